// The on-disk format of a ring file. Everything is little-endian.
//
//   offset 0      header slot A (checkpoint, `CheckpointSlot.byteCount` bytes)
//   offset 2048   header slot B (the two slots are in different 512-byte sectors: a torn write of one
//                 cannot damage the other)
//   offset 4096   data area: `capacity` bytes used as a ring of records; a record may wrap from the end
//                 of the area to its start
//
// Positions inside the ring are *logical* 64-bit byte counts that only grow; the physical offset is
// `4096 + position % capacity`. A record (see `RecordHeader`) is bound to its logical position and to the
// file's random id by its CRC, so bytes left over from an earlier lap or an earlier file can never pass as
// a record of the current lap.

enum RingLayout {
    static let version: UInt32 = 1
    static let magic: [UInt8] = Array("PINPRING".utf8)
    static let dataStart: UInt64 = 4096
    static let slotOffsets: [UInt64] = [0, 2048]
    /// The smallest file: the header plus room for a few records.
    static let minimumFileBytes: Int64 = 8192
    /// Logical positions and sequence numbers must stay far from overflow; 1 GiB matches the config limit.
    static let maximumFileBytes: Int64 = 1 << 30
    /// At most this many acknowledged-but-unreleased records are checkpointed, so the in-flight table is
    /// bounded by it too.
    static let maximumInFlight = 128
}

/// Little-endian reads and writes in byte arrays; callers check bounds first.
enum LittleEndian {
    static func load32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        var value: UInt32 = 0
        for index in 0..<4 { value |= UInt32(bytes[offset + index]) << UInt32(8 * index) }
        return value
    }

    static func load64(_ bytes: [UInt8], _ offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << UInt64(8 * index) }
        return value
    }

    static func store32(_ value: UInt32, _ bytes: inout [UInt8], _ offset: Int) {
        for index in 0..<4 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt32(8 * index)) }
    }

    static func store64(_ value: UInt64, _ bytes: inout [UInt8], _ offset: Int) {
        for index in 0..<8 { bytes[offset + index] = UInt8(truncatingIfNeeded: value >> UInt64(8 * index)) }
    }
}
