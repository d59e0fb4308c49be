// What the RPC method table needs from a child device's pins, and nothing more: the keys the config gave
// them, whether each is an input or an output, and read/write by key. The agent backs it with the GPIO
// line requests of the device (Linux or simulated); tests back it with a plain table. Only keys in the bank
// exist for an RPC: this is where the config's pin allowlist is enforced.

public enum PinDirection: Sendable, Equatable {
    case input
    case output
}

/// A pin operation that failed in the hardware; `message` already names the pin, line and cause.
public struct PinFault: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

public protocol PinBank: AnyObject {
    /// The configured pin keys of the device, ascending.
    var pinKeys: [Int] { get }
    /// nil when `key` is not a pin of this device.
    func direction(of key: Int) -> PinDirection?
    /// The logical level (active-low already applied).
    func level(of key: Int) throws(PinFault) -> Bool
    /// Drives an output to a logical level.
    func setLevel(of key: Int, to level: Bool) throws(PinFault)
}
