// Reject cases in the style of JSONTestSuite's n_ files: each invalid text with the exact reason and
// byte offset the parser must report.

import JSON
import XCTest

final class JSONRejectTests: XCTestCase {
    private struct Case {
        let name: String
        let input: [UInt8]
        let reason: JSONError.Reason
        let offset: Int
    }

    private static func n(_ name: String, _ text: String, _ reason: JSONError.Reason, at offset: Int) -> Case {
        Case(name: name, input: Array(text.utf8), reason: reason, offset: offset)
    }

    private static func n(_ name: String, bytes: [UInt8], _ reason: JSONError.Reason, at offset: Int) -> Case {
        Case(name: name, input: bytes, reason: reason, offset: offset)
    }

    /// A string literal made of raw bytes between quotes (for invalid UTF-8 and raw control characters).
    private static func quoted(_ inner: [UInt8]) -> [UInt8] { [0x22] + inner + [0x22] }

    private static func byte(_ character: Unicode.Scalar) -> JSONError.Reason {
        .unexpectedByte(UInt8(character.value))
    }

    private static let structureCases: [Case] = [
        n("empty input", "", .empty, at: 0),
        n("whitespace only", " \t\n", .empty, at: 3),
        n("trailing comma in array", "[1,]", byte("]"), at: 3),
        n("trailing comma after two", "[1,2,]", byte("]"), at: 5),
        n("trailing comma in object", #"{"a":1,}"#, byte("}"), at: 7),
        n("leading comma", "[,1]", byte(","), at: 1),
        n("double comma", "[1,,2]", byte(","), at: 3),
        n("missing comma", "[1 2]", byte("2"), at: 3),
        n("missing colon", #"{"a" 1}"#, byte("1"), at: 5),
        n("missing value", #"{"a":}"#, byte("}"), at: 5),
        n("double colon", #"{"a"::1}"#, byte(":"), at: 5),
        n("unquoted key", "{a:1}", byte("a"), at: 1),
        n("single-quoted key", "{'a':1}", byte("'"), at: 1),
        n("number key", "{1:1}", byte("1"), at: 1),
        n("missing comma between members", #"{"a":1 "b":2}"#, byte("\""), at: 7),
        n("comma instead of colon", #"{"a",1}"#, byte(","), at: 4),
        n("colon in array", #"["a":1]"#, byte(":"), at: 4),
        n("comma after key only", #"{"a"}"#, byte("}"), at: 4),
        n("lone close bracket", "]", byte("]"), at: 0),
        n("mismatched close", "[1}", byte("}"), at: 2),
        n("mismatched close of object", #"{"a":1]"#, byte("]"), at: 6),
        n("single-quoted string", "'a'", byte("'"), at: 0),
        n("comment before value", "/* c */ 1", byte("/"), at: 0),
        n("unclosed array", "[", .unexpectedEnd, at: 1),
        n("unclosed array after value", "[1", .unexpectedEnd, at: 2),
        n("unclosed array after comma", "[1,", .unexpectedEnd, at: 3),
        n("unclosed object", "{", .unexpectedEnd, at: 1),
        n("object ends after key", #"{"a""#, .unexpectedEnd, at: 4),
        n("object ends after colon", #"{"a":"#, .unexpectedEnd, at: 5),
        n("object ends after value", #"{"a":1"#, .unexpectedEnd, at: 6),
        n("unclosed string", #""abc"#, .unexpectedEnd, at: 4),
        n("extra close bracket", "[1]]", .trailingContent, at: 3),
        n("two values", "1 2", .trailingContent, at: 2),
        n("letters after object", "{}x", .trailingContent, at: 2),
        n("line comment after value", "[1] // c", .trailingContent, at: 4),
        n("extra close brace", #"{"a":1}}"#, .trailingContent, at: 7),
        n("hex number", "0x10", .trailingContent, at: 1),
        n("two fractions", "2.5.1", .trailingContent, at: 3),
        n("fractional exponent", "1e1.5", .trailingContent, at: 3),
    ]

    private static let literalCases: [Case] = [
        n("truncated null", "nul", .unexpectedEnd, at: 3),
        n("misspelled null", "nulx", byte("x"), at: 3),
        n("capitalised true", "True", byte("T"), at: 0),
        n("mixed case true", "tRUE", byte("R"), at: 1),
        n("space inside true", "tru e", byte(" "), at: 3),
        n("truncated false in array", "[fals]", byte("]"), at: 5),
        n("NaN", "NaN", byte("N"), at: 0),
        n("Infinity", "Infinity", byte("I"), at: 0),
        n("nan in array", "[nan]", byte("a"), at: 2),
        n("undefined", "undefined", byte("u"), at: 0),
    ]

    private static let numberCases: [Case] = [
        n("negative Infinity", "-Infinity", .invalidNumber, at: 1),
        n("plus sign", "+1", byte("+"), at: 0),
        n("leading dot", ".5", byte("."), at: 0),
        n("negative leading dot", "-.5", .invalidNumber, at: 1),
        n("trailing dot", "1.", .invalidNumber, at: 2),
        n("dot before exponent", "1.e5", .invalidNumber, at: 2),
        n("leading zero", "01", .invalidNumber, at: 1),
        n("negative leading zero", "-01", .invalidNumber, at: 2),
        n("double zero", "00", .invalidNumber, at: 1),
        n("leading zero with fraction in array", "[01.5]", .invalidNumber, at: 2),
        n("lone minus", "-", .invalidNumber, at: 1),
        n("minus in array", "[-]", .invalidNumber, at: 2),
        n("minus then space", "- 1", .invalidNumber, at: 1),
        n("empty exponent", "1e", .invalidNumber, at: 2),
        n("exponent sign only", "1e+", .invalidNumber, at: 3),
        n("exponent sign then letter", "1E-x", .invalidNumber, at: 3),
        n("empty exponent in array", "[1.5e]", .invalidNumber, at: 5),
        n("overflow to infinity", "1e999", .invalidNumber, at: 0),
        n("negative overflow", "-1e999", .invalidNumber, at: 0),
        n("overflow inside array", "[0,1e400]", .invalidNumber, at: 3),
        n("full-width digit", "\u{FF11}", .unexpectedByte(0xEF), at: 0),
    ]

    private static let escapeCases: [Case] = [
        n("unknown escape x", #""\x""#, .invalidEscape, at: 1),
        n("escaped single quote", #""\'""#, .invalidEscape, at: 1),
        n("escape a", #""ab\a""#, .invalidEscape, at: 3),
        n("capital U escape", #""\U0041""#, .invalidEscape, at: 1),
        n("escaped newline byte", "\"\\\n\"", .invalidEscape, at: 1),
        n("short unicode escape", #""\u12""#, .invalidUnicodeEscape, at: 1),
        n("non-hex unicode escape", #""\u12G4""#, .invalidUnicodeEscape, at: 1),
        n("signed unicode escape", #""\u+123""#, .invalidUnicodeEscape, at: 1),
        n("lone high surrogate", #""\uD800""#, .loneSurrogate, at: 1),
        n("lone low surrogate", #""\uDC00""#, .loneSurrogate, at: 1),
        n("reversed pair", #""\uDE00\uD83D""#, .loneSurrogate, at: 1),
        n("high then BMP escape", #""\uD800\u0041""#, .loneSurrogate, at: 1),
        n("high then raw text", #""\uD800x""#, .loneSurrogate, at: 1),
        n("two highs", #""\uDBFF\uDBFF""#, .loneSurrogate, at: 1),
        n("high then short escape", #""\uD800\n""#, .loneSurrogate, at: 1),
        n("high then bad low escape", #""ab\uD83D\uZZZZ""#, .invalidUnicodeEscape, at: 9),
        n("input ends after backslash", #""\"#, .unexpectedEnd, at: 2),
        n("input ends inside unicode escape", #""\u00"#, .unexpectedEnd, at: 5),
        n("input ends after high surrogate", #""\uD800"#, .unexpectedEnd, at: 7),
        n("input ends after high surrogate and backslash", #""\uD800\"#, .unexpectedEnd, at: 8),
    ]

    private static let stringByteCases: [Case] = [
        n("raw tab", bytes: quoted([0x61, 0x09, 0x62]), .controlCharacterInString, at: 2),
        n("raw newline", bytes: quoted([0x0A]), .controlCharacterInString, at: 1),
        n("raw NUL", bytes: quoted([0x00]), .controlCharacterInString, at: 1),
        n("raw 0x1F", bytes: quoted([0x41, 0x1F]), .controlCharacterInString, at: 2),
        n("raw control in key", bytes: [0x7B] + quoted([0x01]) + Array(":1}".utf8), .controlCharacterInString, at: 2),
        n("lone continuation byte", bytes: quoted([0x80]), .invalidUTF8, at: 1),
        n("lead byte then quote", bytes: quoted([0xC3]), .invalidUTF8, at: 1),
        n("overlong C0 80", bytes: quoted([0xC0, 0x80]), .invalidUTF8, at: 1),
        n("overlong C1 BF", bytes: quoted([0xC1, 0xBF]), .invalidUTF8, at: 1),
        n("overlong three-byte NUL", bytes: quoted([0xE0, 0x80, 0x80]), .invalidUTF8, at: 1),
        n("overlong three-byte U+07FF", bytes: quoted([0xE0, 0x9F, 0xBF]), .invalidUTF8, at: 1),
        n("overlong four-byte", bytes: quoted([0xF0, 0x80, 0x80, 0x80]), .invalidUTF8, at: 1),
        n("overlong four-byte U+FFFF", bytes: quoted([0xF0, 0x8F, 0xBF, 0xBF]), .invalidUTF8, at: 1),
        n("encoded high surrogate", bytes: quoted([0xED, 0xA0, 0x80]), .invalidUTF8, at: 1),
        n("encoded low surrogate", bytes: quoted([0xED, 0xBF, 0xBF]), .invalidUTF8, at: 1),
        n("encoded surrogate pair (CESU-8)", bytes: quoted([0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80]), .invalidUTF8, at: 1),
        n("above U+10FFFF", bytes: quoted([0xF4, 0x90, 0x80, 0x80]), .invalidUTF8, at: 1),
        n("lead F5", bytes: quoted([0xF5, 0x80, 0x80, 0x80]), .invalidUTF8, at: 1),
        n("byte FF", bytes: quoted([0xFF]), .invalidUTF8, at: 1),
        n("byte FE after text", bytes: quoted([0x61, 0xC3, 0xA9, 0xFE]), .invalidUTF8, at: 4),
        n("truncated three-byte", bytes: quoted([0xE2, 0x82]), .invalidUTF8, at: 1),
        n("truncated four-byte", bytes: quoted([0xF0, 0x9F, 0x98]), .invalidUTF8, at: 1),
        n("bad third byte", bytes: quoted([0xE2, 0x82, 0x41]), .invalidUTF8, at: 1),
        n("truncated at end of input", bytes: [0x22, 0xE2, 0x82], .invalidUTF8, at: 1),
        n("UTF-8 outside a string", bytes: [0xC3, 0xA9], .unexpectedByte(0xC3), at: 0),
        n("byte order mark", bytes: [0xEF, 0xBB, 0xBF, 0x31], .unexpectedByte(0xEF), at: 0),
        n("form feed is not whitespace", bytes: [0x0C, 0x31], .unexpectedByte(0x0C), at: 0),
        n("vertical tab is not whitespace", bytes: [0x31, 0x0B], .trailingContent, at: 1),
        n("no-break space is not whitespace", bytes: [0x5B, 0xC2, 0xA0, 0x5D], .unexpectedByte(0xC2), at: 1),
        n("NUL after value", bytes: [0x31, 0x00], .trailingContent, at: 1),
    ]

    private static let duplicateCases: [Case] = [
        n("duplicate key", #"{"a":1,"a":2}"#, .duplicateKey("a"), at: 7),
        n("duplicate key with equal values", #"{"a":1,"b":2,"a":1}"#, .duplicateKey("a"), at: 13),
        n("duplicate in nested object", #"{"x":{"b":1,"b":1}}"#, .duplicateKey("b"), at: 12),
        n("duplicate spelled with an escape", #"{"a":1,"\u0061":2}"#, .duplicateKey("a"), at: 7),
        n("duplicate empty key", #"{"":1,"":2}"#, .duplicateKey(""), at: 6),
        // Canonically equivalent keys are one key to JSONObject's lookups, so they are a duplicate too.
        n("canonically equivalent keys", "{\"\u{E9}\":1,\"e\u{301}\":2}", .duplicateKey("\u{E9}"), at: 8),
    ]

    func testRejectCases() {
        let all = Self.structureCases + Self.literalCases + Self.numberCases + Self.escapeCases
            + Self.stringByteCases + Self.duplicateCases
        XCTAssertGreaterThanOrEqual(all.count, 60)
        for testCase in all {
            guard let error = parseError(testCase.input) else {
                XCTFail("\(testCase.name): accepted")
                continue
            }
            XCTAssertEqual(error.reason, testCase.reason, "\(testCase.name) (\(describe(testCase.input))): \(error)")
            XCTAssertEqual(error.offset, testCase.offset, "\(testCase.name) (\(describe(testCase.input))): \(error)")
        }
    }

    func testDuplicateKeyInLargeObjectIsFoundAtItsOffset() {
        // 40 keys pass the linear-scan threshold, so the duplicate is found through the key set.
        var text = "{"
        for index in 0..<40 { text += "\"k\(index)\":\(index)," }
        let offset = text.utf8.count
        text += "\"k3\":0}"
        let error = parseError(Array(text.utf8))
        XCTAssertEqual(error, JSONError(.duplicateKey("k3"), at: offset))
    }

    func testErrorDescriptionNamesOffsetAndReason() {
        XCTAssertEqual(JSONError(.unexpectedByte(0x7D), at: 7).description, "invalid JSON at byte 7: unexpected byte 0x7d")
        XCTAssertEqual(JSONError(.duplicateKey("a"), at: 3).description, "invalid JSON at byte 3: duplicate key \"a\"")
        XCTAssertEqual(JSONError(.tooDeep(limit: 32), at: 32).reasonText, "nesting deeper than 32")
    }
}
