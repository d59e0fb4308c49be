// How an I2C transaction is carried out on an adapter that speaks SMBus only (no I2C_FUNC_I2C: i2c-stub,
// several PC and SoC SMBus controllers), where i2c-dev refuses I2C_RDWR with EOPNOTSUPP. Register reads and
// writes have SMBus equivalents that put the same bytes on the wire; anything else cannot be sent, and says
// so. Pure (shape in, operation out) so each mapping is tested without an adapter; LinuxI2CBus runs it.
import CI2C
import CSystem

/// One SMBus transfer, as libi2c's i2c_smbus_* functions name them.
enum SMBusOperation: Equatable, CustomStringConvertible {
    /// `write[]`: the address alone (a probe).
    case quickWrite
    /// `write[c]`: one byte, no register ("send byte").
    case sendByte(UInt8)
    /// `read 1` with no register ("receive byte").
    case receiveByte
    /// `write[r, v]`.
    case writeByteData(register: UInt8, value: UInt8)
    /// `write[r, a, b]`: an SMBus word goes low byte first, so `value` is `a | b << 8`.
    case writeWordData(register: UInt8, value: UInt16)
    /// `write[r, bytes...]`, 1...32 bytes after the register.
    case writeBlockData(register: UInt8, bytes: [UInt8])
    /// `write[r], read 1`.
    case readByteData(register: UInt8)
    /// `write[r], read 2`: the word's low byte is the first on the wire.
    case readWordData(register: UInt8)
    /// `write[r], read n`, 1...32 bytes.
    case readBlockData(register: UInt8, count: Int)

    /// The I2C_FUNC_* bit the adapter must report for this transfer.
    var functionality: UInt {
        switch self {
        case .quickWrite: return UInt(I2C_FUNC_SMBUS_QUICK)
        case .sendByte: return UInt(I2C_FUNC_SMBUS_WRITE_BYTE)
        case .receiveByte: return UInt(I2C_FUNC_SMBUS_READ_BYTE)
        case .writeByteData: return UInt(I2C_FUNC_SMBUS_WRITE_BYTE_DATA)
        case .writeWordData: return UInt(I2C_FUNC_SMBUS_WRITE_WORD_DATA)
        case .writeBlockData: return UInt(I2C_FUNC_SMBUS_WRITE_I2C_BLOCK)
        case .readByteData: return UInt(I2C_FUNC_SMBUS_READ_BYTE_DATA)
        case .readWordData: return UInt(I2C_FUNC_SMBUS_READ_WORD_DATA)
        case .readBlockData: return UInt(I2C_FUNC_SMBUS_READ_I2C_BLOCK)
        }
    }

    /// What the transfer is called in errors and in the kernel's documentation (Documentation/i2c/smbus-protocol).
    var description: String {
        switch self {
        case .quickWrite: return "SMBus quick write"
        case .sendByte: return "SMBus send byte"
        case .receiveByte: return "SMBus receive byte"
        case .writeByteData(let register, _): return "SMBus write byte data register 0x\(hexByte(register))"
        case .writeWordData(let register, _): return "SMBus write word data register 0x\(hexByte(register))"
        case .writeBlockData(let register, let bytes):
            return "SMBus write I2C block data register 0x\(hexByte(register)) (\(bytes.count) bytes)"
        case .readByteData(let register): return "SMBus read byte data register 0x\(hexByte(register))"
        case .readWordData(let register): return "SMBus read word data register 0x\(hexByte(register))"
        case .readBlockData(let register, let count):
            return "SMBus read I2C block data register 0x\(hexByte(register)) (\(count) bytes)"
        }
    }
}

enum SMBusMapping {
    /// The longest I2C block transfer SMBus allows (I2C_SMBUS_BLOCK_MAX).
    static let maxBlockBytes = 32

