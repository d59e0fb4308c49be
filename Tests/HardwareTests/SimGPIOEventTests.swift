// Edge events on the simulated chip as the agent's poll loop sees them: the event fd becomes readable when
// an edge is queued and stops being readable once drained; events carry the right kind, line and
// timestamp; the queue is bounded with drops counted; scripted inputs play on the caller's clock.
import XCTest
@testable import Hardware

final class SimGPIOEventTests: XCTestCase {
    func testLoopbackEdgesArriveThroughAPollableFd() throws {
        let clock = ManualNanosecondClock()
        let chip = try makeSimHeader(clock: clock)
        let input = try chip.requestInput(line: 27, bias: .pullDown, edge: .both)
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        XCTAssertFalse(pollReadable(input.eventFD), "requesting lines is not an edge")

        clock.now = 5_000_000_123
        try output.setValue(true)
        XCTAssertTrue(pollReadable(input.eventFD))
        clock.now = 5_020_000_000
        try output.setValue(true) // no change, no edge
        try output.setValue(false)

        let events = try input.readEvents()
        XCTAssertEqual(events, [
            GPIOEdgeEvent(kind: .rising, line: 27, timestampNs: 5_000_000_123),
            GPIOEdgeEvent(kind: .falling, line: 27, timestampNs: 5_020_000_000),
        ])
        XCTAssertFalse(pollReadable(input.eventFD), "drained: the fd is quiet again")
        XCTAssertEqual(try input.readEvents(), [], "reading an empty queue returns nothing and does not block")
    }

