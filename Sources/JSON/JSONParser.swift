// Strict RFC 8259 parser: exactly one value, nothing lenient (no trailing commas, comments, NaN, leading
// zeros, duplicate keys, invalid UTF-8). It reads untrusted text from the network and from config files, so
// it is iterative (nesting costs heap, bounded by `maxDepth`, never stack) and checks every limit before the
// work the limit protects.

public enum JSONParser {
    /// Parses exactly one JSON value (surrounding whitespace allowed) from `bytes`.
    ///
    /// Numbers: an integer literal (no fraction, no exponent) that fits `Int64` becomes `.int`, including
    /// `-0` (an integer literal, so `.int(0)`); every other number becomes `.double`, and one too large for a
    /// double (`1e999`) is rejected as `.invalidNumber` rather than read as infinity.
    public static func parse(_ bytes: [UInt8], limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        // First, before any work: an oversized input costs nothing to reject.
        guard bytes.count <= limits.maxInputBytes else {
            throw JSONError(.inputTooLarge(limit: limits.maxInputBytes), at: limits.maxInputBytes)
        }
        var reader = JSONReader(bytes: bytes, limits: limits)
        return try reader.readDocument()
    }

    public static func parse(_ text: String, limits: JSONLimits = .default) throws(JSONError) -> JSONValue {
        // utf8.count is O(1) for native strings: check before copying the text into an array.
        guard text.utf8.count <= limits.maxInputBytes else {
            throw JSONError(.inputTooLarge(limit: limits.maxInputBytes), at: limits.maxInputBytes)
        }
        return try parse(Array(text.utf8), limits: limits)
    }
}

/// The parser's state: the input and a read position. Scalars are read in JSONReader+Scalars.swift and
/// strings in JSONReader+Strings.swift; this file holds the document and container structure.
struct JSONReader {
    let bytes: [UInt8]
    let limits: JSONLimits
    var index = 0

    init(bytes: [UInt8], limits: JSONLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    mutating func readDocument() throws(JSONError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw JSONError(.empty, at: index) }
        let value = try readValue()
        skipWhitespace()
        guard index == bytes.count else { throw JSONError(.trailingContent, at: index) }
        return value
    }

    /// Reads one value, nested containers included, with an explicit stack of the containers still open.
    mutating func readValue() throws(JSONError) -> JSONValue {
        var open: [OpenContainer] = []
        while true {
            // A value starts here (at the top, after '[' or ',' in an array, after ':' in an object).
            skipWhitespace()
            guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
            var value: JSONValue
            switch bytes[index] {
            case ASCII.openBracket, ASCII.openBrace:
                let isObject = bytes[index] == ASCII.openBrace
                guard open.count < limits.maxDepth else {
                    throw JSONError(.tooDeep(limit: limits.maxDepth), at: index)
                }
                index += 1
                skipWhitespace()
                let closer = isObject ? ASCII.closeBrace : ASCII.closeBracket
                if index < bytes.count && bytes[index] == closer {
                    index += 1
                    value = isObject ? .object(JSONObject()) : .array([])
                } else {
                    open.append(OpenContainer(isObject: isObject))
                    if isObject { try readKey(into: &open[open.count - 1]) }
                    continue
                }
            default:
                value = try readScalar()
            }

            // A value is complete: hand it to the innermost open container, then read what follows it
            // there: a ',' (the next value is read by the outer loop) or the closing bracket (the container
            // itself is now a complete value for the one around it).
            while true {
                guard !open.isEmpty else { return value }
                let top = open.count - 1
                open[top].add(value)
                skipWhitespace()
                guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
                let byte = bytes[index]
                if byte == ASCII.comma {
                    index += 1
                    if open[top].isObject {
                        skipWhitespace()
                        try readKey(into: &open[top])
                    }
                    break
                }
                guard byte == (open[top].isObject ? ASCII.closeBrace : ASCII.closeBracket) else {
                    throw JSONError(.unexpectedByte(byte), at: index)
                }
                index += 1
                value = open.removeLast().finished()
            }
        }
    }

    /// Reads `"key" :` and records the key as the one the next value belongs to.
    private mutating func readKey(into container: inout OpenContainer) throws(JSONError) {
        guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.quote else { throw JSONError(.unexpectedByte(bytes[index]), at: index) }
        let keyOffset = index
        let key = try readString()
        guard container.claim(key) else { throw JSONError(.duplicateKey(key), at: keyOffset) }
        skipWhitespace()
        guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
        guard bytes[index] == ASCII.colon else { throw JSONError(.unexpectedByte(bytes[index]), at: index) }
        index += 1
    }

    /// Skips the four whitespace bytes RFC 8259 allows: space, tab, LF, CR.
    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case ASCII.space, ASCII.tab, ASCII.lineFeed, ASCII.carriageReturn: index += 1
            default: return
            }
        }
    }
}

/// An array or object whose closing bracket has not been read yet.
struct OpenContainer {
    /// Objects up to this size check for duplicate keys by a linear scan (pinpost's objects are small);
    /// beyond it a set of the keys keeps a hostile object with thousands of keys from costing O(n²).
    static let linearKeyScanLimit = 16

    let isObject: Bool
    var elements: [JSONValue] = []
    var object = JSONObject()
    /// The key read for the value that comes next (objects only).
    var pendingKey = ""
    var keySet: Set<String>? = nil

    init(isObject: Bool) { self.isObject = isObject }

    /// Makes `key` the pending key; false if the object already has it. Keys compare as Swift strings
    /// (canonical equivalence), the same comparison `JSONObject` lookups use, so no two members of a parsed
    /// object can be confused by a lookup.
    mutating func claim(_ key: String) -> Bool {
        if keySet == nil && object.count >= OpenContainer.linearKeyScanLimit {
            keySet = Set(object.keys)
        }
        if keySet != nil {
            guard keySet?.insert(key).inserted == true else { return false }
        } else {
            for member in object.members where member.key == key { return false }
        }
        pendingKey = key
        return true
    }

    mutating func add(_ value: JSONValue) {
        if isObject {
            object.appendUnchecked(pendingKey, value)
        } else {
            elements.append(value)
        }
    }

    func finished() -> JSONValue { isObject ? .object(object) : .array(elements) }
}

/// The ASCII bytes the grammar is made of.
enum ASCII {
    static let space = UInt8(ascii: " ")
    static let tab = UInt8(ascii: "\t")
    static let lineFeed = UInt8(ascii: "\n")
    static let carriageReturn = UInt8(ascii: "\r")
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let slash = UInt8(ascii: "/")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")
    static let zero = UInt8(ascii: "0")
    static let nine = UInt8(ascii: "9")
    static let lowerE = UInt8(ascii: "e")
    static let upperE = UInt8(ascii: "E")

    static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }
}
