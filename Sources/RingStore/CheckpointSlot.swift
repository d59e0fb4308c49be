// One header slot: a checkpoint of the ring's positions. Two slots are written alternately, each with its
// own generation and CRC, so a torn slot write leaves the previous checkpoint intact in the other slot.
//
//   0    8 bytes  magic "PINPRING"
//   8    u32      format version
//   12   u32      flags (bit 0: written by a clean close)
//   16   u64      file size in bytes (header + data area), to detect a file made for another size
//   24   u32      file id (random; binds records to this file)
//   28   u32      number of acknowledged sequence numbers that follow (<= 128)
//   32   u64      generation (the valid slot with the higher one wins)
//   40   u64      head: logical position of the oldest live record
//   48   u64      head floor: every record at or after head has a sequence above this
//   56   u64      tail at this checkpoint
//   64   u64      durable tail: the tail of the previous completed checkpoint (records before it were
//                 flushed, so damage there is corruption, not a torn write)
//   72   u64      next sequence number
//   80   u64      records dropped by overflow (cumulative over the file's life)
//   88   u64      bytes dropped by overflow
//   96   ...      reserved (zero) up to 128
//   128  u64 x N  acknowledged-but-unreleased sequence numbers (out-of-order PUBACKs)
//   1148 u32      CRC-32C of bytes 0..<1148

struct CheckpointSlot: Equatable {
    static let byteCount = 1152
    static let crcOffset = byteCount - 4

    var cleanClose = false
    var fileBytes: UInt64
    var fileID: UInt32
    var generation: UInt64 = 0
    var head: UInt64 = 0
    var headFloor: UInt64 = 0
    var tail: UInt64 = 0
    var durableTail: UInt64 = 0
    var nextSequence: UInt64 = 1
    var droppedRecords: UInt64 = 0
    var droppedBytes: UInt64 = 0
    var acknowledged: [UInt64] = []

    func encode() -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: CheckpointSlot.byteCount)
        for (index, byte) in RingLayout.magic.enumerated() { bytes[index] = byte }
        LittleEndian.store32(RingLayout.version, &bytes, 8)
        LittleEndian.store32(cleanClose ? 1 : 0, &bytes, 12)
        LittleEndian.store64(fileBytes, &bytes, 16)
        LittleEndian.store32(fileID, &bytes, 24)
        let count = min(acknowledged.count, RingLayout.maximumInFlight)
        LittleEndian.store32(UInt32(count), &bytes, 28)
        LittleEndian.store64(generation, &bytes, 32)
        LittleEndian.store64(head, &bytes, 40)
        LittleEndian.store64(headFloor, &bytes, 48)
        LittleEndian.store64(tail, &bytes, 56)
        LittleEndian.store64(durableTail, &bytes, 64)
        LittleEndian.store64(nextSequence, &bytes, 72)
        LittleEndian.store64(droppedRecords, &bytes, 80)
        LittleEndian.store64(droppedBytes, &bytes, 88)
        for index in 0..<count { LittleEndian.store64(acknowledged[index], &bytes, 128 + 8 * index) }
        var crc = CRC32C()
        bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<CheckpointSlot.crcOffset])) }
        LittleEndian.store32(crc.value, &bytes, CheckpointSlot.crcOffset)
        return bytes
    }

    enum Decoded {
        case valid(CheckpointSlot)
        /// No magic: never written (all zero) or not ours.
        case blank(allZero: Bool)
        /// Magic present but the CRC does not match: a torn or damaged slot.
        case damaged
        case unsupportedVersion(UInt32)
    }

    static func decode(_ bytes: [UInt8]) -> Decoded {
        guard bytes.count >= byteCount else { return .damaged }
        guard Array(bytes[0..<8]) == RingLayout.magic else {
            return .blank(allZero: !bytes[0..<byteCount].contains { $0 != 0 })
        }
        var crc = CRC32C()
        bytes.withUnsafeBytes { crc.update(UnsafeRawBufferPointer(rebasing: $0[0..<crcOffset])) }
        guard crc.value == LittleEndian.load32(bytes, crcOffset) else { return .damaged }
        let version = LittleEndian.load32(bytes, 8)
        guard version == RingLayout.version else { return .unsupportedVersion(version) }
        var slot = CheckpointSlot(fileBytes: LittleEndian.load64(bytes, 16), fileID: LittleEndian.load32(bytes, 24))
        slot.cleanClose = LittleEndian.load32(bytes, 12) & 1 != 0
        slot.generation = LittleEndian.load64(bytes, 32)
        slot.head = LittleEndian.load64(bytes, 40)
        slot.headFloor = LittleEndian.load64(bytes, 48)
        slot.tail = LittleEndian.load64(bytes, 56)
        slot.durableTail = LittleEndian.load64(bytes, 64)
        slot.nextSequence = LittleEndian.load64(bytes, 72)
        slot.droppedRecords = LittleEndian.load64(bytes, 80)
        slot.droppedBytes = LittleEndian.load64(bytes, 88)
        // Compared as UInt32 first: on 32-bit boards Int(UInt32) would trap on a damaged count.
        let count = Int(min(LittleEndian.load32(bytes, 28), UInt32(RingLayout.maximumInFlight)))
        slot.acknowledged = (0..<count).map { LittleEndian.load64(bytes, 128 + 8 * $0) }
        return .valid(slot)
    }

    /// Positions that contradict each other (a slot that passed its CRC but was written by a buggy build or
    /// hand-edited) are treated like a damaged slot rather than trusted into out-of-range reads.
    func isConsistent(capacity: UInt64) -> Bool {
        head <= tail && tail - head <= capacity && durableTail <= tail && headFloor < nextSequence
            && nextSequence <= RecordHeader.sequenceMask && tail <= UInt64(1) << 62
    }
}
