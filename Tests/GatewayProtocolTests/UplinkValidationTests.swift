// The uplink types refuse every shape the platform would drop or answer by closing the session: empty or
// unusable device names, ids outside the platform's int range, empty messages, stamp-less entries that
// would be misread, keys that cannot travel. Each refusal is a typed error with a clear text.
import GatewayProtocol
import JSON
import XCTest

final class UplinkValidationTests: XCTestCase {
    func testDeviceNameRules() {
        XCTAssertEqual(thrown { try DeviceName("") }?.description, "device name is empty")
        XCTAssertEqual(thrown { try DeviceName("   ") }?.description, "device name is blank")
        XCTAssertEqual(thrown { try DeviceName("a\nb") }?.description, #"device name "a\nb" contains a control character"#)
        XCTAssertEqual(thrown { try DeviceName("a\u{0}") }?.description, #"device name "a\u0000" contains a control character"#)
        XCTAssertEqual(thrown { try DeviceName("x\u{7F}") }?.description, #"device name "x\u007f" contains a control character"#)
        XCTAssertEqual(thrown { try DeviceName(String(repeating: "é", count: 256)) }?.description,
                       "device name is 256 characters long, more than 255")
        // 255 UTF-16 units is fine, even when that is 510 bytes; an emoji counts as two units.
        XCTAssertEqual(try DeviceName(String(repeating: "é", count: 255)).value.utf16.count, 255)
        XCTAssertNotNil(thrown { try DeviceName(String(repeating: "😀", count: 128)) })
        for good in ["Device A", " padded ", "温度计", "a/b+#", "device", "\"quoted\""] {
            XCTAssertEqual(try DeviceName(good).value, good)
        }
    }

    func testRequestIDRange() {
        XCTAssertEqual(RequestID.maximum, Int(Int32.max))
        let a = device("A")
        XCTAssertEqual(thrown { try ChildRPCReply(device: a, id: -1, data: nil) }?.description,
                       "v1/gateway/rpc: id: expected an integer 0...2147483647, found integer -1")
        XCTAssertNotNil(thrown { try ChildRPCReply(device: a, id: Int(Int32.max) + 1, data: nil) })
        XCTAssertNoThrow(try ChildRPCReply(device: a, id: Int(Int32.max), data: nil))
        XCTAssertEqual(thrown { try ChildAttributeRequest(id: -5, device: a, scope: .client, keys: .key("k")) }?.description,
                       "v1/gateway/attributes/request: id: expected an integer 0...2147483647, found integer -5")
        XCTAssertEqual(thrown { try OwnRPCReply(id: -1, result: nil) }?.description,
                       "v1/devices/me/rpc/response/N: id: expected an integer 0...2147483647, found integer -1")
        XCTAssertNotNil(thrown { try OwnClientRPCRequest(id: -1, method: .getSessionLimits) })
        XCTAssertNotNil(thrown { try OwnAttributeRequest(id: -1, clientKeys: ["a"]) })
    }

    func testTelemetryEntryRules() {
        XCTAssertEqual(thrown { try TelemetryEntry(ts: 1, values: JSONObject()) }?.description, "values: telemetry entry has no values")
        XCTAssertEqual(thrown { try TelemetryEntry(ts: -1, values: ["t": 1]) }?.description,
                       "ts: expected a time in ms since 1970 (>= 0), found integer -1")
        // Without ts, values holding both "ts" and "values" would be read by the server as the stamped form.
        XCTAssertNotNil(thrown { try TelemetryEntry(ts: nil, values: ["ts": 1, "values": 2]) })
        // With ts they are harmless: they are inside "values".
        XCTAssertEqual(try TelemetryEntry(ts: 5, values: ["ts": 1, "values": 2]).encodedText, #"{"ts":5,"values":{"ts":1,"values":2}}"#)
        XCTAssertEqual(try TelemetryEntry(ts: nil, values: ["ts": 1]).encodedText, #"{"ts":1}"#)
    }

    func testEmptyMessagesAreRefused() {
        XCTAssertEqual(thrown { try ChildTelemetry([]) }?.description, "v1/gateway/telemetry: telemetry message has no entries")
        XCTAssertEqual(thrown { try ChildAttributes([]) }?.description, "v1/gateway/attributes: attribute message names no device")
        XCTAssertEqual(thrown { try ChildAttributes(device: device("Device A"), attributes: JSONObject()) }?.description,
                       #"v1/gateway/attributes: "Device A": no attributes given"#)
        XCTAssertEqual(thrown { try ChildClaim([]) }?.description, "v1/gateway/claim: claim message names no device")
        XCTAssertEqual(thrown { try OwnTelemetry([]) }?.description, "v1/devices/me/telemetry: telemetry message has no entries")
        XCTAssertEqual(thrown { try OwnClientAttributes(JSONObject()) }?.description, "v1/devices/me/attributes: no attributes given")
    }

    func testDuplicateDevicesNeverRepeatAJSONKey() throws {
        let a = device("A"), b = device("B")
        let attributes = try ChildAttributes([ChildAttributeSet(device: a, attributes: ["x": 1, "y": 1]),
                                              ChildAttributeSet(device: b, attributes: ["z": 0]),
                                              ChildAttributeSet(device: a, attributes: ["y": 2, "w": 3])])
        XCTAssertEqual(attributes.message.payloadText, #"{"A":{"x":1,"y":2,"w":3},"B":{"z":0}}"#)
        XCTAssertEqual(thrown { try ChildClaim([ChildClaimRequest(device: a), ChildClaimRequest(device: a)]) }?.description,
                       "v1/gateway/claim: A: device claimed twice in one message")
        XCTAssertEqual(thrown { try ChildClaimRequest(device: a, durationMs: -1) }?.description,
                       "A.durationMs: expected a duration in ms (>= 0), found integer -1")
    }

    func testAttributeKeysThatCannotTravel() {
        XCTAssertEqual(thrown { try OwnAttributeRequest(id: 1) }?.description,
                       "v1/devices/me/attributes/request/N: asks for no keys (give clientKeys, sharedKeys or both)")
        XCTAssertEqual(thrown { try OwnAttributeRequest(id: 1, clientKeys: ["a,b"]) }?.description,
                       #"v1/devices/me/attributes/request/N: clientKeys: key "a,b" contains a comma"#)
        XCTAssertEqual(thrown { try OwnAttributeRequest(id: 1, sharedKeys: []) }?.description,
                       "v1/devices/me/attributes/request/N: sharedKeys: empty key list (leave it out instead)")
        XCTAssertEqual(thrown { try OwnAttributeRequest(id: 1, sharedKeys: [""]) }?.description,
                       "v1/devices/me/attributes/request/N: sharedKeys: empty key")
        XCTAssertEqual(thrown { try ChildAttributeRequest(id: 1, device: device("A"), scope: .client, keys: .key("")) }?.description,
                       "key: attribute key is empty")
        XCTAssertEqual(thrown { try ChildAttributeRequest(id: 1, device: device("A"), scope: .client, keys: .keys(["a", ""])) }?.description,
                       "keys[1]: attribute key is empty")
    }

    func testValuesKeepTheirTypes() throws {
        // Int64 stays an integer, doubles are shortest round-trip (integral ones keep ".0"), strings escaped.
        let values: JSONObject = ["big": .int(Int64.max), "neg": .int(Int64.min), "d": 0.1, "whole": 2.0,
                                  "nan": .double(.nan), "s": "q\"\\\n\u{1}é", "b": false, "n": nil]
        let message = try ChildTelemetry(device: device("A"), entries: [entry(0, values)]).message
        XCTAssertEqual(message.payloadText,
                       #"{"A":[{"ts":0,"values":{"big":9223372036854775807,"neg":-9223372036854775808,"d":0.1,"whole":2.0,"nan":null,"s":"q\"\\\n\u0001é","b":false,"n":null}}]}"#)
    }
}

extension TelemetryEntry {
    var encodedText: String {
        // Through OwnTelemetry, whose one-entry form is exactly the entry.
        OwnTelemetry(self).message.payloadText
    }
}
