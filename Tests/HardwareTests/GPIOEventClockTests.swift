// Converting kernel event timestamps to epoch milliseconds: monotonic stamps (Linux ≥ 5.7, the sim) get
// the realtime−monotonic offset, realtime stamps (older kernels) pass through, and a live sample agrees
// with the wall clock.
import Foundation
import XCTest
@testable import Hardware

final class GPIOEventClockTests: XCTestCase {
    private let clock = GPIOEventClock(realtimeNs: 1_764_000_000_000_000_000, monotonicNs: 3_600_000_000_000)

    func testMonotonicStampGetsTheOffset() {
        // An event one second before the sample, on the monotonic clock.
        XCTAssertEqual(clock.epochMs(kernelTimestampNs: 3_599_000_000_000), 1_763_999_999_000)
        // 1.5 ms after the sample: whole milliseconds, truncated.
        let event = GPIOEdgeEvent(kind: .rising, line: 27, timestampNs: 3_600_001_500_000)
        XCTAssertEqual(clock.epochMs(of: event), 1_764_000_000_001)
    }

    func testRealtimeStampFromAnOldKernelPassesThrough() {
        XCTAssertEqual(clock.epochMs(kernelTimestampNs: 1_763_999_998_000_000_000), 1_763_999_998_000)
    }

    func testLiveSampleAgreesWithTheWallClock() {
        let sample = GPIOEventClock.sample()
        let now = GPIOEventClock.monotonicNowNs()
        let wallMs = Int64(Date().timeIntervalSince1970 * 1000)
        XCTAssertLessThan(abs(sample.epochMs(kernelTimestampNs: now) - wallMs), 100)
    }

    func testSimulatedEdgesConvertToNow() throws {
        let chip = SimulatedGPIOChip(label: "pinpost-sim", lineCount: 8)
        let input = try chip.requestInput(line: 3, bias: .pullDown, edge: .both)
        try chip.drive(line: 3, level: true)
        let event = try XCTUnwrap(try input.readEvents().first)
        let wallMs = Int64(Date().timeIntervalSince1970 * 1000)
        XCTAssertLessThan(abs(GPIOEventClock.sample().epochMs(of: event) - wallMs), 100)
    }
}
