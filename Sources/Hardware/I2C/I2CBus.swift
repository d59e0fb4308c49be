// The I2C contract every sensor driver is written against (after embedded-hal's `I2c` trait): one
// transaction primitive a backend implements, and the transfers and SMBus register helpers built on it.
// Drivers are generic over `Bus: I2CBus`, so the same driver runs on /dev/i2c-N and on the simulated board.
//
// The protocol is class-bound because several drivers share one bus (one fd, one adapter) and because
// Embedded Swift only allows existentials (`any I2CBus`) of class-bound protocols.

/// One step of an I2C transaction. Consecutive operations are joined by a repeated START, never a STOP.
public enum I2COperation: Equatable, Sendable, CustomStringConvertible {
    /// address+W, then the bytes, each ACKed by the chip.
    case write([UInt8])
    /// address+R, then `count` bytes clocked in, each ACKed by the master except the last (NACK).
    case read(count: Int)

    public var description: String {
        switch self {
        case .write(let bytes): return "write \(bytes.count) bytes"
        case .read(let count): return "read \(count) bytes"
        }
    }
}

/// One I2C bus (an adapter such as `/dev/i2c-1`). 7-bit addresses, 0x03...0x77.
///
/// A backend implements exactly one thing, `transaction`; everything a driver uses (`write`, `read`,
/// `writeRead`, the SMBus register helpers) is built on it in the extension below. The SMBus helpers are
/// also requirements so the Linux backend can route them to i2c_smbus_* (adapters that only speak SMBus).
public protocol I2CBus: AnyObject {
    /// The bus name used in error messages and logs (`i2c-1`).
    var name: String { get }

    /// START, then each operation (repeated START between them), then STOP. Returns the bytes of all
    /// `.read` operations, concatenated in order. A NAK of the address or of a written byte ends the
    /// transaction with `I2CError.Kind.noAcknowledge`.
    func transaction(_ address: UInt8, _ operations: [I2COperation]) throws(I2CError) -> [UInt8]

    func readByteData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt8
    func writeByteData(_ address: UInt8, register: UInt8, _ value: UInt8) throws(I2CError)
    /// SMBus word: low byte first on the wire. Chips with big-endian registers (ADS1115, MCP9808,
    /// TMP102) use `readRegisterBigEndian16` instead.
    func readWordData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt16
    func writeWordData(_ address: UInt8, register: UInt8, _ value: UInt16) throws(I2CError)
    /// I2C block read starting at `register` (SMBus "I2C block data", 1...32 bytes).
    func readBlockData(_ address: UInt8, register: UInt8, count: Int) throws(I2CError) -> [UInt8]
    func writeBlockData(_ address: UInt8, register: UInt8, _ bytes: [UInt8]) throws(I2CError)
}

extension I2CBus {
    /// START, address+W, bytes, STOP.
    public func write(_ address: UInt8, _ bytes: [UInt8]) throws(I2CError) {
        _ = try transaction(address, [.write(bytes)])
    }

    /// START, address+R, `count` bytes, STOP.
    public func read(_ address: UInt8, count: Int) throws(I2CError) -> [UInt8] {
        let raw = try transaction(address, [.read(count: count)])
        return try I2CError.expect(raw, count: count, bus: name, address: address, operation: "read")
    }

    /// START, address+W, bytes, repeated START, address+R, `readCount` bytes, STOP: the usual
    /// "set the register pointer, read N bytes" of a register-mapped chip.
    public func writeRead(_ address: UInt8, _ bytes: [UInt8], readCount: Int) throws(I2CError) -> [UInt8] {
        let raw = try transaction(address, [.write(bytes), .read(count: readCount)])
        return try I2CError.expect(raw, count: readCount, bus: name, address: address, operation: "write-read")
    }
}

extension I2CBus {
    public func readByteData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt8 {
        let bytes = try writeRead(address, [register], readCount: 1)
        return try I2CError.expect(bytes, count: 1, bus: name, address: address, operation: "read byte data")[0]
    }

    public func writeByteData(_ address: UInt8, register: UInt8, _ value: UInt8) throws(I2CError) {
        try write(address, [register, value])
    }

    public func readWordData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt16 {
        let raw = try writeRead(address, [register], readCount: 2)
        let bytes = try I2CError.expect(raw, count: 2, bus: name, address: address, operation: "read word data")
        return UInt16(bytes[0]) | UInt16(bytes[1]) << 8
    }

    public func writeWordData(_ address: UInt8, register: UInt8, _ value: UInt16) throws(I2CError) {
        try write(address, [register, UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])
    }

    public func readBlockData(_ address: UInt8, register: UInt8, count: Int) throws(I2CError) -> [UInt8] {
        guard count > 0, count <= 32 else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "read block data (count \(count), 1...32)")
        }
        let raw = try writeRead(address, [register], readCount: count)
        return try I2CError.expect(raw, count: count, bus: name, address: address, operation: "read block data")
    }

    public func writeBlockData(_ address: UInt8, register: UInt8, _ bytes: [UInt8]) throws(I2CError) {
        guard bytes.count <= 32 else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "write block data (\(bytes.count) bytes, at most 32)")
        }
        try write(address, [register] + bytes)
    }

    /// A 16-bit register sent most significant byte first (ADS1115, MCP9808, TMP102).
    public func readRegisterBigEndian16(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt16 {
        let raw = try writeRead(address, [register], readCount: 2)
        let bytes = try I2CError.expect(raw, count: 2, bus: name, address: address, operation: "read register 0x\(hexByte(register))")
        return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
    }

    public func writeRegisterBigEndian16(_ address: UInt8, register: UInt8, _ value: UInt16) throws(I2CError) {
        try write(address, [register, UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }
}

/// Two lowercase hex digits, for register and address names in messages.
public func hexByte(_ value: UInt8) -> String {
    let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
    return String(digits[Int(value >> 4)]) + String(digits[Int(value & 0x0F)])
}
