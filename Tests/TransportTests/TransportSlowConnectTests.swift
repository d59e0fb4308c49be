// The connect-in-progress path, which loopback normally skips. libmosquitto 2.0.11 driven by an external
// loop never finishes a TLS handshake begun before TCP connected (mosquitto_loop_write does not advance
// it): without Transport's workaround the first test fails, spinning millions of times on POLLOUT.
import Foundation
import XCTest
@testable import Transport

/// The connect-in-progress path, which loopback normally skips: the SYN is dropped once, so TCP connect
/// completes only after the retransmission (about 1 s), while the Transport is already driven by poll().
final class TransportSlowConnectTests: XCTestCase {
    func testTLSHandshakeCompletesWhenTCPConnectIsStillInProgressWithoutSpinning() throws {
        let directory = try makeTemporaryDirectory("pinpost-ca")
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        let ca = try TestCA(directory: directory, name: "ca")
        let broker = try TestBroker(.init(tlsCA: ca)).start()
        let proxy = try SlowConnectProxy(targetPort: try XCTUnwrap(broker.tlsPort))
        proxy.serveOne(after: 0.2)
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: proxy.port, clientID: "gw-slow",
                                                            credentials: .accessToken("token"),
                                                            tls: TLSSettings(caFile: ca.certificate),
                                                            subscriptions: ["v1/gateway/rpc"]))
        let started = Date()
        XCTAssertTrue(connectAll([client], timeout: 8), "\(client.events)")
        let elapsed = Date().timeIntervalSince(started)
        XCTAssertGreaterThan(elapsed, 0.5, "the SYN was dropped once: the connect really was in progress")
        // A loop that spins on POLLOUT during the handshake wakes up thousands of times in that second.
        XCTAssertLessThan(client.writableWakeups, 50, "writable wake-ups while connecting: \(client.writableWakeups)")
        let mid = try client.transport.publish(topic: "v1/gateway/telemetry", payload: [1, 2, 3])
        XCTAssertTrue(pump([client]) { client.hasPuback(mid) })
    }

    func testPlainConnectCompletesWhenTCPConnectIsStillInProgress() throws {
        let broker = try TestBroker().start()
        let proxy = try SlowConnectProxy(targetPort: broker.port)
        proxy.serveOne(after: 0.2)
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: proxy.port, clientID: "gw-slow-plain",
                                                            credentials: .accessToken("token"), subscriptions: ["v1/gateway/rpc"]))
        let started = Date()
        XCTAssertTrue(connectAll([client], timeout: 8), "\(client.events)")
        XCTAssertGreaterThan(Date().timeIntervalSince(started), 0.5)
        XCTAssertLessThan(client.writableWakeups, 50)
    }
}
