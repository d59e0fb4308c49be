// One edge seen on an input line, with the kernel's timestamp of when it happened (not when it was read:
// the poll loop may be late, the timestamp is not).

public struct GPIOEdgeEvent: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable, CustomStringConvertible {
        /// Logical 0 → 1.
        case rising
        /// Logical 1 → 0.
        case falling

        public var description: String {
            switch self {
            case .rising: return "rising"
            case .falling: return "falling"
            }
        }
    }

    public var kind: Kind
    /// Line offset on its chip.
    public var line: Int
    /// Nanoseconds on the kernel's event clock: CLOCK_MONOTONIC on Linux 5.7 and later (and on the
    /// simulated chip), CLOCK_REALTIME before. Convert with `GPIOEventClock`.
    public var timestampNs: UInt64

    public init(kind: Kind, line: Int, timestampNs: UInt64) {
        self.kind = kind
        self.line = line
        self.timestampNs = timestampNs
    }

    /// The logical level right after the edge.
    public var level: Bool { kind == .rising }

    public var description: String {
        "\(kind.description) edge on line \(line) at \(timestampNs) ns"
    }
}
