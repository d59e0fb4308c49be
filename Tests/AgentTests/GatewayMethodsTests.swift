// RPCs to the gateway itself and its health figures, byte for byte.
import JSON
import XCTest
@testable import Agent

final class GatewayMethodsTests: XCTestCase {
    private func health() -> GatewayHealth {
        var health = GatewayHealth(version: "0.1.0")
        health.uptimeMs = 3_723_999
        health.connected = true
        health.messagesSent = 1200
        health.bufferRecords = 3
        health.bufferBytes = 1_048_576
        health.bufferCapacityBytes = 4_194_304
        health.droppedRecords = 7
        health.lostRecords = 1
        health.bufferStorage = "memory (buffer file failed: disk gone)"
        health.bufferFileFailed = true
        health.reconnects = 2
        health.rpcsHandled = 5
        health.rssKiB = 812
        health.clock = "synchronized"
        health.devices = ["Relays", "Greenhouse"]
        return health
    }

    func testSelfTelemetryValues() {
        XCTAssertEqual(JSONValue.object(health().telemetryValues()).encodedString(),
                       #"{"uptimeSeconds":3723,"messagesSent":1200,"bufferRecords":3,"bufferBytes":1048576,"bufferFillPercent":25,"droppedRecords":7,"lostRecords":1,"bufferFileFailed":true,"reconnects":2,"rpcsHandled":5,"rssKiB":812,"clock":"synchronized"}"#)
    }

    func testGetStatus() {
        guard case .reply(let reply) = GatewayMethods.handle(method: "getStatus", params: .object(JSONObject()), health: health()) else {
            return XCTFail("getStatus must reply")
        }
        XCTAssertEqual(reply.encodedString(),
                       #"{"version":"0.1.0","connected":true,"uptimeSeconds":3723,"messagesSent":1200,"bufferRecords":3,"bufferBytes":1048576,"bufferFillPercent":25,"droppedRecords":7,"lostRecords":1,"bufferFileFailed":true,"reconnects":2,"rpcsHandled":5,"rssKiB":812,"clock":"synchronized","bufferCapacityBytes":4194304,"bufferStorage":"memory (buffer file failed: disk gone)","devices":["Relays","Greenhouse"]}"#)
    }

    func testPingAndUnknown() {
        XCTAssertEqual(GatewayMethods.handle(method: "ping", params: nil, health: health()),
                       .reply(.object(JSONObject([JSONMember("pong", true)]))))
        guard case .reply(let reply) = GatewayMethods.handle(method: "reboot", params: nil, health: health()) else {
            return XCTFail("unknown methods are answered")
        }
        XCTAssertEqual(reply.encodedString(), #"{"success":false,"error":"unknown method 'reboot' (the gateway answers: ping, getStatus)"}"#)
    }

    func testPlatformNotifications() throws {
        let renamed = GatewayMethods.handle(method: "gateway_device_renamed", params: try JSONParser.parse(#"{"Old":"New"}"#), health: health())
        XCTAssertEqual(renamed, .deviceRenamed(from: "Old", to: "New", reply: GatewayMethods.success))
        XCTAssertEqual(GatewayMethods.handle(method: "gateway_device_deleted", params: .string("Relays"), health: health()),
                       .deviceDeleted("Relays", reply: GatewayMethods.success))
        guard case .reply(let bad) = GatewayMethods.handle(method: "gateway_device_deleted", params: .int(3), health: health()) else {
            return XCTFail("a malformed notification is answered with an error")
        }
        XCTAssertEqual(bad["success"], false)
    }

    func testFillPercentOfAnEmptyCapacityIsZero() {
        var empty = GatewayHealth(version: "x")
        empty.bufferBytes = 10
        XCTAssertEqual(empty.bufferFillPercent, 0)
    }
}
