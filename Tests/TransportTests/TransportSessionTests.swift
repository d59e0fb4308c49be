// A Transport against a real mosquitto: connect, subscribe before anything else, QoS 1 publishes tracked to
// their PUBACK by message id, exact bytes out (checked by an independent mosquitto_sub) and in (sent by
// mosquitto_pub and by a second Transport), the bounded incoming queue, and the clean disconnect.
import Foundation
import XCTest
@testable import Transport

final class TransportSessionTests: XCTestCase {
    private func settings(_ broker: TestBroker, id: String, subscriptions: [String] = [],
                          version: MQTTProtocolVersion = .v311) -> TransportSettings {
        TransportSettings(host: "127.0.0.1", port: broker.port, clientID: id, protocolVersion: version,
                          credentials: .accessToken("token-\(id)"), keepAliveSeconds: 30, subscriptions: subscriptions)
    }

    func testConnectSubscribesFirstThenPublishQoS1IsAcknowledgedWithItsMid() throws {
        let broker = try TestBroker().start()
        let client = try TestClient("gw", settings(broker, id: "gw-1", subscriptions: ["v1/gateway/rpc", "v1/gateway/attributes"]))
        XCTAssertEqual(client.transport.state, .disconnected)
        XCTAssertEqual(client.transport.socket, -1)

        try client.transport.connect()
        XCTAssertEqual(client.transport.state, .connecting)
        XCTAssertGreaterThanOrEqual(client.transport.socket, 0, "the socket exists as soon as connect() returns")
        XCTAssertTrue(pump([client]) { client.connectedCount == 1 })
        XCTAssertEqual(client.transport.state, .connected)

        // Publish right after `connected`: the SUBSCRIBEs were queued before, so the broker sees them first.
        let payload = Array(#"{"Device A":[{"ts":1483228800000,"values":{"temperature":42}}]}"#.utf8)
        let mid = try client.transport.publish(topic: "v1/gateway/telemetry", payload: payload)
        XCTAssertEqual(client.transport.inFlightCount, 1)
        XCTAssertTrue(pump([client]) { client.hasPuback(mid) }, "no PUBACK for mid \(mid): \(client.events)")
        XCTAssertEqual(client.transport.inFlightCount, 0)
        XCTAssertEqual(Set(client.subscribedTopics()), ["v1/gateway/rpc", "v1/gateway/attributes"])
        for case .subscribed(_, let qos) in client.events { XCTAssertEqual(qos, 1, "subscriptions are at QoS 1") }

        // Two more: distinct mids, each acknowledged under its own id.
        let second = try client.transport.publish(topic: "v1/gateway/telemetry", payload: payload)
        let third = try client.transport.publish(topic: "v1/gateway/attributes", payload: Array(#"{"Device A":{"a":1}}"#.utf8))
        XCTAssertNotEqual(second, third)
        XCTAssertTrue(pump([client]) { client.hasPuback(second) && client.hasPuback(third) })

        XCTAssertTrue(broker.waitForLog("Received PUBLISH from gw-1"))
        let log = broker.log()
        let firstSubscribe = try XCTUnwrap(log.range(of: "Received SUBSCRIBE from gw-1"))
        let firstPublish = try XCTUnwrap(log.range(of: "Received PUBLISH from gw-1"))
        XCTAssertLessThan(firstSubscribe.lowerBound, firstPublish.lowerBound, "SUBSCRIBE must precede PUBLISH")
        XCTAssertTrue(log.contains("Received PUBLISH from gw-1 (d0, q1, r0, m\(mid), 'v1/gateway/telemetry'"),
                      "the broker saw QoS 1 with mid \(mid)")
        XCTAssertTrue(log.contains("u'token-gw-1'"), "the access token is the MQTT user name")
    }

    func testAnIndependentSubscriberReceivesTheExactPayloadBytes() throws {
        let broker = try TestBroker().start()
        let subscriber = Process()
        subscriber.executableURL = URL(fileURLWithPath: "/usr/bin/mosquitto_sub")
        subscriber.arguments = ["-h", "127.0.0.1", "-p", "\(broker.port)", "-i", "observer", "-q", "1",
                                "-t", "v1/gateway/telemetry", "-C", "1", "-F", "%x"]
        let output = Pipe()
        subscriber.standardOutput = output
        try subscriber.run()
        defer { if subscriber.isRunning { subscriber.terminate() } }
        XCTAssertTrue(broker.waitForLog("Sending SUBACK to observer"), "mosquitto_sub did not subscribe")

        let client = try TestClient("gw", settings(broker, id: "gw-2"))
        XCTAssertTrue(connectAll([client]))
        // Every byte value, NUL and invalid UTF-8 included: the transport must not touch the payload.
        let payload: [UInt8] = Array(0...255) + Array(#"{"Device A":[{"values":{"t":1}}]}"#.utf8)
        let mid = try client.transport.publish(topic: "v1/gateway/telemetry", payload: payload)
        XCTAssertTrue(pump([client]) { client.hasPuback(mid) })

        let received = output.fileHandleForReading.readDataToEndOfFile()
        subscriber.waitUntilExit()
        let hex = String(decoding: received, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        XCTAssertEqual(hex, payload.map { String(format: "%02x", $0) }.joined())
    }

    func testIncomingMessagesArriveWithExactTopicAndPayload() throws {
        let broker = try TestBroker().start()
        let gateway = try TestClient("gw", settings(broker, id: "gw-3", subscriptions: ["v1/gateway/rpc", "v1/devices/me/rpc/request/+"]))
        let platform = try TestClient("platform", settings(broker, id: "platform-3"))
        XCTAssertTrue(connectAll([gateway, platform]))

        let rpc = Array(#"{"device":"Device A","data":{"id":1,"method":"toggle_gpio","params":{"pin":1}}}"#.utf8)
        let binary: [UInt8] = [0x00, 0xFF, 0xC3, 0x28, 0x0A]
        _ = try platform.transport.publish(topic: "v1/gateway/rpc", payload: rpc)
        _ = try platform.transport.publish(topic: "v1/devices/me/rpc/request/42", payload: binary)
        _ = try platform.transport.publish(topic: "v1/gateway/rpc", payload: [])
        XCTAssertTrue(pump([gateway, platform]) { gateway.messages.count == 3 })
        let messages = gateway.messages
        XCTAssertEqual(messages[0].topic, "v1/gateway/rpc")
        XCTAssertEqual(messages[0].payload, rpc)
        XCTAssertEqual(messages[1].topic, "v1/devices/me/rpc/request/42")
        XCTAssertEqual(messages[1].payload, binary)
        XCTAssertEqual(messages[2].topic, "v1/gateway/rpc")
        XCTAssertEqual(messages[2].payload, [])

        // And from another program entirely, with a payload read from a file.
        let file = broker.directory.appendingPathComponent("payload.bin")
        let filePayload: [UInt8] = Array("{\"shared\":{\"pollIntervalMs\":500}}".utf8) + [0x00, 0x7F]
        try Data(filePayload).write(to: file)
        try runTool(["mosquitto_pub", "-h", "127.0.0.1", "-p", "\(broker.port)", "-q", "1",
                     "-t", "v1/gateway/rpc", "-f", file.path])
        XCTAssertTrue(pump([gateway]) { gateway.messages.count == 4 })
        XCTAssertEqual(gateway.messages[3].payload, filePayload)
    }

    func testPublishIsRefusedWhenNotConnectedAndBeyondTheInFlightWindow() throws {
        let broker = try TestBroker().start()
        var limited = settings(broker, id: "gw-4")
        limited.maxInFlight = 2
        let client = try TestClient("gw", limited)
        XCTAssertThrowsError(try client.transport.publish(topic: "t", payload: [1])) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .notConnected)
        }
        XCTAssertTrue(connectAll([client]))
        // No loop turn between the calls, so no PUBACK can have been read: the third must be refused.
        let first = try client.transport.publish(topic: "t", payload: [1])
        let second = try client.transport.publish(topic: "t", payload: [2])
        XCTAssertThrowsError(try client.transport.publish(topic: "t", payload: [3])) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .inFlightWindowFull)
        }
        // QoS 0 does not count against the window.
        XCTAssertNoThrow(try client.transport.publish(topic: "t", payload: [4], qos: 0))
        XCTAssertThrowsError(try client.transport.publish(topic: "t", payload: [5], qos: 2)) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .invalidArgument)
        }
        XCTAssertTrue(pump([client]) { client.hasPuback(first) && client.hasPuback(second) })
        XCTAssertNoThrow(try client.transport.publish(topic: "t", payload: [6]), "acknowledged messages free the window")
    }

