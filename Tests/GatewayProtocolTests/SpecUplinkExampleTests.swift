// Every uplink example of gateway-api.md, byte for byte. The strings below are copied from the spec; where
// the spec abbreviates (`"Device B":{...}`, `{"key":value}`) the test fills in concrete values and says so.
import GatewayProtocol
import JSON
import XCTest

final class SpecUplinkExampleTests: XCTestCase {
    func testConnect() {
        XCTAssertEqual(ChildConnect(device: device("Device A")).message,
                       OutgoingMessage(topic: "v1/gateway/connect", payload: Array(#"{"device":"Device A"}"#.utf8)))
        XCTAssertEqual(text(ChildConnect(device: device("Device A"), type: "relay").payload),
                       #"{"device":"Device A","type":"relay"}"#)
        // An empty type means the server default: it is left out rather than sent as "".
        XCTAssertEqual(text(ChildConnect(device: device("Device A"), type: "").payload), #"{"device":"Device A"}"#)
    }

    func testDisconnect() {
        let message = ChildDisconnect(device: device("Device A")).message
        XCTAssertEqual(message.topic, "v1/gateway/disconnect")
        XCTAssertEqual(message.payloadText, #"{"device":"Device A"}"#)
    }

    func testClientAttributesOfSeveralDevices() throws {
        let a = ChildAttributeSet(device: device("Device A"),
                                  attributes: object([("attribute1", "value1"), ("attribute2", 42)]))
        XCTAssertEqual(try ChildAttributes([a]).message,
                       OutgoingMessage(topic: "v1/gateway/attributes",
                                       payload: Array(#"{"Device A":{"attribute1":"value1","attribute2":42}}"#.utf8)))
        // The spec's `"Device B":{...}` filled in.
        let b = ChildAttributeSet(device: device("Device B"), attributes: object([("fw", "1.2"), ("ok", true)]))
        XCTAssertEqual(try ChildAttributes([a, b]).message.payloadText,
                       #"{"Device A":{"attribute1":"value1","attribute2":42},"Device B":{"fw":"1.2","ok":true}}"#)
    }

    func testAttributeRequest() throws {
        let one = try ChildAttributeRequest(id: 1, device: device("Device A"), scope: .client, keys: .key("attribute1"))
        XCTAssertEqual(one.message, OutgoingMessage(topic: "v1/gateway/attributes/request",
            payload: Array(#"{"id":1,"device":"Device A","client":true,"key":"attribute1"}"#.utf8)))
        let several = try ChildAttributeRequest(id: 1, device: device("Device A"), scope: .shared, keys: .keys(["a", "b"]))
        XCTAssertEqual(several.message.payloadText, #"{"id":1,"device":"Device A","client":false,"keys":["a","b"]}"#)
        let all = try ChildAttributeRequest(id: 7, device: device("Device A"), scope: .shared, keys: .all)
        XCTAssertEqual(all.message.payloadText, #"{"id":7,"device":"Device A","client":false,"keys":[]}"#)
    }

    func testTelemetryIsAnArrayPerDevice() throws {
        let items = [
            ChildTelemetryItem(device: device("Device A"),
                               entry: entry(1_483_228_800_000, object([("temperature", 42), ("humidity", 80)]))),
            ChildTelemetryItem(device: device("Device A"),
                               entry: entry(1_483_228_801_000, object([("temperature", 43), ("humidity", 82)]))),
        ]
        XCTAssertEqual(try ChildTelemetry(items).message, OutgoingMessage(topic: "v1/gateway/telemetry", payload: Array(
            #"{"Device A":[{"ts":1483228800000,"values":{"temperature":42,"humidity":80}},{"ts":1483228801000,"values":{"temperature":43,"humidity":82}}]}"#.utf8)))
        // The spec's `"Device B":[...]` filled in, interleaved in the input: grouped per device, input order kept.
        let withB = [items[0], ChildTelemetryItem(device: device("Device B"), entry: entry(1_483_228_800_500, object([("lux", 12.5)]))), items[1]]
        XCTAssertEqual(try ChildTelemetry(withB).message.payloadText,
            #"{"Device A":[{"ts":1483228800000,"values":{"temperature":42,"humidity":80}},{"ts":1483228801000,"values":{"temperature":43,"humidity":82}}],"Device B":[{"ts":1483228800500,"values":{"lux":12.5}}]}"#)
        // An entry may omit ts: then it is just the values object (still inside the array).
        XCTAssertEqual(try ChildTelemetry(device: device("Device A"), entries: [entry(nil, object([("temperature", 42)]))]).message.payloadText,
                       #"{"Device A":[{"temperature":42}]}"#)
    }

    func testRPCReply() throws {
        let reply = try ChildRPCReply(device: device("Device A"), id: 1, data: ["success": true])
        XCTAssertEqual(reply.message, OutgoingMessage(topic: "v1/gateway/rpc",
                                                      payload: Array(#"{"device":"Device A","id":1,"data":{"success":true}}"#.utf8)))
    }

    func testClaim() throws {
        let claim = try ChildClaim([ChildClaimRequest(device: device("Device A"), secretKey: "value_A", durationMs: 60000)])
        XCTAssertEqual(claim.message, OutgoingMessage(topic: "v1/gateway/claim",
                                                      payload: Array(#"{"Device A":{"secretKey":"value_A","durationMs":60000}}"#.utf8)))
        // Both keys are optional.
        let bare = try ChildClaim([ChildClaimRequest(device: device("Device A")),
                                   ChildClaimRequest(device: device("Device B"), durationMs: 5)])
        XCTAssertEqual(bare.message.payloadText, #"{"Device A":{},"Device B":{"durationMs":5}}"#)
        let keyOnly = try ChildClaim([ChildClaimRequest(device: device("Device A"), secretKey: "s")])
        XCTAssertEqual(keyOnly.message.payloadText, #"{"Device A":{"secretKey":"s"}}"#)
    }

    func testOwnTelemetryForms() throws {
        // `{"key":value}`, `{"ts":1483228800000,"values":{...}}`, and an array of those (values filled in).
        XCTAssertEqual(OwnTelemetry(entry(nil, object([("uptime", 12)]))).message,
                       OutgoingMessage(topic: "v1/devices/me/telemetry", payload: Array(#"{"uptime":12}"#.utf8)))
        XCTAssertEqual(OwnTelemetry(entry(1_483_228_800_000, object([("uptime", 12)]))).message.payloadText,
                       #"{"ts":1483228800000,"values":{"uptime":12}}"#)
        XCTAssertEqual(try OwnTelemetry([entry(1_483_228_800_000, object([("uptime", 12)])),
                                         entry(nil, object([("drops", 0)]))]).message.payloadText,
                       #"[{"ts":1483228800000,"values":{"uptime":12}},{"drops":0}]"#)
    }

    func testOwnClientAttributes() throws {
        let message = try OwnClientAttributes(object([("version", "1.0.0"), ("board", "sim")])).message
        XCTAssertEqual(message, OutgoingMessage(topic: "v1/devices/me/attributes",
                                                payload: Array(#"{"version":"1.0.0","board":"sim"}"#.utf8)))
    }

    func testOwnAttributeRequest() throws {
        let request = try OwnAttributeRequest(id: 3, clientKeys: ["a", "b"], sharedKeys: ["c", "d"])
        XCTAssertEqual(request.message, OutgoingMessage(topic: "v1/devices/me/attributes/request/3",
                                                        payload: Array(#"{"clientKeys":"a,b","sharedKeys":"c,d"}"#.utf8)))
        XCTAssertEqual(try OwnAttributeRequest(id: 0, sharedKeys: ["c"]).message.payloadText, #"{"sharedKeys":"c"}"#)
        XCTAssertEqual(try OwnAttributeRequest(id: 0, clientKeys: ["a"]).message.payloadText, #"{"clientKeys":"a"}"#)
    }

    func testOwnRPCReplyIsAnyJSON() throws {
        XCTAssertEqual(try OwnRPCReply(id: 12, result: ["pong": true]).message,
                       OutgoingMessage(topic: "v1/devices/me/rpc/response/12", payload: Array(#"{"pong":true}"#.utf8)))
        XCTAssertEqual(try OwnRPCReply(id: 0, result: "ok").message.payloadText, #""ok""#)
        XCTAssertEqual(try OwnRPCReply(id: 0, result: [1, 2.5, nil]).message.payloadText, "[1,2.5,null]")
    }

    func testGetSessionLimitsRequest() throws {
        XCTAssertEqual(try OwnClientRPCRequest(id: 1, method: .getSessionLimits).message,
                       OutgoingMessage(topic: "v1/devices/me/rpc/request/1",
                                       payload: Array(#"{"method":"getSessionLimits","params":{}}"#.utf8)))
    }

    func testSubscriptionsAreExactTopics() {
        XCTAssertEqual(Topics.subscriptions, [
            "v1/gateway/attributes", "v1/gateway/attributes/response", "v1/gateway/rpc",
            "v1/devices/me/attributes", "v1/devices/me/attributes/response/+",
            "v1/devices/me/rpc/request/+", "v1/devices/me/rpc/response/+",
        ])
        for topic in Topics.subscriptions { XCTAssertFalse(topic.hasPrefix("v1/gateway/") && topic.contains("+")) }
    }

    func testUplinkKinds() {
        XCTAssertEqual(ChildConnect.kind, .childConnect)
        XCTAssertEqual(ChildTelemetry.kind, .childTelemetry)
        XCTAssertEqual(OwnClientRPCRequest.kind, .ownClientRPCRequest)
        XCTAssertEqual(UplinkKind.childRPCReply.description, "child RPC reply")
    }
}
