// Helpers for the GPIO tests: catching a GPIOError, and asking poll() whether a request's event fd is
// readable, exactly as the agent's loop will.
import Glibc
import XCTest
@testable import Hardware

/// The GPIOError `body` throws; nil when it succeeds (an error of another type fails the test).
func gpioError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> GPIOError? {
    do {
        try body()
        return nil
    } catch let error as GPIOError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}

/// Whether `fd` polls readable within `timeoutMs`.
func pollReadable(_ fd: Int32?, timeoutMs: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) -> Bool {
    guard let fd else {
        XCTFail("request has no event fd", file: file, line: line)
        return false
    }
    var entry = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
    let ready = poll(&entry, 1, timeoutMs)
    XCTAssertGreaterThanOrEqual(ready, 0, "poll failed", file: file, line: line)
    return ready == 1 && entry.revents & Int16(POLLIN) != 0
}

/// A settable nanosecond clock for deterministic timestamps.
final class ManualNanosecondClock {
    var now: UInt64 = 1_000_000_000
    func read() -> UInt64 { now }
}

/// The sim board's header chip with the two loopbacks of boards/sim.json (GPIO17 → GPIO27, GPIO22 → GPIO23).
func makeSimHeader(clock: ManualNanosecondClock? = nil, queueCapacity: Int = 16) throws -> SimulatedGPIOChip {
    let chip: SimulatedGPIOChip
    if let clock {
        chip = SimulatedGPIOChip(label: "pinpost-sim", lineCount: 28, eventQueueCapacity: queueCapacity, clockNs: clock.read)
    } else {
        chip = SimulatedGPIOChip(label: "pinpost-sim", lineCount: 28, eventQueueCapacity: queueCapacity)
    }
    try chip.loop(output: 17, input: 27)
    try chip.loop(output: 22, input: 23)
    return chip
}
