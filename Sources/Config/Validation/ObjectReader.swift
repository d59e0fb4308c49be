// Reads the fields of one JSON object of a config or board file, reporting every wrong type, missing field
// and out-of-range value into an IssueList instead of stopping at the first, and remembering which keys
// it was asked for, so that `finish` can name every unknown (usually misspelt) key.
import JSON

struct ObjectReader {
    let object: JSONObject
    /// Path of this object in the file: "" for the root, `connection.tls`, `devices[2].gpio[0]`.
    let path: String
    private var known: [String] = []

    init(_ object: JSONObject, path: String) {
        self.object = object
        self.path = path
    }

    /// A reader for `value` if it is an object; otherwise an error at `path` and nil.
    static func make(_ value: JSONValue, path: String, issues: inout IssueList) -> ObjectReader? {
        guard let object = value.objectValue else {
            issues.error(path, "expected an object, got \(value.kindName)")
            return nil
        }
        return ObjectReader(object, path: path)
    }

    /// The path of member `key`.
    func field(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// Whether `key` is present with a non-null value.
    func has(_ key: String) -> Bool {
        guard let value = object[key] else { return false }
        return !value.isNull
    }

    /// The raw value of `key`; null counts as absent (`"caFile": null` means "use the default").
    mutating func value(_ key: String) -> JSONValue? {
        if !known.contains(key) { known.append(key) }
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    /// Declares keys as known without reading them (read elsewhere, or only checked for presence).
    mutating func accept(_ keys: [String]) {
        for key in keys where !known.contains(key) { known.append(key) }
    }

    mutating func string(_ key: String, required: Bool = false, issues: inout IssueList) -> String? {
        guard let value = value(key) else {
            if required { issues.error(field(key), "missing (required)") }
            return nil
        }
        guard let text = value.stringValue else {
            issues.error(field(key), "expected a string, got \(value.kindName)")
            return nil
        }
        if text.isEmpty {
            issues.error(field(key), "must not be empty")
            return nil
        }
        return text
    }

    mutating func bool(_ key: String, default defaultValue: Bool, issues: inout IssueList) -> Bool {
        guard let value = value(key) else { return defaultValue }
        guard let flag = value.boolValue else {
            issues.error(field(key), "expected true or false, got \(value.kindName)")
            return defaultValue
        }
        return flag
    }

    /// An integer in `range`; nil (with an error) when it is not one, `defaultValue` when absent.
    mutating func integer(_ key: String, in range: ClosedRange<Int>, default defaultValue: Int?,
                          unit: String = "", issues: inout IssueList) -> Int? {
        guard let value = value(key) else {
            if defaultValue == nil { issues.error(field(key), "missing (required)") }
            return defaultValue
        }
        return Self.integer(value, in: range, at: field(key), unit: unit, issues: &issues)
    }

    /// `value` as an integer in `range`, or nil with an error at `field`.
    static func integer(_ value: JSONValue, in range: ClosedRange<Int>, at field: String, unit: String = "",
                        issues: inout IssueList) -> Int? {
        guard let number = value.intValue else {
            if value.doubleValue != nil {
                issues.error(field, "expected an integer, got \(value.encodedString())")
            } else {
                issues.error(field, "expected an integer, got \(value.kindName)")
            }
            return nil
        }
        guard number >= Int64(range.lowerBound), number <= Int64(range.upperBound) else {
            issues.error(field, "must be from \(range.lowerBound) to \(range.upperBound)\(unit), got \(number)")
            return nil
        }
        return Int(number)
    }

    /// One of the strings in `choices`, mapped to its value; `defaultValue` when absent.
    mutating func choice<Value>(_ key: String, _ choices: [(String, Value)], default defaultValue: Value?,
                                issues: inout IssueList) -> Value? {
        guard let value = value(key) else {
            if defaultValue == nil {
                issues.error(field(key), "missing (required; one of \(Self.names(choices)))")
            }
            return defaultValue
        }
        return Self.choice(value, choices, at: field(key), issues: &issues)
    }

    static func choice<Value>(_ value: JSONValue, _ choices: [(String, Value)], at field: String,
                              issues: inout IssueList) -> Value? {
        guard let text = value.stringValue else {
            issues.error(field, "expected a string (one of \(names(choices))), got \(value.kindName)")
            return nil
        }
        for (name, result) in choices where name == text { return result }
        var candidates: [String] = []
        for (name, _) in choices { candidates.append(name) }
        issues.error(field, "unknown value \"\(text)\" (one of \(names(choices)))"
                     + Suggestion.hint(for: text, among: candidates))
        return nil
    }

    private static func names<Value>(_ choices: [(String, Value)]) -> String {
        var words: [String] = []
        for (name, _) in choices { words.append(name) }
        return Suggestion.list(words)
    }

    /// The member `key` as an object reader; absent gives nil without an error.
    mutating func object(_ key: String, issues: inout IssueList) -> ObjectReader? {
        guard let value = value(key) else { return nil }
        return Self.make(value, path: field(key), issues: &issues)
    }

    /// The member `key` as an array; absent gives nil without an error.
    mutating func array(_ key: String, issues: inout IssueList) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard let array = value.arrayValue else {
            issues.error(field(key), "expected an array, got \(value.kindName)")
            return nil
        }
        return array
    }

    /// Reports every key that no read asked for, with the closest known key as a hint.
    func finish(issues: inout IssueList) {
        for key in object.keys where !known.contains(key) {
            issues.error(field(key), "unknown key" + Suggestion.hint(for: key, among: known))
        }
    }
}
