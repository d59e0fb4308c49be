// Poll schedules spread and jittered, never drifting or bursting; keep-alive of quiet devices.
import XCTest
@testable import Agent

final class ScheduleTests: XCTestCase {
    func testFiftyDevicesDoNotFireTogether() {
        var jitter = JitterSource(seed: 42)
        let schedules = (0..<50).map { _ in PollSchedule(intervalMs: 10_000, nowMs: 1_000, jitter: &jitter) }
        let firstPolls = Set(schedules.map { $0.nextDueMs })
        XCTAssertGreaterThan(firstPolls.count, 45, "first polls must be spread, got \(firstPolls.count) distinct times")
        for schedule in schedules {
            XCTAssertGreaterThanOrEqual(schedule.nextDueMs, 1_000)
            XCTAssertLessThan(schedule.nextDueMs, 11_000)
        }
    }

    func testAdvanceKeepsTheRateWithoutDrift() {
        var jitter = JitterSource(seed: 7)
        var schedule = PollSchedule(intervalMs: 1_000, nowMs: 0, jitter: &jitter)
        let start = schedule.nextDueMs
        for _ in 0..<1_000 {
            // Each read completes 30 ms late; the schedule must not accumulate that lateness.
            schedule.advance(nowMs: schedule.nextDueMs + 30, jitter: &jitter)
        }
        let elapsed = schedule.nextDueMs - start
        XCTAssertGreaterThan(elapsed, 1_000 * 1_000 - 20 * 1_000 / 10)
        XCTAssertLessThan(elapsed, 1_000 * 1_000 + 20 * 1_000 / 10)
    }

    func testJitterStaysWithinTwoPercent() {
        var jitter = JitterSource(seed: 9)
        var schedule = PollSchedule(intervalMs: 10_000, nowMs: 0, jitter: &jitter)
        var gaps = Set<Int64>()
        for _ in 0..<200 {
            let due = schedule.nextDueMs
            schedule.advance(nowMs: due, jitter: &jitter)
            let gap = schedule.nextDueMs - due
            XCTAssertGreaterThanOrEqual(gap, 9_800)
            XCTAssertLessThanOrEqual(gap, 10_200)
            gaps.insert(gap)
        }
        XCTAssertGreaterThan(gaps.count, 50, "the gaps must actually vary")
    }

    func testAStalledLoopDoesNotBurst() {
        var jitter = JitterSource(seed: 1)
        var schedule = PollSchedule(intervalMs: 1_000, nowMs: 0, jitter: &jitter)
        schedule.advance(nowMs: 60_000, jitter: &jitter)
        XCTAssertEqual(schedule.nextDueMs, 61_000)
        XCTAssertFalse(schedule.isDue(nowMs: 60_999))
    }

    func testIntervalChangeTakesEffectFromNow() {
        var jitter = JitterSource(seed: 1)
        var schedule = PollSchedule(intervalMs: 60_000, nowMs: 0, jitter: &jitter)
        schedule.change(intervalMs: 500, nowMs: 5_000)
        XCTAssertEqual(schedule.nextDueMs, 5_500)
        XCTAssertEqual(schedule.intervalMs, 500)
    }

    func testKeepAlive() {
        var keepAlive = KeepAlive(intervalMs: 300_000, nowMs: 0)
        XCTAssertFalse(keepAlive.isDue(nowMs: 299_999))
        XCTAssertTrue(keepAlive.isDue(nowMs: 300_000))
        keepAlive.reported(atMs: 200_000)
        XCTAssertFalse(keepAlive.isDue(nowMs: 499_999))
        XCTAssertEqual(keepAlive.nextDueMs, 500_000)
        keepAlive.reported(atMs: 100_000)
        XCTAssertEqual(keepAlive.nextDueMs, 500_000, "an older report never moves the clock back")
    }
}
