// Checkpoints: one header slot written (alternating A and B) and one fdatasync that also flushes the
// records appended since the last one. The slot of the last completed checkpoint is never the one being
// written, so a torn slot write falls back to it.
import CSystem

extension RingStore {
    func checkpoint(clean: Bool) throws(StoreError) {
        generation += 1
        var slot = CheckpointSlot(fileBytes: totalBytes, fileID: fileID)
        slot.cleanClose = clean
        slot.generation = generation
        slot.head = head
        slot.headFloor = headFloor
        slot.tail = tail
        slot.durableTail = syncedTail
        slot.nextSequence = nextSequence
        slot.droppedRecords = droppedRecords
        slot.droppedBytes = droppedBytes
        slot.acknowledged = table.acknowledgedSequences
        let bytes = slot.encode()
        try medium.write(bytes, from: 0, count: bytes.count, to: RingLayout.slotOffsets[nextSlot])
        try medium.flush()
        if medium.isPersistent { syncCount += 1 }
        // Only now is this checkpoint durable: the next one goes to the other slot.
        nextSlot ^= 1
        durableHead = head
        syncedTail = tail
        dirty = false
        appendsSinceSync = 0
        firstUnsyncedAt = nil
    }

    /// A random id for a new ring, so records of an earlier ring in the same file never pass as current.
    static func randomFileID(fallback: UInt64) -> UInt32 {
        var value: UInt32 = 0
        let got = withUnsafeMutableBytes(of: &value) { raw in getrandom(raw.baseAddress, 4, 0) }
        if got == 4 && value != 0 { return value }
        return UInt32(truncatingIfNeeded: fallback ^ (fallback >> 32)) | 1
    }
}
