import XCTest
@testable import Agent

final class DebouncerTests: XCTestCase {
    func testBurstReportsOneEdgeStampedWithItsFirstEvent() {
        var debouncer = Debouncer(windowMs: 20, initialLevel: false)
        // A closing contact bouncing: true, false, true within 6 ms.
        XCTAssertNil(debouncer.event(level: true, atMs: 1000))
        XCTAssertNil(debouncer.event(level: false, atMs: 1003))
        XCTAssertNil(debouncer.event(level: true, atMs: 1006))
        XCTAssertEqual(debouncer.deadlineMs, 1026, "the window runs from the last bounce")
        XCTAssertNil(debouncer.settle(nowMs: 1025), "not yet quiet for 20 ms")
        XCTAssertEqual(debouncer.settle(nowMs: 1026), Debouncer.Edge(level: true, timestampMs: 1000))
        XCTAssertEqual(debouncer.reportedLevel, true)
        XCTAssertFalse(debouncer.isSettling)
    }

    func testBurstThatReturnsToTheReportedLevelReportsNothing() {
        var debouncer = Debouncer(windowMs: 10, initialLevel: true)
        _ = debouncer.event(level: false, atMs: 0)
        _ = debouncer.event(level: true, atMs: 2)
        XCTAssertNil(debouncer.settle(nowMs: 100))
        XCTAssertEqual(debouncer.reportedLevel, true)
    }

    func testSeparatedEdgesEachReported() {
        var debouncer = Debouncer(windowMs: 10, initialLevel: false)
        var edges: [Debouncer.Edge] = []
        for (index, t) in [Int64(0), 100, 200, 300].enumerated() {
            _ = debouncer.event(level: index % 2 == 0, atMs: t)
            if let edge = debouncer.settle(nowMs: t + 10) { edges.append(edge) }
        }
        XCTAssertEqual(edges.map(\.level), [true, false, true, false])
        XCTAssertEqual(edges.map(\.timestampMs), [0, 100, 200, 300])
    }

    func testZeroWindowReportsImmediatelyButOnlyRealChanges() {
        var debouncer = Debouncer(windowMs: 0, initialLevel: false)
        XCTAssertEqual(debouncer.event(level: true, atMs: 5), Debouncer.Edge(level: true, timestampMs: 5))
        XCTAssertNil(debouncer.event(level: true, atMs: 6), "same level twice is not an edge")
        XCTAssertEqual(debouncer.event(level: false, atMs: 7)?.level, false)
    }
}
