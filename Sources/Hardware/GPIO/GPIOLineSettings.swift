// How a GPIO line is requested: direction, polarity, and the electrical options of each direction. The
// vocabulary is libgpiod's (bias, edge detection, drive); the Linux backend maps it 1:1 to request flags and
// the simulated chip models the same electrical meaning, so a configuration behaves alike on both.

/// Internal resistor of an input.
public enum GPIOBias: Equatable, Sendable, CustomStringConvertible {
    /// Leave whatever the chip or firmware configured (libgpiod: no bias flag).
    case asIs
    /// No pull resistor: an unconnected input floats.
    case disabled
    /// Pulled to the supply: an unconnected input reads physical 1.
    case pullUp
    /// Pulled to ground: an unconnected input reads physical 0.
    case pullDown

    public var description: String {
        switch self {
        case .asIs: return "as-is"
        case .disabled: return "disabled"
        case .pullUp: return "pull-up"
        case .pullDown: return "pull-down"
        }
    }
}

/// Which level changes of an input are reported as events. Edges are logical: with active-low, a physical
/// high-to-low transition is a rising edge (the kernel swaps them the same way).
public enum GPIOEdge: Equatable, Sendable, CustomStringConvertible {
    case none
    case rising
    case falling
    case both

    public var description: String {
        switch self {
        case .none: return "none"
        case .rising: return "rising"
        case .falling: return "falling"
        case .both: return "both"
        }
    }
}

/// How an output drives the wire.
public enum GPIODrive: Equatable, Sendable, CustomStringConvertible {
    /// Drives both levels.
    case pushPull
    /// Drives low, releases for high (needs a pull-up somewhere; wired-AND buses, relay boards with their
    /// own supply).
    case openDrain
    /// Drives high, releases for low.
    case openSource

    public var description: String {
        switch self {
        case .pushPull: return "push-pull"
        case .openDrain: return "open-drain"
        case .openSource: return "open-source"
        }
    }
}

public enum GPIODirection: Equatable, Sendable, CustomStringConvertible {
    case input
    case output

    public var description: String {
        switch self {
        case .input: return "input"
        case .output: return "output"
        }
    }
}

/// Everything a line request asks for. Build it with `.input(...)` or `.output(...)`: the fields of the
/// other direction keep neutral values and are ignored by the backends.
public struct GPIOLineSettings: Equatable, Sendable, CustomStringConvertible {
    /// The consumer name the kernel shows for lines pinpost holds (`gpioinfo`).
    public static let defaultConsumer = "pinpost"

    public var direction: GPIODirection
    /// Logical 1 is physical low. Every level in this API (values, initial level, edges) is logical.
    public var activeLow: Bool
    /// Inputs only.
    public var bias: GPIOBias
    /// Inputs only; anything but `.none` gives the request an event fd.
    public var edge: GPIOEdge
    /// Outputs only: the logical level driven from the moment the request succeeds.
    public var initialLevel: Bool
    /// Outputs only.
    public var drive: GPIODrive

    public static func input(bias: GPIOBias = .asIs, edge: GPIOEdge = .none, activeLow: Bool = false) -> GPIOLineSettings {
        GPIOLineSettings(direction: .input, activeLow: activeLow, bias: bias, edge: edge,
                         initialLevel: false, drive: .pushPull)
    }

    public static func output(initialLevel: Bool = false, activeLow: Bool = false,
                              drive: GPIODrive = .pushPull) -> GPIOLineSettings {
        GPIOLineSettings(direction: .output, activeLow: activeLow, bias: .asIs, edge: .none,
                         initialLevel: initialLevel, drive: drive)
    }

    /// Whether the request watches edges (and so has an event fd).
    public var detectsEdges: Bool {
        direction == .input && edge != .none
    }

    public var description: String {
        let polarity = activeLow ? ", active-low" : ""
        switch direction {
        case .input:
            return "input (bias \(bias.description), edge \(edge.description)\(polarity))"
        case .output:
            return "output (initial \(initialLevel ? 1 : 0), \(drive.description)\(polarity))"
        }
    }
}
