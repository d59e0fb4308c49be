import XCTest
import Foundation
@testable import Agent

final class LoggerTests: XCTestCase {
    func testLineFormatAndQuoting() {
        var lines: [String] = []
        let logger = Logger(minimumLevel: .info, sink: { lines.append($0) }, clock: { 1_483_228_800_123 })
        logger.debug("hidden")
        logger.warning("broker \"down\"\nretrying", [("host", "127.0.0.1"), ("reason", "connection refused")])
        XCTAssertEqual(lines, [
            "2017-01-01T00:00:00.123Z level=warn msg=\"broker \\\"down\\\"\\nretrying\" host=127.0.0.1 reason=\"connection refused\"",
        ])
    }

    func testTimestampMatchesFoundationAcrossYears() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let ms = Int64.random(in: 0...4_102_444_800_000, using: &generator)
            let expected = formatter.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
            XCTAssertEqual(Logger.timestamp(ms), expected)
        }
    }
}

final class EventLoopTests: XCTestCase {
    func testTimersRunInDeadlineOrder() {
        var now: Int64 = 0
        let loop = EventLoop(clock: { now })
        var order: [String] = []
        loop.after(30) { order.append("c") }
        loop.after(10) { order.append("a") }
        let cancelled = loop.after(20) { order.append("never") }
        loop.after(20) { order.append("b") }
        loop.cancel(cancelled)
        now = 25
        loop.runOnce(maxWaitMs: 0)
        XCTAssertEqual(order, ["a", "b"])
        now = 30
        loop.runOnce(maxWaitMs: 0)
        XCTAssertEqual(order, ["a", "b", "c"])
        XCTAssertEqual(loop.timerCount, 0)
    }

    func testReadableDescriptorIsDispatched() throws {
        let loop = EventLoop()
        let pipe = Pipe()
        let fd = pipe.fileHandleForReading.fileDescriptor
        var received: [UInt8] = []
        let id = loop.watch(fd: fd, events: Int16(POLLIN)) { _ in
            var buffer = [UInt8](repeating: 0, count: 16)
            let n = read(fd, &buffer, 16)
            if n > 0 { received += buffer[0..<n] }
        }
        pipe.fileHandleForWriting.write(Data("hi".utf8))
        loop.runOnce(maxWaitMs: 1000)
        XCTAssertEqual(received, Array("hi".utf8))
        loop.unwatch(id)
        XCTAssertEqual(loop.watchCount, 0)
    }
}
