// JSON for pinpost, written by hand: Embedded Swift has no Foundation (no JSONSerialization, no Codable),
// and the firmware must stay a small static binary, so the value type, the strict parser and the compact
// encoder live here with no dependencies.

/// A JSON value. Integers and doubles are kept apart so that an integer sent by the platform (an RPC id,
/// a pin key) stays an integer, and a reading written as a double stays a double on the wire.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// One member of a JSON object.
public struct JSONMember: Equatable, Sendable {
    public var key: String
    public var value: JSONValue
    public init(_ key: String, _ value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// A JSON object that keeps its members in insertion order, so that encoded payloads are byte-for-byte
/// predictable (the protocol tests compare bytes). Lookups are linear: pinpost's objects have a handful of
/// keys, and a dictionary would cost more code and memory than it saves.
public struct JSONObject: Equatable, Sendable {
    public private(set) var members: [JSONMember]

    public init() { members = [] }
    public init(_ members: [JSONMember]) {
        self.members = []
        for member in members { self[member.key] = member.value }
    }

    public var count: Int { members.count }
    public var isEmpty: Bool { members.isEmpty }
    public var keys: [String] { members.map { $0.key } }

    /// Reading returns the value of `key`; writing replaces it in place or appends it; writing nil removes it.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(JSONMember(key, newValue))
            }
        }
    }

    /// Appends without checking for an existing key; the parser uses it after its own duplicate check.
    mutating func appendUnchecked(_ key: String, _ value: JSONValue) {
        members.append(JSONMember(key, value))
    }
}

extension JSONValue {
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }
    public var arrayValue: [JSONValue]? {
        if case .array(let array) = self { return array }
        return nil
    }
    public var stringValue: String? {
        if case .string(let string) = self { return string }
        return nil
    }
    public var boolValue: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }
    /// The integer value; a double is accepted only when it is integral and in range (2.0 -> 2).
    public var intValue: Int64? {
        switch self {
        case .int(let value): return value
        case .double(let value):
            guard value.rounded() == value, value >= -9.0e18, value <= 9.0e18 else { return nil }
            return Int64(value)
        default: return nil
        }
    }
    /// The numeric value as a double, for integers and doubles alike.
    public var doubleValue: Double? {
        switch self {
        case .int(let value): return Double(value)
        case .double(let value): return value
        default: return nil
        }
    }
    public var isNull: Bool { self == .null }

    /// The member `key` of an object, or nil for a non-object or a missing key.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// A short name of the value's kind, for error messages ("expected object, got array").
    public var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral, ExpressibleByArrayLiteral,
    ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.init()
        for (key, value) in elements { self[key] = value }
    }
}
