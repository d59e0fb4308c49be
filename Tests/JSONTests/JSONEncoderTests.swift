// Exact bytes of the compact encoder: the protocol tests and the platform depend on them.

import JSON
import XCTest

final class JSONEncoderTests: XCTestCase {
    private func assertEncodes(_ value: JSONValue, _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(value.encodedString(), expected, file: file, line: line)
        XCTAssertEqual(value.encoded(), Array(expected.utf8), file: file, line: line)
    }

    func testScalars() {
        assertEncodes(nil, "null")
        assertEncodes(true, "true")
        assertEncodes(false, "false")
        assertEncodes(.int(0), "0")
        assertEncodes(.int(-7), "-7")
        assertEncodes(.int(Int64.max), "9223372036854775807")
        assertEncodes(.int(Int64.min), "-9223372036854775808")
    }

    func testDoublesUseShortestRoundTripText() {
        assertEncodes(.double(100.0), "100.0")
        assertEncodes(.double(0.1), "0.1")
        assertEncodes(.double(1e16), "1e+16")
        assertEncodes(.double(1e-7), "1e-07")
        assertEncodes(.double(-0.0), "-0.0")
        assertEncodes(.double(.leastNonzeroMagnitude), "5e-324")
        assertEncodes(.double(.greatestFiniteMagnitude), "1.7976931348623157e+308")
        assertEncodes(.double(-2.5), "-2.5")
        assertEncodes(.double(21.37), "21.37")
    }

    func testEveryDoubleFormIsValidJSONThatStaysADouble() throws {
        // An integral double keeps a fraction or exponent, so it reads back as a double, not an integer.
        for number in [100.0, 0.0, -0.0, 1e16, 1e-7, 1e300, 123_456_789.0, 9_007_199_254_740_992.0] {
            let text = JSONValue.double(number).encodedString()
            guard case .double(let back) = try JSONParser.parse(text) else { return XCTFail("\(text) is not a double") }
            XCTAssertEqual(back.bitPattern, number.bitPattern, text)
        }
    }

    func testNonFiniteDoublesBecomeNull() {
        assertEncodes(.double(.nan), "null")
        assertEncodes(.double(.infinity), "null")
        assertEncodes(.double(-.infinity), "null")
        assertEncodes([.double(.nan), 1], "[null,1]")
    }

    func testStringEscapes() {
        assertEncodes("plain", "\"plain\"")
        assertEncodes("a\"b\\c", #""a\"b\\c""#)
        assertEncodes("\n\r\t\u{08}\u{0C}", #""\n\r\t\b\f""#)
        assertEncodes("\u{0}\u{1}\u{1F}\u{7F}", #""\u0000\u0001\u001f\u007f""#)
        // The solidus needs no escape and gets none.
        assertEncodes("a/b", #""a/b""#)
    }

    func testNonASCIIPassesThroughAsUTF8() {
        let value: JSONValue = "é€😀\u{2028}"
        XCTAssertEqual(value.encoded(), [0x22, 0xC3, 0xA9, 0xE2, 0x82, 0xAC, 0xF0, 0x9F, 0x98, 0x80, 0xE2, 0x80, 0xA8, 0x22])
    }

    func testContainersAreCompactAndKeepKeyOrder() {
        assertEncodes([], "[]")
        assertEncodes(.object(JSONObject()), "{}")
        assertEncodes([1, "two", [3.5, nil]], #"[1,"two",[3.5,null]]"#)
        let object: JSONValue = ["z": 1, "a": ["y": true, "b": false], "m": []]
        assertEncodes(object, #"{"z":1,"a":{"y":true,"b":false},"m":[]}"#)
    }

    func testReplacingAKeyKeepsItsPosition() {
        var object: JSONObject = ["first": 1, "second": 2]
        object["first"] = "changed"
        object["third"] = 3
        object["second"] = nil
        assertEncodes(.object(object), #"{"first":"changed","third":3}"#)
    }

    func testKeysAreEscapedLikeStrings() {
        assertEncodes(["a\"\n": 1], #"{"a\"\n":1}"#)
    }

    func testGatewayTelemetryShapedPayload() {
        // The shape pinpost publishes on v1/gateway/telemetry: device -> [ {ts, values} ].
        let payload: JSONValue = ["Pin 17": [["ts": 1_700_000_000_123, "values": ["state": true, "temperature": 21.5]]]]
        assertEncodes(payload, #"{"Pin 17":[{"ts":1700000000123,"values":{"state":true,"temperature":21.5}}]}"#)
    }
}
