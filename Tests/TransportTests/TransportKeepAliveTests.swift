// Keep-alive driven by handleMisc(): PINGREQ goes out on time, and a broker that stops answering (frozen
// with SIGSTOP: the TCP connection stays up, nothing comes back, as on a dead mobile link) is detected and
// reported as a lost connection, which Backoff does not mistake for a duplicate client's kick.
import Foundation
import XCTest
@testable import Transport

final class TransportKeepAliveTests: XCTestCase {
    func testAnUnansweredPingEndsTheSessionAfterTheKeepAlive() throws {
        let broker = try TestBroker().start()
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: broker.port, clientID: "gw-ka",
                                                            credentials: .accessToken("token"), keepAliveSeconds: 5))
        XCTAssertTrue(connectAll([client]))
        // A live broker answers the PINGREQ sent after one keep-alive period, and the session goes on.
        XCTAssertTrue(pump([client], timeout: 8) { broker.log().contains("Sending PINGRESP to gw-ka") },
                      "no PINGREQ within the keep-alive period")
        pump([client], timeout: 0.2)
        XCTAssertEqual(client.transport.state, .connected)
        let frozenAt = Date()
        broker.freeze()
        XCTAssertTrue(pump([client], timeout: 15) { !client.disconnectReasons.isEmpty })
        let elapsed = Date().timeIntervalSince(frozenAt)
        guard case .lost(let error) = try XCTUnwrap(client.disconnectReasons.first) else {
            return XCTFail("\(client.events)")
        }
        XCTAssertEqual(error.code, 19, "MOSQ_ERR_KEEPALIVE: \(error.description)")
        // Next PINGREQ one period after the last PINGRESP, closed when another period passes unanswered.
        XCTAssertGreaterThanOrEqual(elapsed, 8, "too early: \(elapsed) s")
        XCTAssertLessThanOrEqual(elapsed, 12, "too late: \(elapsed) s")

        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        for _ in 0..<4 {
            backoff.sessionEstablished(atMs: 0)
            XCTAssertEqual(backoff.nextAttempt(after: client.disconnectReasons[0], atMs: 1000).cause, .connectionLost)
        }
    }
}
