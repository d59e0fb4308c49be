// The clock's state as the agent reports it, from the kernel's (or timesyncd's) verdict and the two clocks.
import XCTest
@testable import Agent

final class ClockWatchTests: XCTestCase {
    private let day: Int64 = 86_400_000
    private let now: Int64 = 1_796_083_200_000 // 2026-12-01

    func testASynchronisedClockIsQuiet() {
        var watch = ClockWatch()
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now, monotonicMs: 5_000), [])
        XCTAssertEqual(watch.state, .synchronized)
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now + 10_000, monotonicMs: 15_000), [])
    }

    func testABootWithoutNTPIsReportedOnceThenTheSyncAndItsStep() {
        // Restored from the last shutdown, a day behind; NTP steps it forward later.
        var watch = ClockWatch()
        XCTAssertEqual(watch.check(kernel: 0, wallMs: now - day, monotonicMs: 5_000), [.notSynchronizedAtStart(implausible: false)])
        XCTAssertEqual(watch.state, .unsynchronized)
        XCTAssertEqual(watch.check(kernel: 0, wallMs: now - day + 10_000, monotonicMs: 15_000), [], "said once, not every check")
        // NTP sets it: the wall clock moves a day ahead of the monotonic clock.
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now + 20_000, monotonicMs: 25_000), [.stepped(byMs: day), .becameSynchronized])
        XCTAssertEqual(watch.state, .synchronized)
    }

    func testAClockBeforePinpostExistedIsNeverTrusted() {
        var watch = ClockWatch()
        XCTAssertEqual(watch.check(kernel: 1, wallMs: 5_000, monotonicMs: 5_000), [.notSynchronizedAtStart(implausible: true)],
                       "1970 is wrong whatever the kernel says")
        XCTAssertEqual(watch.state, .unsynchronized)
    }

    func testOnceSetTheClockStaysTrustedThroughALongOutage() {
        // The kernel reports "unsynchronised" again after hours without an NTP update.
        var watch = ClockWatch()
        _ = watch.check(kernel: 1, wallMs: now, monotonicMs: 0)
        XCTAssertEqual(watch.check(kernel: 0, wallMs: now + 10 * 3_600_000, monotonicMs: 10 * 3_600_000), [])
        XCTAssertEqual(watch.state, .synchronized)
    }

    func testUnknownWhenTheSandboxRefusesTheQuestion() {
        var watch = ClockWatch()
        XCTAssertEqual(watch.check(kernel: -1, wallMs: now, monotonicMs: 0), [], "no alarm without evidence")
        XCTAssertEqual(watch.state, .unknown)
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now + 10_000, monotonicMs: 10_000), [.becameSynchronized])
    }

    func testStepsBackAndForthAreReportedButJitterIsNot() {
        var watch = ClockWatch()
        _ = watch.check(kernel: 1, wallMs: now, monotonicMs: 0)
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now + 10_000 + 1_999, monotonicMs: 10_000), [], "under 2 s: slewing, not a step")
        XCTAssertEqual(watch.check(kernel: 1, wallMs: now + 20_000 - 3_600_000, monotonicMs: 20_000), [.stepped(byMs: -3_600_000 - 1_999)])
    }
}
