// Opening a ring file: pick the newest valid checkpoint slot, then walk the records from its head.
//
// Rules (docs/ring-buffer.md):
// - A record is accepted if its sequence is above the previous one's and its CRC (bound to the file id and
//   its position) matches. The walk stops at a full lap.
// - A bad record before the checkpoint's durable tail was flushed, so it is damage: the bytes up to the next
//   good record become padding, reported with offset and length.
// - A bad record at or after the durable tail is the torn end of what was being written: the ring ends there.
// - Unless the file was closed cleanly, sequence numbers restart well above anything that may linger past
//   the new tail, so a leftover unflushed record can never be taken for a later one.
import CSystem

extension RingStore {
    func load() throws(StoreError) {
        guard let file else { return try initialiseFresh() }
        let existing = try file.size()
        if existing == 0 {
            try file.preallocate(from: 0, to: totalBytes)
            try initialiseFresh()
            file.flushDirectory()
            note(.created(path: path, bytes: Int64(totalBytes)))
            return
        }
        var slots: [CheckpointSlot.Decoded] = []
        var buffer = [UInt8](repeating: 0, count: CheckpointSlot.byteCount)
        for offset in RingLayout.slotOffsets {
            try medium.read(into: &buffer, at: 0, count: buffer.count, from: offset)
            slots.append(CheckpointSlot.decode(buffer))
        }
        for decoded in slots {
            if case let .unsupportedVersion(version) = decoded { throw .unsupportedVersion(path: path, version: version) }
        }
        var candidates: [(index: Int, slot: CheckpointSlot)] = []
        for (index, decoded) in slots.enumerated() {
            if case let .valid(slot) = decoded { candidates.append((index, slot)) }
        }
        // A file made for another size: its slots are valid but describe another ring.
        if let first = candidates.first, first.slot.fileBytes != totalBytes {
            guard options.onSizeMismatch == .recreate else {
                throw .sizeMismatch(path: path, fileBytes: Int64(first.slot.fileBytes), configuredBytes: Int64(totalBytes))
            }
            try file.preallocate(from: min(existing, totalBytes), to: totalBytes)
            try initialiseFresh()
            note(.recreated(path: path, oldBytes: Int64(first.slot.fileBytes), newBytes: Int64(totalBytes)))
            return
        }
        candidates = candidates.filter { $0.slot.isConsistent(capacity: capacity) }
        candidates.sort { $0.slot.generation > $1.slot.generation }
        guard let chosen = candidates.first else {
            var allBlankZero = true
            var allBlank = true
            for decoded in slots {
                if case let .blank(allZero) = decoded { allBlankZero = allBlankZero && allZero } else { allBlank = false; allBlankZero = false }
            }
            if allBlank && !allBlankZero { throw .notARingFile(path: path) }
            if existing < totalBytes { try file.preallocate(from: existing, to: totalBytes) }
            try initialiseFresh()
            note(allBlankZero ? .created(path: path, bytes: Int64(totalBytes)) : .headerLost(path: path))
            return
        }
        for index in RingLayout.slotOffsets.indices where index != chosen.index {
            if !candidates.contains(where: { $0.index == index }) {
                note(.headerSlotDamaged(path: path, slot: index, offset: Int64(RingLayout.slotOffsets[index])))
            }
        }
        if existing < totalBytes {
            try file.preallocate(from: existing, to: totalBytes)
            note(.fileExtended(path: path, fromBytes: Int64(existing), toBytes: Int64(totalBytes)))
        }
        nextSlot = chosen.index ^ 1
        try recover(from: chosen.slot)
    }

    /// A new, empty ring: new file id, both slots written (B first, then A as the newer one).
    func initialiseFresh() throws(StoreError) {
        fileID = RingStore.randomFileID(fallback: UInt64(bitPattern: csys_wall_ms() ^ csys_monotonic_ms() << 20))
        head = 0
        headFloor = 0
        tail = 0
        nextSequence = 1
        cursor = 0
        cursorFloor = 0
        liveRecords = 0
        droppedRecords = 0
        droppedBytes = 0
        generation = 0
        durableHead = 0
        syncedTail = 0
        nextSlot = 1
        try checkpoint(clean: false)
        try checkpoint(clean: false)
    }

    func recover(from slot: CheckpointSlot) throws(StoreError) {
        fileID = slot.fileID
        generation = slot.generation
        head = slot.head
        headFloor = slot.headFloor
        durableHead = slot.head
        droppedRecords = slot.droppedRecords
        droppedBytes = slot.droppedBytes
        let limit = slot.head + capacity
        var position = slot.head
        var floor = slot.headFloor
        var count = 0
        var acknowledgedFound = 0
        while position < limit {
            if let header = try readRecord(at: position, floor: floor, limit: limit) {
                if header.isPadding {
                    floor = header.sequence - 1
                } else {
                    count += 1
                    floor = header.sequence
                    // One place stays free so the oldest record can always be sent (a full table of early
                    // acks would stall the ring); early acks beyond that are forgotten and sent again.
                    if slot.acknowledged.contains(header.sequence) && table.entries.count < table.limit - 1 {
                        table.add(InFlightEntry(sequence: header.sequence, position: position, size: header.size, acknowledged: true))
                        acknowledgedFound += 1
                    }
                }
                position += header.size
                continue
            }
            if position < slot.durableTail {
                // Flushed before the checkpoint, so this is damage, not a torn write.
                corruptRegions += 1
                if let (next, header) = try findNextRecord(from: position + UInt64(RecordHeader.byteCount), limit: limit, floor: floor) {
                    try writePadding(from: position, to: next, sequence: header.sequence)
                    note(.corruptRegion(path: path, offset: Int64(physicalOffset(position)), length: Int64(next - position)))
                    floor = header.sequence - 1
                    position = next
                    continue
                }
                note(.corruptRegion(path: path, offset: Int64(physicalOffset(position)),
                                    length: Int64(max(slot.tail, slot.durableTail) - position)))
            } else if position < slot.tail || startsRecord(at: position, after: floor) {
                note(.tornTail(path: path, offset: Int64(physicalOffset(position))))
            }
            break
        }
        tail = position
        liveRecords = count
        nextSequence = max(slot.nextSequence, floor + 1)
        let clean = slot.cleanClose && position == slot.tail
        if !clean {
            // Records written after the checkpoint but lost in front of others may linger past the tail with
            // sequences up to one lap of minimum-size records ahead: start above them.
            nextSequence += capacity / UInt64(RecordHeader.byteCount) + 1
        }
        cursor = head
        cursorFloor = headFloor
        _ = try releaseAcknowledged()
        if count > 0 { note(.restored(path: path, records: liveRecords, acknowledged: table.acknowledgedCount)) }
        // Make the recovered state durable (records found past the old checkpoint may still be only in the
        // page cache after a process crash), then checkpoint it: this also clears the clean-close flag.
        try medium.flush()
        if medium.isPersistent { syncCount += 1 }
        syncedTail = tail
        try checkpoint(clean: false)
    }

    /// Whether the bytes at `position` begin the record that would come next (its header landed, the rest
    /// did not): worth a torn-tail note. Leftovers of an earlier lap do not.
    func startsRecord(at position: UInt64, after floor: UInt64) -> Bool {
        guard let header = try? peekHeader(at: position) else { return false }
        return header.sequence == floor + 1 && !header.isPadding
    }
}
