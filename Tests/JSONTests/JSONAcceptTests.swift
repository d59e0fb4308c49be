// Accept cases in the style of JSONTestSuite's y_ files: each valid text and the exact value it must give.

import JSON
import XCTest

final class JSONAcceptTests: XCTestCase {
    private struct Case {
        let name: String
        let input: [UInt8]
        let expected: JSONValue
    }

    private static func y(_ name: String, _ text: String, _ expected: JSONValue) -> Case {
        Case(name: name, input: Array(text.utf8), expected: expected)
    }

    private static func y(_ name: String, bytes: [UInt8], _ expected: JSONValue) -> Case {
        Case(name: name, input: bytes, expected: expected)
    }

    private static let cases: [Case] = [
        // Literals and numbers.
        y("true", "true", .bool(true)),
        y("false", "false", .bool(false)),
        y("null", "null", .null),
        y("zero", "0", .int(0)),
        y("negative zero is an integer literal", "-0", .int(0)),
        y("negative zero fraction stays a double", "-0.0", .double(-0.0)),
        y("integer", "123", .int(123)),
        y("negative integer", "-123", .int(-123)),
        y("Int64.max", "9223372036854775807", .int(Int64.max)),
        y("Int64.min", "-9223372036854775808", .int(Int64.min)),
        y("Int64.max + 1 becomes a double", "9223372036854775808", .double(9_223_372_036_854_775_808.0)),
        y("Int64.min - 1 becomes a double", "-9223372036854775809", .double(-9_223_372_036_854_775_809.0)),
        y("30 digits become a double", "123456789012345678901234567890", .double(1.2345678901234568e29)),
        y("fraction", "1.5", .double(1.5)),
        y("integral fraction stays a double", "1.0", .double(1.0)),
        y("exponent makes a double", "1e2", .double(100)),
        y("capital exponent with plus", "1E+2", .double(100)),
        y("negative exponent", "1e-2", .double(0.01)),
        y("exponent with leading zeros", "1e007", .double(1e7)),
        y("zero with exponent", "0e0", .double(0)),
        y("negative zero exponent", "-0e-0", .double(-0.0)),
        y("fraction and exponent", "-12.5e-3", .double(-0.0125)),
        y("tenth", "0.1", .double(0.1)),
        y("smallest subnormal", "5e-324", .double(.leastNonzeroMagnitude)),
        y("largest double", "1.7976931348623157e308", .double(.greatestFiniteMagnitude)),
        y("underflow rounds to zero", "1e-400", .double(0)),
        // Strings.
        y("empty string", "\"\"", .string("")),
        y("plain string", "\"abc\"", .string("abc")),
        y("short escapes", #""\"\\\/\b\f\n\r\t""#, .string("\"\\/\u{08}\u{0C}\n\r\t")),
        y("unicode escapes, both hex cases", #""\u0041\u00e9\u20AC""#, .string("Aé€")),
        y("surrogate pair", #""\uD83D\uDE00""#, .string("😀")),
        y("lowercase surrogate pair", #""\ud834\udd1e""#, .string("𝄞")),
        y("escaped NUL", #""a\u0000b""#, .string("a\u{0}b")),
        y("escape between raw text", #""x\ny""#, .string("x\ny")),
        y("raw UTF-8 of every length", "\"é€😀\"", .string("é€😀")),
        y("raw DEL is not a control character in JSON", bytes: [0x22, 0x7F, 0x22], .string("\u{7F}")),
        y("noncharacter U+FFFF", bytes: [0x22, 0xEF, 0xBF, 0xBF, 0x22], .string("\u{FFFF}")),
        y("last scalar U+10FFFF", bytes: [0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22], .string("\u{10FFFF}")),
        y("first three-byte scalar U+0800", bytes: [0x22, 0xE0, 0xA0, 0x80, 0x22], .string("\u{800}")),
        y("scalar before the surrogates U+D7FF", bytes: [0x22, 0xED, 0x9F, 0xBF, 0x22], .string("\u{D7FF}")),
        y("first four-byte scalar U+10000", bytes: [0x22, 0xF0, 0x90, 0x80, 0x80, 0x22], .string("\u{10000}")),
        y("line separator raw", "\"\u{2028}\"", .string("\u{2028}")),
        // Containers and whitespace.
        y("empty array", "[]", .array([])),
        y("empty object", "{}", .object(JSONObject())),
        y("nested empty arrays", "[[],[[]]]", .array([.array([]), .array([.array([])])])),
        y("empty object in object", #"{"a":{}}"#, ["a": .object(JSONObject())]),
        y("all four whitespace bytes", " \t\r\n[ 1 ,\t2\r]\n", [1, 2]),
        y("whitespace around members", " { \"a\" : 1 , \"b\" : [ ] } ", ["a": 1, "b": .array([])]),
        y("mixed array", "[1,-1,1.5e3,\"s\",true,false,null]", [1, -1, 1500.0, "s", true, false, nil]),
        y("empty key", #"{"":0}"#, ["": 0]),
        y("keys differing only in case", #"{"a":1,"A":2}"#, ["a": 1, "A": 2]),
        y("nested document", #"{"a":1,"b":[true,null],"c":{"d":"e"}}"#,
          ["a": 1, "b": [true, nil], "c": ["d": "e"]]),
        y("scalar with surrounding whitespace", "  42  ", .int(42)),
    ]

    func testAcceptCases() {
        XCTAssertGreaterThanOrEqual(Self.cases.count, 30)
        for testCase in Self.cases {
            guard let value = parseOrFail(testCase.input) else { continue }
            XCTAssertTrue(identical(value, testCase.expected),
                          "\(testCase.name): got \(value.encodedString()), want \(testCase.expected.encodedString())")
        }
    }

    func testObjectKeepsSourceOrder() throws {
        let value = try JSONParser.parse(#"{"z":1,"a":2,"m":3}"#)
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m"])
    }

    func testNegativeZeroLiteralIsIntegerAndFractionKeepsSign() throws {
        XCTAssertEqual(try JSONParser.parse("-0"), .int(0))
        guard case .double(let number) = try JSONParser.parse("-0.0") else { return XCTFail("not a double") }
        XCTAssertEqual(number.sign, .minus)
    }

    func testStringAndByteOverloadsAgree() throws {
        let text = #"{"k":["é",1,2.5]}"#
        XCTAssertEqual(try JSONParser.parse(text), try JSONParser.parse(Array(text.utf8)))
    }

    func testObjectWithManyKeysUsesNoLinearRescanButStaysCorrect() throws {
        // Past the linear-scan threshold the parser switches to a key set: order and values must not change.
        let keys = (0..<200).map { "key\($0)" }
        let text = "{" + keys.enumerated().map { "\"\($1)\":\($0)" }.joined(separator: ",") + "}"
        let object = try XCTUnwrap(try JSONParser.parse(text).objectValue)
        XCTAssertEqual(object.keys, keys)
        XCTAssertEqual(object["key150"], .int(150))
    }
}
