// A plain MQTT broker hands the gateway its own publishes on every topic it subscribes to. Each uplink
// encoded by this module must decode as `.echo(kind)`, and the ambiguous cases (a device literally named
// "device", "id" or "data") must fall on the documented side of the rule.
import GatewayProtocol
import JSON
import XCTest

final class EchoTests: XCTestCase {
    private func assertEcho(_ message: OutgoingMessage, _ kind: UplinkKind, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let result = try DownlinkDecoder.decode(topic: message.topic, payload: message.payload)
            XCTAssertEqual(result, .echo(kind), message.payloadText, file: file, line: line)
        } catch {
            XCTFail("echo of \(message.payloadText) rejected: \(error)", file: file, line: line)
        }
    }

    func testEveryEchoableUplinkIsRecognised() throws {
        let a = device("Device A")
        assertEcho(ChildConnect(device: a).message, .childConnect)
        assertEcho(ChildConnect(device: a, type: "relay").message, .childConnect)
        assertEcho(ChildDisconnect(device: a).message, .childDisconnect)
        assertEcho(try ChildAttributes(device: a, attributes: ["x": 1]).message, .childAttributes)
        assertEcho(try ChildAttributeRequest(id: 4, device: a, scope: .client, keys: .key("k")).message, .childAttributeRequest)
        assertEcho(try ChildAttributeRequest(id: 4, device: a, scope: .shared, keys: .all).message, .childAttributeRequest)
        assertEcho(try ChildTelemetry(device: a, entries: [entry(5, ["t": 1.5]), entry(nil, ["t": 2])]).message, .childTelemetry)
        assertEcho(try ChildRPCReply(device: a, id: 0, data: ["success": false, "error": "no"]).message, .childRPCReply)
        assertEcho(try ChildRPCReply(device: a, id: 9, data: nil).message, .childRPCReply)
        assertEcho(try ChildClaim([ChildClaimRequest(device: a, secretKey: "k", durationMs: 1)]).message, .childClaim)
        assertEcho(OwnTelemetry(entry(1, ["uptime": 3])).message, .ownTelemetry)
        assertEcho(try OwnTelemetry([entry(1, ["uptime": 3]), entry(2, ["uptime": 4])]).message, .ownTelemetry)
        assertEcho(try OwnAttributeRequest(id: 2, clientKeys: ["a"], sharedKeys: ["b", "c"]).message, .ownAttributeRequest)
        assertEcho(try OwnClientRPCRequest(id: 1, method: .getSessionLimits).message, .ownClientRPCRequest)
    }

    func testADeviceNamedDeviceStillEchoes() throws {
        // Our attributes for a device called "device" map it to an object; the server's update maps
        // "device" to a string. The kind of that member decides.
        let named = try ChildAttributes([ChildAttributeSet(device: device("device"), attributes: ["a": 1]),
                                         ChildAttributeSet(device: device("data"), attributes: ["b": 2])])
        XCTAssertEqual(named.message.payloadText, #"{"device":{"a":1},"data":{"b":2}}"#)
        assertEcho(named.message, .childAttributes)
        // ...and the server's update for a device named "device" is an update.
        XCTAssertEqual(decoded("v1/gateway/attributes", #"{"device":"device","data":{"a":1}}"#),
                       .childAttributesChanged(ChildAttributesUpdate(device: device("device"),
                                                                     change: SharedAttributesChange(updated: ["a": 1]))))
        // A device named "id" in an RPC reply is just a device value, never a key: still an echo.
        assertEcho(try ChildRPCReply(device: device("id"), id: 3, data: ["id": 1, "method": "m"]).message, .childRPCReply)
    }

    func testServerRPCIsNeverTakenForAnEcho() {
        // The server's request has no top-level "id", whatever data holds.
        guard case .childRPC(let request)? = decoded("v1/gateway/rpc", #"{"device":"id","data":{"id":2,"method":"id"}}"#) else {
            return XCTFail("not a request")
        }
        XCTAssertEqual(request.device, device("id"))
    }

    func testEchoesMustHaveOurExactShape() {
        // Garbage on an uplink-only topic is not silently taken for an echo.
        XCTAssertEqual(rejection("v1/gateway/telemetry", #"{"Device A":{"t":1}}"#)?.description,
                       #"v1/gateway/telemetry: "Device A": expected an array, found object"#)
        XCTAssertEqual(rejection("v1/gateway/telemetry", "{}")?.description, "v1/gateway/telemetry: names no device")
        XCTAssertEqual(rejection("v1/gateway/telemetry", #"{"A":[]}"#)?.description, "v1/gateway/telemetry: A: no entries")
        XCTAssertEqual(rejection("v1/gateway/connect", #"{"type":"x"}"#)?.description, "v1/gateway/connect: device: missing")
        XCTAssertEqual(rejection("v1/gateway/rpc", #"{"device":"A","id":1}"#)?.description, "v1/gateway/rpc: data: missing")
        XCTAssertEqual(rejection("v1/gateway/rpc", #"{"device":"A","id":-2,"data":1}"#)?.description,
                       "v1/gateway/rpc: id: expected an integer 0...2147483647, found integer -2")
        XCTAssertEqual(rejection("v1/gateway/attributes/request", #"{"id":1,"device":"A","client":"yes","key":"k"}"#)?.description,
                       "v1/gateway/attributes/request: client: expected a boolean, found string")
        XCTAssertEqual(rejection("v1/gateway/claim", #"{"A":{"durationMs":-1}}"#)?.description,
                       "v1/gateway/claim: A.durationMs: expected a duration in ms (>= 0), found integer -1")
        XCTAssertEqual(rejection("v1/devices/me/attributes/request/1", "{}")?.description,
                       "v1/devices/me/attributes/request/1: neither clientKeys nor sharedKeys")
        XCTAssertEqual(rejection("v1/devices/me/telemetry", "[]")?.description, "v1/devices/me/telemetry: no entries")
        XCTAssertEqual(rejection("v1/gateway/attributes", #"{"A":{}}"#)?.description, "v1/gateway/attributes: device: missing")
    }

    func testTheServerNeverSendsOurClientRPCMethods() {
        // getSessionLimits on rpc/request is our own request reflected; any other method is the server's.
        XCTAssertEqual(decoded("v1/devices/me/rpc/request/3", #"{"method":"getSessionLimits","params":{}}"#),
                       .echo(.ownClientRPCRequest))
        XCTAssertEqual(decoded("v1/devices/me/rpc/request/3", #"{"method":"getStatus"}"#),
                       .ownRPC(OwnRPCRequest(id: 3, method: "getStatus", params: nil)))
    }

    func testDisconnectNoticeVersusOurDisconnect() {
        XCTAssertEqual(decoded("v1/gateway/disconnect", #"{"device":"A"}"#), .echo(.childDisconnect))
        XCTAssertEqual(decoded("v1/gateway/disconnect", #"{"device":"A","reason":128}"#),
                       .childDisconnected(ChildDisconnectNotice(device: device("A"), reason: 128)))
    }

    func testSharedDeletionRule() {
        // "deleted" holding an array of strings is a deletion; any other value is an ordinary attribute.
        XCTAssertEqual(decoded("v1/devices/me/attributes", #"{"deleted":"yes","a":1}"#),
                       .ownAttributesChanged(SharedAttributesChange(updated: ["deleted": "yes", "a": 1])))
        XCTAssertEqual(decoded("v1/devices/me/attributes", #"{"deleted":[1]}"#),
                       .ownAttributesChanged(SharedAttributesChange(updated: ["deleted": [1]])))
        XCTAssertEqual(decoded("v1/devices/me/attributes", #"{"a":2,"deleted":["b"]}"#),
                       .ownAttributesChanged(SharedAttributesChange(updated: ["a": 2], deleted: ["b"])))
    }
}
