// Settings validation (typed errors naming the field) and the bounded incoming-message queue.
import XCTest
@testable import Transport

final class TransportSettingsTests: XCTestCase {
    private func failure(_ settings: TransportSettings) -> TransportError? {
        do {
            try settings.validate()
            return nil
        } catch {
            return error
        }
    }

    func testInvalidSettingsAreTypedErrorsNamingTheField() {
        let base = TransportSettings(host: "tb.example.org", credentials: .accessToken("t"), subscriptions: ["v1/gateway/rpc"])
        XCTAssertNil(failure(base))
        var settings = base
        settings.host = ""
        XCTAssertEqual(failure(settings)?.operation, "settings.host")
        settings = base
        settings.port = 70000
        XCTAssertEqual(failure(settings)?.operation, "settings.port")
        settings = base
        settings.keepAliveSeconds = 2
        XCTAssertEqual(failure(settings)?.operation, "settings.keepAliveSeconds")
        settings = base
        settings.credentials = .x509(certFile: "/etc/pinpost/gw.crt", keyFile: "/etc/pinpost/gw.key")
        XCTAssertEqual(failure(settings)?.operation, "settings.credentials", "X.509 without TLS")
        settings.tls = TLSSettings(caFile: "/etc/ssl/certs/ca.pem")
        XCTAssertNil(failure(settings))
        settings = base
        settings.subscriptions = ["v1/gateway/rpc", "v1/#/bad"]
        XCTAssertEqual(failure(settings)?.operation, "settings.subscriptions[1]")
        XCTAssertEqual(failure(settings)?.kind, .invalidSettings)
        settings = base
        settings.credentials = .accessToken("")
        XCTAssertEqual(failure(settings)?.operation, "settings.credentials")
        XCTAssertThrowsError(try Transport(settings: settings), "Transport validates at init")
    }

    func testTLSDescriptionsSayWhetherTheServerIsVerified() {
        XCTAssertFalse(TLSSettings(caFile: "/ca.pem").description.contains("without"))
        XCTAssertTrue(TLSSettings(caFile: "/ca.pem", verifyServer: false).description.contains("without server verification"))
        XCTAssertTrue(TLSSettings(caFile: "/ca.pem").verifyServer, "verification is on by default")
    }

    func testEventQueueCapsMessagesByCountAndBytesButNeverControlEvents() {
        var queue = EventQueue(maxMessages: 2, maxMessageBytes: 10)
        queue.append(.message(topic: "a", payload: [1, 2, 3, 4, 5, 6]))
        queue.append(.message(topic: "b", payload: [1, 2, 3, 4, 5]))  // 11 bytes: over the byte cap
        queue.append(.message(topic: "c", payload: [1]))
        XCTAssertTrue(queue.isFullOfMessages)
        queue.append(.message(topic: "d", payload: [1]))                 // over the count cap
        for mid in 1...50 { queue.append(.published(mid: Int32(mid), reasonCode: 0)) }
        queue.append(.disconnected(.closedByCaller))
        let events = queue.drain()
        XCTAssertEqual(events.count, 2 + 50 + 1 + 1)
        XCTAssertEqual(events.first, .message(topic: "a", payload: [1, 2, 3, 4, 5, 6]))
        XCTAssertEqual(events[1], .message(topic: "c", payload: [1]))
        XCTAssertEqual(events.last, .incomingDropped(count: 2))
        XCTAssertEqual(queue.droppedTotal, 2)
        XCTAssertTrue(queue.drain().isEmpty, "the drop report is given once")

        // Reading pauses unless a whole batch fits; an empty queue always reads.
        var batches = EventQueue(maxMessages: 4, maxMessageBytes: 100)
        XCTAssertTrue(batches.hasRoom(forMessages: 10), "empty: read, whatever the batch size")
        batches.append(.message(topic: "a", payload: [1]))
        XCTAssertTrue(batches.hasRoom(forMessages: 3))
        XCTAssertFalse(batches.hasRoom(forMessages: 4))
        batches.append(.message(topic: "b", payload: Array(repeating: 0, count: 99)))
        XCTAssertFalse(batches.hasRoom(forMessages: 1), "the byte cap is reached")

        // An empty queue takes one message larger than the byte cap rather than losing it every time.
        queue.append(.message(topic: "big", payload: Array(repeating: 7, count: 100)))
        XCTAssertEqual(queue.drain().count, 1)
    }
}
