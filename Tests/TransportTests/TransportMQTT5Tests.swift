// MQTT 5: subscriptions carry no-local, so a gateway does not get its own publishes on a topic it also
// subscribes to (v1/gateway/attributes, v1/gateway/rpc), while other clients still do. The control case,
// MQTT 3.1.1 against the same broker, shows the echo the option removes.
import Foundation
import XCTest
@testable import Transport

final class TransportMQTT5Tests: XCTestCase {
    private func gateway(_ broker: TestBroker, _ version: MQTTProtocolVersion, id: String) throws -> TestClient {
        try TestClient(id, TransportSettings(host: "127.0.0.1", port: broker.port, clientID: id, protocolVersion: version,
                                             credentials: .accessToken("token"), subscriptions: ["v1/gateway/attributes"]))
    }

    func testNoLocalSuppressesTheEchoOfOwnPublishesOnlyWithMQTT5() throws {
        let broker = try TestBroker().start()
        let v5 = try gateway(broker, .v5, id: "gw-v5")
        let v311 = try gateway(broker, .v311, id: "gw-v311")
        let observer = try gateway(broker, .v311, id: "observer")
        XCTAssertTrue(connectAll([v5, v311, observer]))
        XCTAssertTrue(broker.waitForLog("as gw-v5 (p5"), "gw-v5 must speak MQTT 5")
        XCTAssertTrue(broker.waitForLog("as gw-v311 (p2"), "gw-v311 must speak MQTT 3.1.1 (mosquitto logs it as p2)")

        let fromV5 = Array(#"{"Device A":{"from":"v5"}}"#.utf8)
        let fromV311 = Array(#"{"Device A":{"from":"v311"}}"#.utf8)
        let midV5 = try v5.transport.publish(topic: "v1/gateway/attributes", payload: fromV5)
        let midV311 = try v311.transport.publish(topic: "v1/gateway/attributes", payload: fromV311)
        XCTAssertTrue(pump([v5, v311, observer]) {
            v5.hasPuback(midV5) && v311.hasPuback(midV311) && observer.messages.count == 2
        })
        // Let anything still travelling arrive before judging what did not.
        pump([v5, v311, observer], timeout: 0.5)

        XCTAssertEqual(Set(observer.messages.map(\.payload)), [fromV5, fromV311], "both publishes happened")
        XCTAssertEqual(v5.messages.map(\.payload), [fromV311], "MQTT 5 gateway: only the other client's message")
        XCTAssertEqual(Set(v311.messages.map(\.payload)), [fromV5, fromV311], "MQTT 3.1.1 gets its own echo")
        for case .published(_, let code) in v5.events {
            XCTAssertLessThan(code, 128, "PUBACK reason \(code) means accepted")
        }
    }

    func testAServerDisconnectIsReportedOnceWithItsReasonCode() throws {
        // CONNACK (MQTT 5: flags 0, reason 0, no properties), then DISCONNECT 142 "session taken over",
        // which ThingsBoard-like servers send when a second client logs in with the same credentials.
        let server = try ScriptedServer(steps: [(delay: 0.1, reply: [0x20, 0x03, 0x00, 0x00, 0x00]),
                                                (delay: 0.3, reply: [0xE0, 0x02, 0x8E, 0x00])])
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: server.port, clientID: "gw-5",
                                                            protocolVersion: .v5, credentials: .accessToken("token")))
        XCTAssertTrue(connectAll([client]))
        XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty })
        pump([client], timeout: 0.3)
        // libmosquitto reports this ending twice (reason 142, then 0); the Transport passes it on once.
        XCTAssertEqual(client.disconnectReasons, [.serverDisconnected(reasonCode: 0x8E)])
        XCTAssertTrue(client.disconnectReasons[0].description.contains("Session taken over"), client.disconnectReasons[0].description)
        XCTAssertEqual(client.transport.socket, -1)

        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        backoff.sessionEstablished(atMs: 0)
        XCTAssertEqual(backoff.nextAttempt(after: client.disconnectReasons[0], atMs: 400).cause, .likelyDuplicateClient)
    }

    func testMosquittoClosesATakenOverMQTT5SessionWithoutDisconnect() throws {
        // What the test broker does instead (documented so that nobody expects 142 from it).
        let broker = try TestBroker().start()
        let first = try gateway(broker, .v5, id: "same-id")
        XCTAssertTrue(connectAll([first]))
        let second = try gateway(broker, .v5, id: "same-id")
        XCTAssertTrue(connectAll([second]))
        XCTAssertTrue(pump([first, second]) { !first.disconnectReasons.isEmpty })
        guard case .lost(let error) = first.disconnectReasons[0] else { return XCTFail("\(first.events)") }
        XCTAssertEqual(error.kind, .network)
        XCTAssertEqual(second.transport.state, .connected)
    }
}