    /// The SMBus transfer that puts `operations` on the wire, checked against the adapter's `functionality`
    /// (its I2C_FUNCS mask). Throws `.invalidArgument` with errno EOPNOTSUPP naming the bus, the address,
    /// the transaction and why it cannot be sent.
    static func operation(for operations: [I2COperation], functionality: UInt, bus: String,
                          address: UInt8) throws(I2CError) -> SMBusOperation {
        guard let candidate = smbusEquivalent(operations) else {
            throw unsupported(operations, bus: bus, address: address,
                              "no SMBus equivalent, and the adapter supports SMBus only (no I2C_FUNC_I2C)")
        }
        // A register access with the same bytes on the wire, when the adapter lacks the natural one (some
        // controllers do byte and block transfers but not words).
        for option in [candidate] + alternatives(candidate) where functionality & option.functionality != 0 {
            return option
        }
        throw unsupported(operations, bus: bus, address: address,
                          "the adapter supports SMBus only and not \(candidate.description) (I2C_FUNCS 0x\(hex(functionality)))")
    }

    /// The bytes of the transaction's reads, in bus order, from what the SMBus call returned: `word` for
    /// a word read (low byte first on the wire), `bytes` for the other reads; empty for writes.
    static func receivedBytes(_ operation: SMBusOperation, word: UInt16 = 0, bytes: [UInt8] = []) -> [UInt8] {
        switch operation {
        case .readWordData: return [UInt8(truncatingIfNeeded: word), UInt8(truncatingIfNeeded: word >> 8)]
        case .receiveByte, .readByteData, .readBlockData: return bytes
        case .quickWrite, .sendByte, .writeByteData, .writeWordData, .writeBlockData: return []
        }
    }

    private static func smbusEquivalent(_ operations: [I2COperation]) -> SMBusOperation? {
        switch operations.count {
        case 1:
            switch operations[0] {
            case .write(let bytes):
                switch bytes.count {
                case 0: return .quickWrite
                case 1: return .sendByte(bytes[0])
                case 2: return .writeByteData(register: bytes[0], value: bytes[1])
                case 3: return .writeWordData(register: bytes[0], value: UInt16(bytes[1]) | UInt16(bytes[2]) << 8)
                case 4...(maxBlockBytes + 1): return .writeBlockData(register: bytes[0], bytes: Array(bytes.dropFirst()))
                default: return nil
                }
            case .read(let count):
                return count == 1 ? .receiveByte : nil
            }
        case 2:
            guard case .write(let pointer) = operations[0], pointer.count == 1,
                  case .read(let count) = operations[1] else { return nil }
            switch count {
            case 1: return .readByteData(register: pointer[0])
            case 2: return .readWordData(register: pointer[0])
            case 3...maxBlockBytes: return .readBlockData(register: pointer[0], count: count)
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Transfers with the same bytes on the wire, tried in order when the first choice is not supported.
    private static func alternatives(_ operation: SMBusOperation) -> [SMBusOperation] {
        switch operation {
        case .readByteData(let register): return [.readBlockData(register: register, count: 1)]
        case .readWordData(let register): return [.readBlockData(register: register, count: 2)]
        case .writeByteData(let register, let value): return [.writeBlockData(register: register, bytes: [value])]
        case .writeWordData(let register, let value):
            return [.writeBlockData(register: register, bytes: [UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8)])]
        case .quickWrite, .sendByte, .receiveByte, .writeBlockData, .readBlockData: return []
        }
    }

    private static func unsupported(_ operations: [I2COperation], bus: String, address: UInt8,
                                    _ reason: String) -> I2CError {
        I2CError(.invalidArgument, bus: bus, address: address,
                 operation: "\(LinuxI2CBus.summary(operations)): \(reason)", errno: EOPNOTSUPP)
    }

    private static func hex(_ value: UInt) -> String {
        var text = ""
        var rest = value
        repeat {
            text = hexByte(UInt8(truncatingIfNeeded: rest)) + text
            rest >>= 8
        } while rest != 0
        return text
    }
}