    func testThePlatformsLimitLowersTheWindowButNeverRaisesIt() throws {
        let broker = try TestBroker().start()
        var limited = settings(broker, id: "gw-4b")
        limited.maxInFlight = 3
        let client = try TestClient("gw", limited)
        XCTAssertTrue(connectAll([client]))
        client.transport.limitInFlight(to: 500)
        XCTAssertEqual(client.transport.maxInFlight, 3, "the settings' limit is an upper bound")
        client.transport.limitInFlight(to: 1)
        let first = try client.transport.publish(topic: "t", payload: [1])
        XCTAssertThrowsError(try client.transport.publish(topic: "t", payload: [2])) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .inFlightWindowFull)
        }
        XCTAssertTrue(pump([client]) { client.hasPuback(first) })
        XCTAssertNoThrow(try client.transport.publish(topic: "t", payload: [3]))
    }

    func testAFullIncomingQueueStopsReadingInsteadOfDropping() throws {
        let broker = try TestBroker().start()
        var small = settings(broker, id: "gw-5", subscriptions: ["in"])
        small.maxQueuedMessages = 3
        let gateway = try TestClient("gw", small)
        let sender = try TestClient("sender", settings(broker, id: "sender-5"))
        XCTAssertTrue(connectAll([gateway, sender]))
        _ = gateway.takeEvents()

        gateway.autoDrain = false
        for index in 0..<10 { _ = try sender.transport.publish(topic: "in", payload: [UInt8(index)]) }
        var received: [[UInt8]] = []
        // Drive without draining until the queue is full: the transport then stops asking for POLLIN.
        XCTAssertTrue(pump([gateway, sender]) { !gateway.transport.wantsRead })
        XCTAssertEqual(gateway.transport.pollEvents & Int16(POLLIN), 0, "full queue: the socket is left unread")
        let deadline = Date().addingTimeInterval(10)
        while received.count < 10 && Date() < deadline {
            let batch = gateway.transport.drainEvents()
            XCTAssertLessThanOrEqual(batch.count, 3, "the queue never holds more than its cap")
            for case .message(_, let payload) in batch { received.append(payload) }
            // Run until the queue is full again (or everything has been read).
            pump([gateway, sender], timeout: 0.3) { !gateway.transport.wantsRead }
        }
        XCTAssertEqual(received, (0..<10).map { [UInt8($0)] }, "every message, in order, none dropped")
        XCTAssertEqual(gateway.transport.droppedIncomingTotal, 0)
    }

    func testDisconnectIsCleanAndReported() throws {
        let broker = try TestBroker().start()
        let client = try TestClient("gw", settings(broker, id: "gw-6"))
        XCTAssertTrue(connectAll([client]))
        client.transport.disconnect()
        XCTAssertTrue(pump([client]) { client.disconnectReasons == [.closedByCaller] })
        XCTAssertEqual(client.transport.state, .disconnected)
        XCTAssertEqual(client.transport.socket, -1)
        XCTAssertTrue(broker.waitForLog("Client gw-6 disconnected."), "the broker saw a DISCONNECT, not a dropped socket")
        XCTAssertThrowsError(try client.transport.publish(topic: "t", payload: [1]))
        // A new attempt after a clean end works, with the same Transport.
        _ = client.takeEvents()
        XCTAssertTrue(connectAll([client]))
        XCTAssertEqual(client.connectedCount, 1)
        XCTAssertEqual(client.transport.state, .connected)
    }

    func testConnectWhileConnectedIsRefused() throws {
        let broker = try TestBroker().start()
        let client = try TestClient("gw", settings(broker, id: "gw-7"))
        XCTAssertTrue(connectAll([client]))
        XCTAssertThrowsError(try client.transport.connect()) { error in
            XCTAssertEqual((error as? TransportError)?.kind, .invalidState)
        }
    }
}
