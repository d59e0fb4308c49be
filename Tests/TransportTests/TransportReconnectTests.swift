// Losing the broker and getting it back, driven the way the agent does it: every `disconnected` goes through
// Backoff, and connect() is called again after the planned delay. Also the failures before CONNACK: a port
// with no listener, a listener that never answers (connect timeout), and a second client with the same
// client id taking the session over again and again (flagged as a likely duplicate).
import Foundation
import XCTest
@testable import Transport
#if canImport(Glibc)
import Glibc
#endif

final class TransportReconnectTests: XCTestCase {
    /// Short delays so that the tests run in seconds; the shape of the policy is what is under test.
    private let fastPolicy = BackoffPolicy(minimumDelayMs: 100, maximumDelayMs: 400, stableSessionMs: 60_000)

    private func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Runs the loop, reconnecting after each `disconnected` per the backoff plan, until `done`.
    private func runReconnecting(_ client: TestClient, backoff: inout Backoff<SequenceJitter>, timeout: TimeInterval,
                                 plans: inout [ReconnectPlan], until done: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        var reconnectAt: Date?
        var seen = 0
        while Date() < deadline {
            pump([client], timeout: 0.05)
            let events = client.events
            while seen < events.count {
                switch events[seen] {
                case .connected: backoff.sessionEstablished(atMs: nowMs())
                case .disconnected(let reason):
                    let plan = backoff.nextAttempt(after: reason, atMs: nowMs())
                    plans.append(plan)
                    reconnectAt = Date().addingTimeInterval(Double(plan.delayMs) / 1000)
                default: break
                }
                seen += 1
            }
            if done() { return true }
            if let at = reconnectAt, Date() >= at {
                reconnectAt = nil
                try? client.transport.connect()
            }
        }
        return done()
    }

