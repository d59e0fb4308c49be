// Every downlink example of gateway-api.md decoded, with each field compared; the JSON parts are encoded
// again and compared with the spec's bytes, so nothing is lost or reordered on the way in.
import GatewayProtocol
import JSON
import XCTest

final class SpecDownlinkExampleTests: XCTestCase {
    func testChildSharedAttributeUpdate() {
        let payload = #"{"device":"Device A","data":{"attribute1":"value1","attribute2":42}}"#
        guard case .childAttributesChanged(let update)? = decoded("v1/gateway/attributes", payload) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(update.device, device("Device A"))
        XCTAssertEqual(JSONValue.object(update.change.updated).encodedString(), #"{"attribute1":"value1","attribute2":42}"#)
        XCTAssertEqual(update.change.deleted, [])
    }

    func testChildSharedAttributeDeletion() {
        let payload = #"{"device":"Device A","data":{"deleted":["attribute1"]}}"#
        guard case .childAttributesChanged(let update)? = decoded("v1/gateway/attributes", payload) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(update.change.deleted, ["attribute1"])
        XCTAssertTrue(update.change.updated.isEmpty)
        XCTAssertEqual(update.change.description, #"deleted ["attribute1"]"#)
    }

    func testChildAttributeResponses() {
        XCTAssertEqual(decoded("v1/gateway/attributes/response", #"{"id":1,"device":"Device A","value":"value1"}"#),
                       .childAttributeResponse(ChildAttributeResponse(id: 1, device: device("Device A"), result: .value("value1"))))
        guard case .childAttributeResponse(let several)? = decoded("v1/gateway/attributes/response",
                                                                  #"{"id":1,"device":"Device A","values":{"a":1,"b":2}}"#),
              case .values(let values) = several.result else { return XCTFail("wrong case") }
        XCTAssertEqual(JSONValue.object(values).encodedString(), #"{"a":1,"b":2}"#)
        // One missing key: neither field.
        XCTAssertEqual(decoded("v1/gateway/attributes/response", #"{"id":2,"device":"Device A"}"#),
                       .childAttributeResponse(ChildAttributeResponse(id: 2, device: device("Device A"), result: .notFound)))
    }

    func testServerSideRPCToChild() {
        let payload = #"{"device":"Device A","data":{"id":1,"method":"toggle_gpio","params":{"pin":1}}}"#
        guard case .childRPC(let request)? = decoded("v1/gateway/rpc", payload) else { return XCTFail("wrong case") }
        XCTAssertEqual(request.device, device("Device A"))
        XCTAssertEqual(request.id, 1)
        XCTAssertEqual(request.method, "toggle_gpio")
        XCTAssertEqual(request.params?.encodedString(), #"{"pin":1}"#)
        // params absent, or any JSON value.
        guard case .childRPC(let bare)? = decoded("v1/gateway/rpc", #"{"device":"D","data":{"id":0,"method":"read"}}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertNil(bare.params)
        XCTAssertEqual(bare.id, 0)
        guard case .childRPC(let scalar)? = decoded("v1/gateway/rpc", #"{"device":"D","data":{"id":5,"method":"m","params":[1,"x",null]}}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(scalar.params, [1, "x", nil])
        // The reply built from the request carries its device and id.
        XCTAssertEqual(ChildRPCReply(replyingTo: request, data: ["success": true]).message.payloadText,
                       #"{"device":"Device A","id":1,"data":{"success":true}}"#)
    }

    func testChildDisconnectNotice() {
        XCTAssertEqual(decoded("v1/gateway/disconnect", #"{"device":"Device A","reason":150}"#),
                       .childDisconnected(ChildDisconnectNotice(device: device("Device A"), reason: 150)))
        XCTAssertEqual(ChildDisconnectNotice(device: device("A"), reason: 150).reasonText, "message rate too high (150)")
        XCTAssertEqual(ChildDisconnectNotice(device: device("A"), reason: 128).reasonText, "unspecified error (128)")
        XCTAssertEqual(ChildDisconnectNotice(device: device("A"), reason: 129).reasonText, "malformed packet (129)")
    }

    func testOwnSharedAttributes() {
        // `{"key":value}` filled in; deletions arrive as `{"deleted":[...]}` on the device API too.
        guard case .ownAttributesChanged(let change)? = decoded("v1/devices/me/attributes", #"{"logLevel":"debug","reportMs":5000}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(JSONValue.object(change.updated).encodedString(), #"{"logLevel":"debug","reportMs":5000}"#)
        XCTAssertEqual(decoded("v1/devices/me/attributes", #"{"deleted":["logLevel","x"]}"#),
                       .ownAttributesChanged(SharedAttributesChange(deleted: ["logLevel", "x"])))
    }

    func testOwnAttributeResponse() {
        guard case .ownAttributeResponse(let response)? = decoded("v1/devices/me/attributes/response/3",
                                                                 #"{"client":{"a":1},"shared":{"c":"x"}}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(response.id, 3)
        XCTAssertEqual(response.client.map { JSONValue.object($0).encodedString() }, #"{"a":1}"#)
        XCTAssertEqual(response.shared.map { JSONValue.object($0).encodedString() }, #"{"c":"x"}"#)
        XCTAssertEqual(decoded("v1/devices/me/attributes/response/0", #"{"shared":{"c":"x"}}"#),
                       .ownAttributeResponse(OwnAttributeResponse(id: 0, client: nil, shared: ["c": "x"])))
        XCTAssertEqual(decoded("v1/devices/me/attributes/response/9", "{}"),
                       .ownAttributeResponse(OwnAttributeResponse(id: 9, client: nil, shared: nil)))
    }

    func testRPCToTheGateway() {
        XCTAssertEqual(decoded("v1/devices/me/rpc/request/42", #"{"method":"getStatus","params":{}}"#),
                       .ownRPC(OwnRPCRequest(id: 42, method: "getStatus", params: .object(JSONObject()), notice: nil)))
        guard case .ownRPC(let renamed)? = decoded("v1/devices/me/rpc/request/7",
                                                   #"{"method":"gateway_device_renamed","params":{"Old":"New"}}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(renamed.notice, .childRenamed(from: "Old", to: "New"))
        XCTAssertEqual(renamed.id, 7)
        guard case .ownRPC(let deleted)? = decoded("v1/devices/me/rpc/request/8",
                                                   #"{"method":"gateway_device_deleted","params":"Name"}"#) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(deleted.notice, .childDeleted("Name"))
        XCTAssertEqual(deleted.notice?.description, #"device "Name" deleted on the platform"#)
        XCTAssertEqual(OwnRPCReply(replyingTo: deleted, result: ["success": true]).message,
                       OutgoingMessage(topic: "v1/devices/me/rpc/response/8", payload: Array(#"{"success":true}"#.utf8)))
    }

    func testSessionLimitsAnswer() {
        let payload = #"{"maxPayloadSize":65536,"maxInflightMessages":100,"rateLimits":{"messages":"200:1,6000:60,14000:3600","telemetryMessages":"100:1,3000:60","telemetryDataPoints":"200:1,6000:60"},"gatewayRateLimits":{"messages":"20:1,600:60","telemetryMessages":"10:1","telemetryDataPoints":"50:1,1000:60"}}"#
        guard case .sessionLimits(let id, let limits)? = decoded("v1/devices/me/rpc/response/1", payload) else {
            return XCTFail("wrong case")
        }
        XCTAssertEqual(id, 1)
        XCTAssertEqual(limits.maxPayloadSize, 65536)
        XCTAssertEqual(limits.maxInflightMessages, 100)
        XCTAssertEqual(limits.rateLimits.messages.windows,
                       [RateLimitWindow(count: 200, seconds: 1), RateLimitWindow(count: 6000, seconds: 60),
                        RateLimitWindow(count: 14000, seconds: 3600)])
        XCTAssertEqual(limits.rateLimits.telemetryMessages.description, "100:1,3000:60")
        XCTAssertEqual(limits.gatewayRateLimits?.messages.description, "20:1,600:60")
        XCTAssertEqual(limits.gatewayRateLimits?.telemetryDataPoints.strictestPerSecond ?? 0, 1000.0 / 60.0, accuracy: 1e-9)
        XCTAssertEqual(limits.payloadLimit(topic: Topics.childTelemetry), 65536 - 4 - 20)
    }

    func testOtherClientRPCResponses() {
        XCTAssertEqual(decoded("v1/devices/me/rpc/response/4", #"{"time":1700000000000}"#),
                       .ownRPCResponse(id: 4, result: ["time": 1_700_000_000_000]))
        XCTAssertEqual(decoded("v1/devices/me/rpc/response/4", "42"), .ownRPCResponse(id: 4, result: 42))
    }
}
