// A child device name that the platform will accept. Any gateway message naming a device creates that
// device on the server, and a name the server refuses (empty, blank, longer than its 255-character column)
// fails there, far from the config line that caused it. Making the name a validated type means every
// uplink that carries one is well-formed by construction, and the check runs once, when the config loads.

public struct DeviceName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The longest name, in UTF-16 code units (ThingsBoard's `name` column holds 255 Java characters).
    public static let maximumLength = 255

    public let value: String

    /// Accepts a name that is not empty, not only spaces, at most 255 UTF-16 units long, and has no
    /// control characters (U+0000...U+001F, U+007F: they cannot be typed in the platform's UI, break log
    /// lines, and NUL cannot be stored by PostgreSQL at all).
    public init(_ value: String) throws(ProtocolError) {
        if let problem = DeviceName.problem(with: value) {
            throw ProtocolError(.invalidValue(problem))
        }
        self.value = value
    }

    public var description: String { value }

    public static func < (lhs: DeviceName, rhs: DeviceName) -> Bool { lhs.value < rhs.value }

    /// Why `value` is not a usable device name, or nil when it is.
    static func problem(with value: String) -> String? {
        if value.isEmpty { return "device name is empty" }
        var onlySpaces = true
        for byte in value.utf8 {
            if byte < 0x20 || byte == 0x7F {
                return "device name \(FieldPath.quoted(value)) contains a control character"
            }
            if byte != 0x20 { onlySpaces = false }
        }
        if onlySpaces { return "device name is blank" }
        let length = value.utf16.count
        if length > maximumLength {
            return "device name is \(length) characters long, more than \(maximumLength)"
        }
        return nil
    }
}
