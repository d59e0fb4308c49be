// The parser's limits and its one error type. Every rejection names a reason and the byte offset where
// the input went wrong, so that a bad config file or a malformed platform message can be pinpointed.

/// Limits that bound the parser's memory and stack use on untrusted input.
public struct JSONLimits: Sendable, Equatable {
    /// Largest accepted input, in bytes.
    public var maxInputBytes: Int
    /// Deepest nesting of arrays and objects.
    public var maxDepth: Int
    /// Longest string (key or value) after unescaping, in bytes.
    public var maxStringBytes: Int

    public init(maxInputBytes: Int = 1 << 20, maxDepth: Int = 32, maxStringBytes: Int = 64 * 1024) {
        self.maxInputBytes = maxInputBytes
        self.maxDepth = maxDepth
        self.maxStringBytes = maxStringBytes
    }
    public static let `default` = JSONLimits()
}

/// Why a text is not accepted, and where: `offset` is the byte offset of the problem in the input.
///
/// Offsets by reason: a malformed escape, `\u` escape or lone surrogate points at its backslash; invalid
/// UTF-8 at the first byte of the bad sequence; a duplicate key and an over-long string at the string's
/// opening quote; `inputTooLarge` at the limit (the first byte past it); `tooDeep` at the bracket that
/// opens one level too many; a number that overflows a double at its first byte; any other malformed number
/// at the byte where a digit was expected; `unexpectedEnd` at the input's length.
public struct JSONError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable, CustomStringConvertible {
        case empty
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case trailingContent
        case invalidNumber
        case invalidEscape
        case invalidUnicodeEscape
        case loneSurrogate
        case invalidUTF8
        case controlCharacterInString
        case duplicateKey(String)
        case inputTooLarge(limit: Int)
        case tooDeep(limit: Int)
        case stringTooLong(limit: Int)

        public var description: String {
            switch self {
            case .empty: return "empty input"
            case .unexpectedEnd: return "unexpected end of input"
            case .unexpectedByte(let byte): return "unexpected byte 0x\(JSONError.hex(byte))"
            case .trailingContent: return "content after the value"
            case .invalidNumber: return "invalid number"
            case .invalidEscape: return "invalid escape sequence"
            case .invalidUnicodeEscape: return "invalid \\u escape"
            case .loneSurrogate: return "lone UTF-16 surrogate in \\u escape"
            case .invalidUTF8: return "invalid UTF-8"
            case .controlCharacterInString: return "unescaped control character in string"
            case .duplicateKey(let key): return "duplicate key \"\(key)\""
            case .inputTooLarge(let limit): return "input larger than \(limit) bytes"
            case .tooDeep(let limit): return "nesting deeper than \(limit)"
            case .stringTooLong(let limit): return "string longer than \(limit) bytes"
            }
        }
    }
    public var reason: Reason
    public var offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String { "invalid JSON at byte \(offset): \(reasonText)" }

    public var reasonText: String { reason.description }

    static func hex(_ byte: UInt8) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