    func testBrokerKilledAndRestartedGivesDisconnectedThenReconnectsAndResubscribes() throws {
        let broker = try TestBroker().start()
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: broker.port, clientID: "gw-r",
                                                            credentials: .accessToken("token"), keepAliveSeconds: 5,
                                                            subscriptions: ["v1/gateway/rpc"]))
        XCTAssertTrue(connectAll([client]))
        let unacknowledged = try client.transport.publish(topic: "v1/gateway/telemetry", payload: [1])
        _ = unacknowledged

        broker.kill()
        XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty }, "the loss must be noticed")
        guard case .lost(let error) = try XCTUnwrap(client.disconnectReasons.first) else {
            return XCTFail("expected .lost, got \(client.events)")
        }
        XCTAssertEqual(error.kind, .network)
        XCTAssertEqual(client.transport.state, .disconnected)
        XCTAssertEqual(client.transport.inFlightCount, 0, "in-flight messages are forgotten with the session")

        // While the broker is down, attempts fail with connectFailed (ECONNREFUSED) and are backed off.
        var backoff = Backoff(policy: fastPolicy, jitter: SequenceJitter(fraction: 1))
        backoff.sessionEstablished(atMs: nowMs() - 1000)
        var plans = [backoff.nextAttempt(after: client.disconnectReasons[0], atMs: nowMs())]
        XCTAssertEqual(plans[0].cause, .connectionLost)
        let restartAt = Date().addingTimeInterval(1.0)
        try client.transport.connect()
        var restarted = false
        XCTAssertTrue(runReconnecting(client, backoff: &backoff, timeout: 15, plans: &plans) {
            if !restarted && Date() >= restartAt {
                restarted = (try? broker.start()) != nil
            }
            return client.connectedCount == 2 && client.subscribedTopics().count == 2
        }, "\(client.events)")

        let failures = client.disconnectReasons.dropFirst()
        XCTAssertFalse(failures.isEmpty, "attempts while the broker was down")
        for reason in failures {
            guard case .connectFailed(let failure) = reason else { return XCTFail("\(reason)") }
            XCTAssertEqual(failure.kind, .network)
            XCTAssertEqual(failure.errno, ECONNREFUSED, failure.description)
        }
        // Delays grow and stay within the policy.
        let delays = plans.map(\.delayMs)
        XCTAssertEqual(delays, delays.sorted())
        XCTAssertTrue(delays.allSatisfy { (100...400).contains($0) }, "\(delays)")

        // The new session works: subscribed again, publishes acknowledged.
        let mid = try client.transport.publish(topic: "v1/gateway/telemetry", payload: [2])
        XCTAssertTrue(pump([client]) { client.hasPuback(mid) })
    }

    func testNothingListeningIsAConnectFailedEventWithErrno() throws {
        let client = try TestClient("gw", TransportSettings(host: "127.0.0.1", port: freeLocalPort(), credentials: .accessToken("t")))
        try client.transport.connect()
        XCTAssertTrue(pump([client]) { !client.disconnectReasons.isEmpty })
        guard case .connectFailed(let error) = try XCTUnwrap(client.disconnectReasons.first) else {
            return XCTFail("\(client.events)")
        }
        XCTAssertEqual(error.errno, ECONNREFUSED, error.description)
        XCTAssertEqual(client.disconnectReasons.count, 1, "one attempt, one disconnected event")
    }

    func testAListenerThatNeverAnswersTimesOut() throws {
        // A socket that listens but never reads: the kernel completes the TCP handshake, no CONNACK comes.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let port = freeLocalPort()
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        XCTAssertEqual(bound, 0)
        XCTAssertEqual(listen(fd, 4), 0)

        var settings = TransportSettings(host: "127.0.0.1", port: port, credentials: .accessToken("t"))
        settings.connectTimeoutSeconds = 1
        let client = try TestClient("gw", settings)
        let started = Date()
        try client.transport.connect()
        XCTAssertTrue(pump([client], timeout: 5) { !client.disconnectReasons.isEmpty })
        XCTAssertEqual(client.disconnectReasons, [.timedOut])
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.9)
        XCTAssertEqual(client.transport.socket, -1)
    }

    func testUnresolvableHostIsANameResolutionFailure() throws {
        // RFC 2606 reserves .invalid: it never resolves. (Resolution itself blocks; see Transport.swift.)
        let client = try TestClient("gw", TransportSettings(host: "pinpost-test.invalid", credentials: .accessToken("t")))
        try client.transport.connect()
        let reasons = client.takeEvents().compactMap { event -> DisconnectReason? in
            if case .disconnected(let reason) = event { return reason } else { return nil }
        }
        guard case .connectFailed(let error) = try XCTUnwrap(reasons.first) else { return XCTFail("\(reasons)") }
        XCTAssertEqual(error.kind, .nameResolution, error.description)
        XCTAssertTrue(error.description.contains("pinpost-test.invalid"), error.description)
    }

    func testTwoClientsWithTheSameIdentityAreFlaggedAsLikelyDuplicates() throws {
        let broker = try TestBroker().start()
        // Two gateways configured with the same credentials: the broker keeps only the newest session.
        let settings = TransportSettings(host: "127.0.0.1", port: broker.port, clientID: "same-gateway",
                                         credentials: .accessToken("same-token"))
        let first = try TestClient("first", settings)
        let second = try TestClient("second", settings)
        var backoffs = [Backoff(policy: fastPolicy, jitter: SequenceJitter(fraction: 0.5)),
                        Backoff(policy: fastPolicy, jitter: SequenceJitter(fraction: 0.5))]
        let clients = [first, second]
        var reconnectAt: [Date?] = [nil, nil]
        var seen = [0, 0]
        var causes: [[ReconnectCause]] = [[], []]
        for client in clients { try client.transport.connect() }
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && !(causes.joined().contains(.likelyDuplicateClient)) {
            pump(clients, timeout: 0.05)
            for index in 0..<2 {
                let events = clients[index].events
                while seen[index] < events.count {
                    switch events[seen[index]] {
                    case .connected: backoffs[index].sessionEstablished(atMs: nowMs())
                    case .disconnected(let reason):
                        let plan = backoffs[index].nextAttempt(after: reason, atMs: nowMs())
                        causes[index].append(plan.cause)
                        reconnectAt[index] = Date().addingTimeInterval(Double(plan.delayMs) / 1000)
                    default: break
                    }
                    seen[index] += 1
                }
                if let at = reconnectAt[index], Date() >= at {
                    reconnectAt[index] = nil
                    try? clients[index].transport.connect()
                }
            }
        }
        XCTAssertTrue(causes.joined().contains(.likelyDuplicateClient), "causes: \(causes)")
        XCTAssertTrue(causes.joined().contains(.connectionLost), "the first kicks are plain losses: \(causes)")
    }
}
