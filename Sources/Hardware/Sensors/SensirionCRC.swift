// The CRC-8 Sensirion appends to every 16-bit word (SHT3x datasheet section 4.12): polynomial 0x31
// (x^8 + x^5 + x^4 + 1), initial value 0xFF, no reflection, no final XOR. CRC(0xBEEF) = 0x92.

public enum SensirionCRC {
    public static func checksum(_ bytes: [UInt8]) -> UInt8 {
        var crc: UInt8 = 0xFF
        for byte in bytes {
            crc ^= byte
            for _ in 0..<8 {
                crc = crc & 0x80 != 0 ? (crc << 1) ^ 0x31 : crc << 1
            }
        }
        return crc
    }
}
