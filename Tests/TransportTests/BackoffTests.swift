// The reconnect policy as a pure value: delay bounds and growth, jitter range, the reset after a stable
// minute, and the classification of endings (credentials rejected, likely duplicate client).
import XCTest
@testable import Transport

final class BackoffTests: XCTestCase {
    private let lost = DisconnectReason.lost(TransportError(.network, operation: "connection", code: 7, detail: "closed"))
    private let failed = DisconnectReason.connectFailed(TransportError(.network, operation: "connect", code: 14, errno: 111, detail: "refused"))

    func testDelaysDoubleFromOneToSixtySecondsWithinTheirJitterBands() {
        var shortest = Backoff(jitter: SequenceJitter(fraction: 0))
        var longest = Backoff(jitter: SequenceJitter(fraction: 1))
        let low = (0..<10).map { _ in shortest.nextAttempt(after: failed, atMs: 0).delayMs }
        let high = (0..<10).map { _ in longest.nextAttempt(after: failed, atMs: 0).delayMs }
        XCTAssertEqual(low, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000, 30000, 30000])
        XCTAssertEqual(high, [2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000, 60000, 60000])
    }

    func testJitterStaysInTheBandAndActuallyVaries() {
        var backoff = Backoff(jitter: SeededJitter(state: 0x1234_5678_9ABC_DEF1))
        var atCap: Set<Int64> = []
        for attempt in 0..<200 {
            let delay = backoff.nextAttempt(after: failed, atMs: 0).delayMs
            XCTAssertGreaterThanOrEqual(delay, 1000)
            XCTAssertLessThanOrEqual(delay, 60_000)
            if attempt >= 6 {
                XCTAssertGreaterThanOrEqual(delay, 30_000, "at the cap the delay is in [30, 60] s")
                atCap.insert(delay)
            }
        }
        XCTAssertGreaterThan(atCap.count, 100, "jitter must spread the delays")
    }

    func testAStableMinuteResetsTheSequenceAndAShortSessionDoesNot() {
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        for _ in 0..<5 { _ = backoff.nextAttempt(after: failed, atMs: 0) }
        XCTAssertEqual(backoff.failuresInARow, 5)

        backoff.sessionEstablished(atMs: 1_000)
        let afterShort = backoff.nextAttempt(after: lost, atMs: 1_000 + 59_999)
        XCTAssertEqual(afterShort.delayMs, 30_000, "59.999 s is not stable yet: the sequence goes on")

        backoff.sessionEstablished(atMs: 100_000)
        let afterStable = backoff.nextAttempt(after: lost, atMs: 160_000)
        XCTAssertEqual(afterStable.delayMs, 1000, "a minute up resets to the first delay")
        XCTAssertEqual(afterStable.cause, .connectionLost)
        XCTAssertEqual(backoff.nextAttempt(after: failed, atMs: 161_000).delayMs, 2000)
    }

    func testRefusalsAreClassified() {
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        for code: Int32 in [4, 5, 0x86, 0x87] {
            let connack = ConnackCode(code, protocolVersion: code > 5 ? .v5 : .v311)
            XCTAssertTrue(connack.isCredentialsRejected)
            XCTAssertEqual(backoff.nextAttempt(after: .refused(connack), atMs: 0).cause, .credentialsRejected(connack))
        }
        let unavailable = ConnackCode(3, protocolVersion: .v311)
        XCTAssertFalse(unavailable.isCredentialsRejected)
        XCTAssertEqual(backoff.nextAttempt(after: .refused(unavailable), atMs: 0).cause, .refused(unavailable))
        XCTAssertEqual(backoff.nextAttempt(after: .timedOut, atMs: 0).cause, .timedOut)
        XCTAssertEqual(backoff.nextAttempt(after: failed, atMs: 0).cause, .connectFailed)
        XCTAssertTrue(ConnackCode(5, protocolVersion: .v311).description.contains("not authorised"),
                      ConnackCode(5, protocolVersion: .v311).description)
        XCTAssertGreaterThan(backoff.failuresInARow, 5, "rejected credentials are still backed off")
    }

    func testSessionsClosedRightAfterConnackRepeatedlyFlagADuplicateClient() {
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        var causes: [ReconnectCause] = []
        for round in 0..<4 {
            let start = Int64(round) * 10_000
            backoff.sessionEstablished(atMs: start)
            causes.append(backoff.nextAttempt(after: lost, atMs: start + 2_000).cause)
            // Failed attempts in between neither count nor break the streak.
            _ = backoff.nextAttempt(after: failed, atMs: start + 3_000)
        }
        XCTAssertEqual(causes, [.connectionLost, .connectionLost, .likelyDuplicateClient, .likelyDuplicateClient])

        // A stable session ends the suspicion.
        backoff.sessionEstablished(atMs: 100_000)
        XCTAssertEqual(backoff.nextAttempt(after: lost, atMs: 200_000).cause, .connectionLost)
        XCTAssertEqual(backoff.shortSessionsInARow, 0)
    }

    func testKeepAliveExpiryIsTheNetworkNotAKick() {
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        let keepAlive = DisconnectReason.lost(TransportError(.network, operation: "keep-alive", code: 19, detail: "timeout"))
        for round in 0..<5 {
            backoff.sessionEstablished(atMs: Int64(round) * 10_000)
            XCTAssertEqual(backoff.nextAttempt(after: keepAlive, atMs: Int64(round) * 10_000 + 1_000).cause, .connectionLost)
        }
    }

    func testMQTT5SessionTakenOverIsADuplicateAtOnce() {
        var backoff = Backoff(jitter: SequenceJitter(fraction: 0))
        backoff.sessionEstablished(atMs: 0)
        XCTAssertEqual(backoff.nextAttempt(after: .serverDisconnected(reasonCode: 0x8E), atMs: 500).cause, .likelyDuplicateClient)
    }

    func testClosedByCallerResetsAndCustomPolicyBoundsHold() {
        var backoff = Backoff(policy: BackoffPolicy(minimumDelayMs: 100, maximumDelayMs: 450), jitter: SequenceJitter(fraction: 1))
        let delays = (0..<6).map { _ in backoff.nextAttempt(after: failed, atMs: 0).delayMs }
        XCTAssertEqual(delays, [200, 400, 450, 450, 450, 450])
        backoff.sessionEstablished(atMs: 0)
        let plan = backoff.nextAttempt(after: .closedByCaller, atMs: 10)
        XCTAssertEqual(plan.cause, .closedByCaller)
        XCTAssertEqual(plan.delayMs, 200, "a deliberate close starts over")
    }
}
