// Why a GPIO operation failed, naming the chip, the line and the operation, so a log line or an RPC error
// reply tells the operator what to check (chip label in the board file, group membership, another program
// holding the pin).

public struct GPIOError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What the agent acts on; the backend's detail stays in `operation` and `errno`.
    public enum Kind: Equatable, Sendable, CustomStringConvertible {
        /// No such GPIO chip (wrong label or path in the board file, driver not loaded).
        case chipMissing
        /// No permission on the chip's device node (user not in the `gpio` group).
        case permissionDenied
        /// The line is already requested, by this process or another consumer.
        case lineBusy
        /// The chip or kernel cannot do what was asked (a bias or drive mode it lacks).
        case unsupported
        /// A line offset out of range, a write to an input, a request used after release.
        case invalidArgument
        /// Any other failure of the device.
        case io

        public var description: String {
            switch self {
            case .chipMissing: return "chip not found"
            case .permissionDenied: return "permission denied"
            case .lineBusy: return "line busy (already requested)"
            case .unsupported: return "not supported by the chip"
            case .invalidArgument: return "invalid argument"
            case .io: return "I/O error"
            }
        }
    }

    public var kind: Kind
    /// The chip as the board file names it (label, name or path).
    public var chip: String
    /// The line offset, nil for chip-level operations (open).
    public var line: Int?
    public var operation: String
    /// The errno behind the failure, 0 when none (simulated chip, validation errors).
    public var errno: Int32

    public init(_ kind: Kind, chip: String, line: Int? = nil, operation: String, errno: Int32 = 0) {
        self.kind = kind
        self.chip = chip
        self.line = line
        self.operation = operation
        self.errno = errno
    }

    public var description: String {
        var text = "gpio chip \(chip)"
        if let line { text += " line \(line)" }
        text += ": \(operation): \(kind.description)"
        if errno != 0 { text += " (errno \(errno))" }
        return text
    }
}
