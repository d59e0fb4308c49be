// One record's 16-byte header and its checksum.
//
//   0  u32  CRC-32C over: file id (u32), the record's logical position (u64), header bytes 4..<16 and,
//           for data records, the payload. Padding records cover only their header: their body is
//           whatever damaged bytes they hide.
//   4  u32  payload length in bytes
//   8  u64  sequence number in the low 56 bits, kind in the top 8 bits (kind 0 = padding)
//
// Sequence numbers grow strictly along the ring, so a record is accepted only if its sequence is above
// the one before it; padding carries the sequence of the record that follows it.

struct RecordHeader: Equatable {
    static let byteCount = 16
    static let sequenceMask: UInt64 = (1 << 56) - 1

    var length: UInt32
    var sequence: UInt64
    var kind: UInt8

    var isPadding: Bool { kind == 0 }
    /// Bytes the record occupies in the ring.
    var size: UInt64 { UInt64(RecordHeader.byteCount) + UInt64(length) }

    /// Writes bytes 4..<16 into `buffer` at `offset` (the CRC goes in separately).
    func encodeFields(into buffer: inout [UInt8], at offset: Int) {
        LittleEndian.store32(length, &buffer, offset + 4)
        LittleEndian.store64((sequence & RecordHeader.sequenceMask) | (UInt64(kind) << 56), &buffer, offset + 8)
    }

    /// The header fields and stored CRC at `offset` of `buffer` (which holds at least 16 bytes there).
    static func decode(_ buffer: [UInt8], at offset: Int) -> (header: RecordHeader, crc: UInt32) {
        let word = LittleEndian.load64(buffer, offset + 8)
        let header = RecordHeader(length: LittleEndian.load32(buffer, offset + 4),
                                  sequence: word & sequenceMask, kind: UInt8(truncatingIfNeeded: word >> 56))
        return (header, LittleEndian.load32(buffer, offset))
    }

    /// The CRC of a record whose 16-byte header starts at `offset` in `buffer`, followed (for data records)
    /// by `length` payload bytes.
    static func checksum(fileID: UInt32, position: UInt64, buffer: [UInt8], at offset: Int, payloadLength: Int) -> UInt32 {
        var crc = CRC32C()
        crc.update(littleEndian: fileID)
        crc.update(littleEndian: position)
        buffer.withUnsafeBytes { raw in
            crc.update(UnsafeRawBufferPointer(rebasing: raw[(offset + 4)..<(offset + byteCount + payloadLength)]))
        }
        return crc.value
    }
}
