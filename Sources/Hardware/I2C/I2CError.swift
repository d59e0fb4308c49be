// Why an I2C transfer failed, naming the bus, the address and the operation, so a log line or an RPC
// error reply tells the operator what to check (wiring, address jumper, missing dtoverlay).

public struct I2CError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable, CustomStringConvertible {
        /// The bus device node does not exist (`/dev/i2c-1` missing: I2C not enabled, wrong bus).
        case busMissing
        /// No permission on the device node (user not in the `i2c` group).
        case permissionDenied
        /// The chip did not acknowledge its address or a byte (absent, unpowered, wrong address).
        case noAcknowledge
        /// The transfer timed out (SDA/SCL held low, clock stretching beyond the adapter's limit).
        case timeout
        /// Arbitration lost, bus error or another adapter-level failure.
        case busError
        /// The chip answered, but with fewer bytes or data that make no sense (bad CRC, wrong id).
        case badResponse
        /// The caller asked for something the bus cannot do (block over 32 bytes, address out of range).
        case invalidArgument

        public var description: String {
            switch self {
            case .busMissing: return "bus device not found"
            case .permissionDenied: return "permission denied"
            case .noAcknowledge: return "no acknowledge (chip absent or wrong address)"
            case .timeout: return "bus timeout"
            case .busError: return "bus error"
            case .badResponse: return "bad response"
            case .invalidArgument: return "invalid argument"
            }
        }
    }

    public var kind: Kind
    public var bus: String
    public var address: UInt8
    public var operation: String
    /// The errno behind the failure, 0 when none (simulated bus, validation errors).
    public var errno: Int32

    public init(_ kind: Kind, bus: String, address: UInt8, operation: String, errno: Int32 = 0) {
        self.kind = kind
        self.bus = bus
        self.address = address
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        // Address 0 is the general-call address, never a chip's: it marks a failure of the whole bus
        // (opening the device node), where naming an address would only mislead.
        let target = address == 0 ? bus : "\(bus) address 0x\(hexByte(address))"
        var text = "\(target): \(operation): \(kind.description)"
        if errno != 0 { text += " (errno \(errno))" }
        return text
    }

    /// Checks that a transfer returned exactly `count` bytes; drivers index the result afterwards.
    static func expect(_ bytes: [UInt8], count: Int, bus: String, address: UInt8, operation: String) throws(I2CError) -> [UInt8] {
        guard bytes.count == count else {
            throw I2CError(.badResponse, bus: bus, address: address,
                           operation: "\(operation): got \(bytes.count) of \(count) bytes")
        }
        return bytes
    }
}