    func testPollWakesUpForAnEdgeFromAnotherThread() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullDown, edge: .rising)
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        let fd = input.eventFD
        let ready = expectation(description: "poll saw the edge")
        let thread = Thread {
            if pollReadable(fd, timeoutMs: 2000) { ready.fulfill() }
        }
        thread.start()
        Thread.sleep(forTimeInterval: 0.05)
        try output.setValue(true)
        wait(for: [ready], timeout: 3)
        XCTAssertEqual(try input.readEvents().map(\.kind), [.rising])
    }

    func testSingleEdgeWatchesReportOnlyTheirEdge() throws {
        let chip = try makeSimHeader()
        let rising = try chip.requestInput(line: 27, bias: .pullDown, edge: .rising)
        let falling = try chip.requestInput(line: 23, bias: .pullDown, edge: .falling)
        let out17 = try chip.requestOutput(line: 17)
        let out22 = try chip.requestOutput(line: 22)
        for _ in 0..<3 {
            try out17.toggle()
            try out17.toggle()
            try out22.toggle()
            try out22.toggle()
        }
        XCTAssertEqual(try rising.readEvents().map(\.kind), [.rising, .rising, .rising])
        XCTAssertEqual(try falling.readEvents().map(\.kind), [.falling, .falling, .falling])
    }

    func testActiveLowEdgesAreLogical() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullUp, edge: .both, activeLow: true)
        let output = try chip.requestOutput(line: 17, initialLevel: true)
        XCTAssertEqual(try input.readEvents(), [], "physical high on an active-low pulled-up input: still inactive")
        try output.setValue(false)
        let events = try input.readEvents()
        XCTAssertEqual(events.map(\.kind), [.rising], "physical high-to-low is a logical rising edge")
        XCTAssertEqual(events.first?.level, true)
        XCTAssertTrue(try input.value())
    }

    func testReleasingTheSourceOutputIsAnEdgeTowardTheBias() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullUp, edge: .both)
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        XCTAssertEqual(try input.readEvents().map(\.kind), [.falling])
        output.release()
        XCTAssertEqual(try input.readEvents().map(\.kind), [.rising])
    }

    func testQueueIsBoundedAndCountsDrops() throws {
        let clock = ManualNanosecondClock()
        let chip = try makeSimHeader(clock: clock, queueCapacity: 4)
        let input = try chip.requestInput(line: 27, bias: .pullDown, edge: .both)
        let output = try chip.requestOutput(line: 17)
        for step in 1...10 {
            clock.now = UInt64(step) * 1_000
            try output.toggle()
        }
        XCTAssertEqual(chip.queuedEventCount(line: 27), 4)
        XCTAssertEqual(chip.droppedEventCount(line: 27), 6)
        let events = try input.readEvents()
        XCTAssertEqual(events.map(\.timestampNs), [7_000, 8_000, 9_000, 10_000], "the newest edges are kept")
        XCTAssertEqual(events.last?.kind, .falling, "the last edge tells the current level")
        XCTAssertFalse(try input.value())
    }

    func testPartialReadsKeepTheFdReadable() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullDown, edge: .both)
        let output = try chip.requestOutput(line: 17)
        for _ in 0..<5 { try output.toggle() }
        XCTAssertEqual(try input.readEvents(max: 2).count, 2)
        XCTAssertTrue(pollReadable(input.eventFD))
        XCTAssertEqual(try input.readEvents(max: 10).count, 3)
        XCTAssertFalse(pollReadable(input.eventFD))
        XCTAssertEqual(gpioError { _ = try input.readEvents(max: 0) }?.kind, .invalidArgument)
    }

    func testRequestsWithoutEdgeDetectionHaveNoEventFd() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullDown)
        let output = try chip.requestOutput(line: 17)
        XCTAssertNil(input.eventFD)
        XCTAssertNil(output.eventFD)
        let error = gpioError { _ = try input.readEvents() }
        XCTAssertEqual(error?.description,
                       "gpio chip pinpost-sim line 27: read events: no edge detection requested: invalid argument")
    }

    func testReleaseClosesTheEventFd() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, edge: .both)
        let fd = try XCTUnwrap(input.eventFD)
        input.release()
        XCTAssertNil(input.eventFD)
        XCTAssertEqual(fcntl(fd, F_GETFD), -1, "the pipe was closed with the request")
    }

    func testExternalDriveMakesEdgesStampedByTheChipClock() throws {
        let clock = ManualNanosecondClock()
        let chip = try makeSimHeader(clock: clock)
        let button = try chip.requestInput(line: 5, bias: .pullUp, edge: .both, activeLow: true)
        clock.now = 42_000_000
        try chip.drive(line: 5, level: false) // pressed: pulls the line to ground
        clock.now = 43_000_000
        try chip.float(line: 5)                // released: the pull-up takes it high again
        XCTAssertEqual(try button.readEvents(), [
            GPIOEdgeEvent(kind: .rising, line: 5, timestampNs: 42_000_000),
            GPIOEdgeEvent(kind: .falling, line: 5, timestampNs: 43_000_000),
        ])
    }

    func testScriptPlaysStepsStampedWithTheirDueTime() throws {
        let chip = try makeSimHeader()
        let door = try chip.requestInput(line: 6, bias: .pullDown, edge: .both)
        try chip.script(line: 6, [
            GPIOScriptStep(delayMs: 10, level: true),
            GPIOScriptStep(delayMs: 20, level: false),
            GPIOScriptStep(delayMs: 5, level: true),
        ], startMs: 1_000)
        XCTAssertEqual(chip.nextScriptDeadlineMs, 1_010)
        XCTAssertEqual(chip.tick(nowMs: 1_009), 0)
        XCTAssertFalse(try door.value())
        XCTAssertEqual(chip.tick(nowMs: 1_010), 1)
        XCTAssertTrue(try door.value())
        XCTAssertEqual(chip.nextScriptDeadlineMs, 1_030)
        // A late tick applies everything due, each edge stamped when it was due, not when ticked.
        XCTAssertEqual(chip.tick(nowMs: 2_000), 2)
        XCTAssertNil(chip.nextScriptDeadlineMs, "a one-shot script ends after its last step")
        XCTAssertEqual(try door.readEvents(), [
            GPIOEdgeEvent(kind: .rising, line: 6, timestampNs: 1_010_000_000),
            GPIOEdgeEvent(kind: .falling, line: 6, timestampNs: 1_030_000_000),
            GPIOEdgeEvent(kind: .rising, line: 6, timestampNs: 1_035_000_000),
        ])
        XCTAssertTrue(try door.value(), "the wire keeps the last scripted level")
    }

    func testRepeatingScriptsInterleaveAcrossLinesInTimeOrder() throws {
        let chip = try makeSimHeader()
        let fast = try chip.requestInput(line: 12, bias: .pullDown, edge: .rising)
        let slow = try chip.requestInput(line: 13, bias: .pullDown, edge: .rising)
        try chip.script(line: 12, [GPIOScriptStep(delayMs: 5, level: true), GPIOScriptStep(delayMs: 5, level: false)],
                        startMs: 0, repeating: true)
        try chip.script(line: 13, [GPIOScriptStep(delayMs: 25, level: true), GPIOScriptStep(delayMs: 25, level: false)],
                        startMs: 0, repeating: true)
        XCTAssertEqual(chip.tick(nowMs: 100), 20 + 4)
        XCTAssertEqual(try fast.readEvents().map(\.timestampNs), stride(from: 5, through: 95, by: 10).map { UInt64($0) * 1_000_000 })
        XCTAssertEqual(try slow.readEvents().map(\.timestampNs), [25_000_000, 75_000_000])
        XCTAssertEqual(chip.nextScriptDeadlineMs, 105, "steps due at exactly nowMs were applied")
        chip.stopScript(line: 12)
        chip.stopScript(line: 13)
        XCTAssertNil(chip.nextScriptDeadlineMs)
    }

    func testTickAppliesAtMostMaxStepsPerCall() throws {
        let chip = try makeSimHeader()
        try chip.script(line: 12, [GPIOScriptStep(delayMs: 1, level: true), GPIOScriptStep(delayMs: 1, level: false)],
                        startMs: 0, repeating: true)
        XCTAssertEqual(chip.tick(nowMs: 1_000_000, maxSteps: 50), 50)
        XCTAssertEqual(chip.nextScriptDeadlineMs, 51, "the rest waits for the next tick")
    }

    func testMalformedScriptsAreRefused() throws {
        let chip = try makeSimHeader()
        XCTAssertEqual(gpioError { try chip.script(line: 6, [], startMs: 0) }?.operation, "script: no steps")
        XCTAssertEqual(gpioError { try chip.script(line: 6, [GPIOScriptStep(delayMs: -1, level: true)], startMs: 0) }?.kind,
                       .invalidArgument)
        XCTAssertEqual(gpioError {
            try chip.script(line: 6, [GPIOScriptStep(delayMs: 0, level: true)], startMs: 0, repeating: true)
        }?.operation, "script: repeating with zero total delay")
        XCTAssertNil(chip.nextScriptDeadlineMs)
    }

    func testDriveStopsARunningScript() throws {
        let chip = try makeSimHeader()
        try chip.script(line: 6, [GPIOScriptStep(delayMs: 10, level: true)], startMs: 0)
        try chip.drive(line: 6, level: false)
        XCTAssertNil(chip.nextScriptDeadlineMs)
        XCTAssertEqual(chip.tick(nowMs: 100), 0)
    }
}
