// Every shape error of a downlink is a typed error whose text names the topic, the member path, and what
// was expected versus found; malformed JSON carries the parser's byte offset.
import GatewayProtocol
import JSON
import XCTest

final class DownlinkRejectionTests: XCTestCase {
    private func assertRejected(_ topic: String, _ payload: String, _ message: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        guard let error = rejection(topic, payload, file: file, line: line) else { return }
        XCTAssertEqual(error.description, message, file: file, line: line)
        XCTAssertEqual(error.topic, topic, file: file, line: line)
    }

    func testUnknownTopicIsNamed() {
        let error = rejection("v1/gateway/nonsense", "{}")
        XCTAssertEqual(error?.reason, .unknownTopic)
        XCTAssertEqual(error?.description, #"unknown topic "v1/gateway/nonsense""#)
        XCTAssertEqual(rejection("v1/devices/me/rpc", "{}")?.description, #"unknown topic "v1/devices/me/rpc""#)
        XCTAssertEqual(rejection("", "{}")?.description, #"unknown topic """#)
    }

    func testBadIdInTopic() {
        for id in ["", "abc", "-1", "01", "1.0", "2147483648", "99999999999999999999", "1/2", "+"] {
            let topic = "v1/devices/me/rpc/request/" + id
            XCTAssertEqual(rejection(topic, #"{"method":"x"}"#)?.reason, .invalidTopicID(id), "id \(id)")
        }
        XCTAssertEqual(rejection("v1/devices/me/attributes/response/x1", "{}")?.description,
                       #"v1/devices/me/attributes/response/x1: request id "x1" in the topic is not an integer 0...2147483647"#)
        XCTAssertNotNil(decoded("v1/devices/me/rpc/request/2147483647", #"{"method":"x"}"#))
    }

    func testMalformedJSONWrapsTheParserError() {
        guard let error = rejection("v1/gateway/rpc", #"{"device":"A","data":{"id":1,"#) else { return }
        guard case .invalidJSON(let json) = error.reason else { return XCTFail("wrong reason \(error)") }
        XCTAssertEqual(json.offset, 29)
        XCTAssertEqual(error.description, "v1/gateway/rpc: invalid JSON at byte 29: unexpected end of input")
        XCTAssertEqual(rejection("v1/gateway/attributes", "")?.description, "v1/gateway/attributes: invalid JSON at byte 0: empty input")
        XCTAssertEqual(rejection("v1/gateway/rpc", [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])?.description,
                       "v1/gateway/rpc: invalid JSON at byte 2: invalid UTF-8")
    }

    func testChildRPCShapes() {
        let topic = "v1/gateway/rpc"
        assertRejected(topic, "[]", "v1/gateway/rpc: expected an object, found array")
        assertRejected(topic, #"{"data":{"id":1,"method":"m"}}"#, "v1/gateway/rpc: device: missing")
        assertRejected(topic, #"{"device":7,"data":{"id":1,"method":"m"}}"#, "v1/gateway/rpc: device: expected a string, found integer 7")
        assertRejected(topic, #"{"device":"","data":{"id":1,"method":"m"}}"#, "v1/gateway/rpc: device: device name is empty")
        assertRejected(topic, #"{"device":"A"}"#, "v1/gateway/rpc: data: missing")
        assertRejected(topic, #"{"device":"A","data":[1]}"#, "v1/gateway/rpc: data: expected an object, found array")
        assertRejected(topic, #"{"device":"A","data":{"method":"m"}}"#, "v1/gateway/rpc: data.id: missing")
        assertRejected(topic, #"{"device":"A","data":{"id":"1","method":"m"}}"#,
                       "v1/gateway/rpc: data.id: expected an integer 0...2147483647, found string")
        assertRejected(topic, #"{"device":"A","data":{"id":1.5,"method":"m"}}"#,
                       "v1/gateway/rpc: data.id: expected an integer 0...2147483647, found number 1.5")
        assertRejected(topic, #"{"device":"A","data":{"id":-1,"method":"m"}}"#,
                       "v1/gateway/rpc: data.id: expected an integer 0...2147483647, found integer -1")
        assertRejected(topic, #"{"device":"A","data":{"id":2147483648,"method":"m"}}"#,
                       "v1/gateway/rpc: data.id: expected an integer 0...2147483647, found integer 2147483648")
        assertRejected(topic, #"{"device":"A","data":{"id":1e300,"method":"m"}}"#,
                       "v1/gateway/rpc: data.id: expected an integer 0...2147483647, found number 1e+300")
        assertRejected(topic, #"{"device":"A","data":{"id":1}}"#, "v1/gateway/rpc: data.method: missing")
        assertRejected(topic, #"{"device":"A","data":{"id":1,"method":null}}"#,
                       "v1/gateway/rpc: data.method: expected a string, found null")
        // An integral double is still an integer id.
        guard case .childRPC(let request)? = decoded(topic, #"{"device":"A","data":{"id":3.0,"method":"m"}}"#) else {
            return XCTFail("integral double id refused")
        }
        XCTAssertEqual(request.id, 3)
    }

    func testChildAttributeShapes() {
        let topic = "v1/gateway/attributes"
        assertRejected(topic, #"{"device":"A"}"#, "v1/gateway/attributes: data: missing")
        assertRejected(topic, #"{"device":"A","data":"x"}"#, "v1/gateway/attributes: data: expected an object, found string")
        assertRejected(topic, "{}", "v1/gateway/attributes: device: missing")
        assertRejected(topic, #"{"device":true,"data":{}}"#, "v1/gateway/attributes: device: expected a string, found boolean")
        assertRejected(topic, #"{"device":"A\u0001","data":{}}"#,
                       #"v1/gateway/attributes: device: device name "A\u0001" contains a control character"#)
        assertRejected(topic, "42", "v1/gateway/attributes: expected an object, found integer 42")
    }

    func testAttributeResponseShapes() {
        let topic = "v1/gateway/attributes/response"
        assertRejected(topic, #"{"device":"A","value":1}"#, "v1/gateway/attributes/response: id: missing")
        assertRejected(topic, #"{"id":1,"value":1}"#, "v1/gateway/attributes/response: device: missing")
        assertRejected(topic, #"{"id":1,"device":"A","values":[1]}"#,
                       "v1/gateway/attributes/response: values: expected an object, found array")
        assertRejected(topic, #"{"id":1,"device":"A","value":1,"values":{}}"#,
                       #"v1/gateway/attributes/response: both "value" and "values" are present"#)
    }

    func testDisconnectShapes() {
        let topic = "v1/gateway/disconnect"
        assertRejected(topic, #"{"device":"A","reason":"150"}"#,
                       "v1/gateway/disconnect: reason: expected an MQTT reason code 0...255, found string")
        assertRejected(topic, #"{"device":"A","reason":256}"#,
                       "v1/gateway/disconnect: reason: expected an MQTT reason code 0...255, found integer 256")
        assertRejected(topic, #"{"reason":150}"#, "v1/gateway/disconnect: device: missing")
    }

    func testOwnTopicShapes() {
        assertRejected("v1/devices/me/attributes", "[1]", "v1/devices/me/attributes: expected an object, found array")
        assertRejected("v1/devices/me/attributes/response/1", #"{"client":[]}"#,
                       "v1/devices/me/attributes/response/1: client: expected an object, found array")
        assertRejected("v1/devices/me/attributes/response/1", #""x""#,
                       "v1/devices/me/attributes/response/1: expected an object, found string")
        assertRejected("v1/devices/me/rpc/request/1", #"{"params":{}}"#, "v1/devices/me/rpc/request/1: method: missing")
        assertRejected("v1/devices/me/rpc/request/1", #"{"method":1}"#,
                       "v1/devices/me/rpc/request/1: method: expected a string, found integer 1")
        assertRejected("v1/devices/me/rpc/request/1", #"{"method":"gateway_device_renamed","params":{"A":"B","C":"D"}}"#,
                       #"v1/devices/me/rpc/request/1: params: expected exactly one "old name":"new name" member, found 2"#)
        assertRejected("v1/devices/me/rpc/request/1", #"{"method":"gateway_device_renamed","params":{"Old name":5}}"#,
                       #"v1/devices/me/rpc/request/1: params."Old name": expected a string, found integer 5"#)
        assertRejected("v1/devices/me/rpc/request/1", #"{"method":"gateway_device_renamed"}"#,
                       "v1/devices/me/rpc/request/1: params: missing")
        assertRejected("v1/devices/me/rpc/request/1", #"{"method":"gateway_device_deleted","params":{"n":1}}"#,
                       "v1/devices/me/rpc/request/1: params: expected a string, found object")
    }

    func testSessionLimitsShapes() {
        let topic = "v1/devices/me/rpc/response/5"
        assertRejected(topic, #"{"maxPayloadSize":"big"}"#,
                       "v1/devices/me/rpc/response/5: maxPayloadSize: expected a positive integer, found string")
        assertRejected(topic, #"{"maxPayloadSize":0}"#,
                       "v1/devices/me/rpc/response/5: maxPayloadSize: expected a positive integer, found integer 0")
        assertRejected(topic, #"{"maxPayloadSize":65536,"maxInflightMessages":-4}"#,
                       "v1/devices/me/rpc/response/5: maxInflightMessages: expected a positive integer, found integer -4")
        assertRejected(topic, #"{"maxPayloadSize":65536,"rateLimits":{"messages":"200:1,x:60"}}"#,
                       #"v1/devices/me/rpc/response/5: rateLimits.messages: rate limit window "x:60" is not count:seconds"#)
        assertRejected(topic, #"{"maxPayloadSize":65536,"gatewayRateLimits":{"telemetryDataPoints":5}}"#,
                       "v1/devices/me/rpc/response/5: gatewayRateLimits.telemetryDataPoints: expected a string, found integer 5")
        assertRejected(topic, #"{"maxPayloadSize":65536,"rateLimits":[]}"#,
                       "v1/devices/me/rpc/response/5: rateLimits: expected an object, found array")
    }

    func testErrorsAreLocatedForDeviceKeys() {
        // A path through a device-name key is quoted so that spaces and dots stay readable.
        assertRejected("v1/gateway/telemetry", #"{"Device A":[{"ts":"x","values":{"t":1}}]}"#,
                       #"v1/gateway/telemetry: "Device A"[0].ts: expected a time in ms since 1970 (>= 0), found string"#)
    }
}
