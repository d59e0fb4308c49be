// Why a sensor operation failed, always naming the driver, the bus and the address. A bus failure keeps
// the I2C error (and so its kind), so the agent can tell a sensor that is gone (NAK: mark the device
// offline, retry later) from a bus that is broken (every device on it fails) from a chip that answers but
// is the wrong one or sends corrupt data.

public struct SensorError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Problem: Equatable, Sendable, CustomStringConvertible {
        /// An I2C transfer failed.
        case bus(I2CError)
        /// An identification register holds an unexpected value (another chip at this address).
        case wrongChip(register: UInt8, expected: String, found: UInt16)
        /// A CRC over `bytes` did not match: `computed` over the bytes, `received` from the chip.
        case crcMismatch(bytes: [UInt8], computed: UInt8, received: UInt8)
        /// The conversion is not finished, or the measurement has more steps: read again after the delay.
        case notReady(retryInMs: Int)
        /// A measurement was started or read before `initialize()` succeeded.
        case notInitialized
        /// The chip answered with data that cannot be a measurement (named in the text).
        case badData(String)
        /// A driver option is unknown or has a value the chip does not support.
        case invalidOption(name: String, reason: String)
        /// No driver has this name.
        case unknownDriver(known: String)

        public var description: String {
            switch self {
            case .bus(let error):
                return "\(error.operation): \(error.kind.description)" + (error.errno != 0 ? " (errno \(error.errno))" : "")
            case .wrongChip(let register, let expected, let found):
                return "wrong chip: register 0x\(hexByte(register)) reads 0x\(hexWord(found)), expected \(expected)"
            case .crcMismatch(let bytes, let computed, let received):
                var text = "CRC mismatch over bytes"
                for byte in bytes { text += " 0x" + hexByte(byte) }
                return text + ": computed 0x\(hexByte(computed)), received 0x\(hexByte(received))"
            case .notReady(let retryInMs):
                return "measurement not ready, retry in \(retryInMs) ms"
            case .notInitialized:
                return "not initialized"
            case .badData(let text):
                return "bad data: \(text)"
            case .invalidOption(let name, let reason):
                return "option \"\(name)\": \(reason)"
            case .unknownDriver(let known):
                return "unknown driver (known: \(known))"
            }
        }
    }

    /// What the agent acts on.
    public enum Kind: Equatable, Sendable, CustomStringConvertible {
        /// The chip did not acknowledge: absent, unpowered, wrong address. Retry later.
        case sensorMissing
        /// The bus itself failed (missing device node, permission, timeout, arbitration, adapter error).
        case busFailure
        /// Another chip answers at this address.
        case wrongChip
        /// The chip answered with corrupt or short data (CRC mismatch, short read, impossible value).
        case badData
        /// Not a failure: read again after `retryInMs`.
        case notReady
        /// `initialize()` has not succeeded yet.
        case notInitialized
        /// The configuration is wrong (unknown driver or option, unsupported value).
        case configuration

        public var description: String {
            switch self {
            case .sensorMissing: return "sensor missing"
            case .busFailure: return "bus failure"
            case .wrongChip: return "wrong chip"
            case .badData: return "bad data"
            case .notReady: return "not ready"
            case .notInitialized: return "not initialized"
            case .configuration: return "configuration"
            }
        }
    }

    public var driver: String
    public var bus: String
    public var address: UInt8
    public var problem: Problem

    public init(driver: String, bus: String, address: UInt8, _ problem: Problem) {
        self.driver = driver
        self.bus = bus
        self.address = address
        self.problem = problem
    }

    public var kind: Kind {
        switch problem {
        case .bus(let error):
            switch error.kind {
            case .noAcknowledge: return .sensorMissing
            case .badResponse: return .badData
            case .invalidArgument: return .configuration
            case .busMissing, .permissionDenied, .timeout, .busError: return .busFailure
            }
        case .wrongChip: return .wrongChip
        case .crcMismatch, .badData: return .badData
        case .notReady: return .notReady
        case .notInitialized: return .notInitialized
        case .invalidOption, .unknownDriver: return .configuration
        }
    }

    /// The I2C error kind behind a bus problem, nil for chip-level problems.
    public var i2cErrorKind: I2CError.Kind? {
        if case .bus(let error) = problem { return error.kind }
        return nil
    }

    /// The delay before reading again, for `.notReady`; nil for every real failure.
    public var retryInMs: Int? {
        if case .notReady(let delay) = problem { return delay }
        return nil
    }

    public var description: String {
        "\(driver) on \(bus) at 0x\(hexByte(address)): \(problem.description)"
    }
}

/// Four lowercase hex digits.
func hexWord(_ value: UInt16) -> String {
    hexByte(UInt8(truncatingIfNeeded: value >> 8)) + hexByte(UInt8(truncatingIfNeeded: value))
}
