// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), table-driven, one byte per step.
//
// Why hand-written: the firmware is a static Embedded Swift binary linked against a minimal libc subset;
// neither musl nor that subset provides a CRC-32C, and pulling in zlib (which only has CRC-32/IEEE) or a
// hardware-intrinsics library would add a dependency for ~20 lines. The table is computed once per process
// (1 KiB), so no generated constant array has to be reviewed by hand. Check value: "123456789" -> 0xE3069283.

/// A running CRC-32C. Start with `CRC32C()`, feed bytes with `update`, read `value`.
public struct CRC32C: Sendable {
    private var state: UInt32 = 0xFFFF_FFFF

    public init() {}

    /// The finished checksum of everything fed so far (feeding may continue afterwards).
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    public mutating func update(_ byte: UInt8) {
        state = CRC32CTable.shared.entries[Int((state ^ UInt32(byte)) & 0xFF)] ^ (state >> 8)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        let table = CRC32CTable.shared.entries
        var crc = state
        table.withUnsafeBufferPointer { entries in
            for byte in bytes {
                crc = entries[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8)
            }
        }
        state = crc
    }

    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Feeds `value` as 4 little-endian bytes.
    public mutating func update(littleEndian value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { update(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    /// Feeds `value` as 8 little-endian bytes.
    public mutating func update(littleEndian value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { update(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    /// The CRC-32C of `bytes` in one call.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }
}

/// The 256-entry lookup table, built once (a `let` global is initialised lazily and thread-safely).
final class CRC32CTable: Sendable {
    static let shared = CRC32CTable()
    let entries: [UInt32]

    private init() {
        var table = [UInt32](repeating: 0, count: 256)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
            }
            table[index] = crc
        }
        entries = table
    }
}
