import GatewayProtocol
import XCTest
@testable import Agent

final class SessionQueueTests: XCTestCase {
    private func message(_ n: Int, bytes: Int = 10) -> OutgoingMessage {
        OutgoingMessage(topic: "t\(n)", payload: Array(repeating: UInt8(n & 0xFF), count: bytes))
    }

    func testFirstInFirstOutAcrossCompaction() {
        var queue = SessionQueue(capacity: 100, capacityBytes: 1 << 20)
        var expected = 0
        var next = 0
        // Interleave pushes and pops so the popped prefix is compacted several times while never empty.
        for round in 0..<50 {
            for _ in 0..<3 { XCTAssertTrue(queue.enqueue(message(next))); next += 1 }
            for _ in 0..<(round % 2 == 0 ? 1 : 2) {
                XCTAssertEqual(queue.first?.message, message(expected))
                queue.removeFirst()
                expected += 1
            }
        }
        XCTAssertEqual(queue.count, next - expected)
        while let entry = queue.first {
            XCTAssertEqual(entry.message, message(expected))
            queue.removeFirst()
            expected += 1
        }
        XCTAssertEqual(expected, next)
        XCTAssertEqual(queue.bytes, 0)
    }

    func testCountBoundRefusesTheNewestMessage() {
        var queue = SessionQueue(capacity: 3, capacityBytes: 1 << 20)
        for n in 0..<3 { XCTAssertTrue(queue.enqueue(message(n))) }
        XCTAssertFalse(queue.enqueue(message(3)))
        XCTAssertEqual(queue.count, 3)
        XCTAssertEqual(queue.first?.message, message(0))
        queue.removeFirst()
        XCTAssertTrue(queue.enqueue(message(4)))
    }

    func testByteBoundCountsTopicAndPayload() {
        var queue = SessionQueue(capacity: 100, capacityBytes: 30)
        XCTAssertTrue(queue.enqueue(message(1, bytes: 13)))  // 2 + 13
        XCTAssertTrue(queue.enqueue(message(2, bytes: 13)))  // 30
        XCTAssertEqual(queue.bytes, 30)
        XCTAssertFalse(queue.enqueue(message(3, bytes: 0)))
        queue.removeFirst()
        XCTAssertEqual(queue.bytes, 15)
        XCTAssertTrue(queue.enqueue(message(3, bytes: 13)))
    }

    func testAnOversizedMessageStillGoesThroughAnEmptyQueue() {
        var queue = SessionQueue(capacity: 10, capacityBytes: 8)
        XCTAssertTrue(queue.enqueue(message(1, bytes: 100)))
        XCTAssertFalse(queue.enqueue(message(2, bytes: 1)))
    }

    func testGoodbyesAreVisibleUntilPublished() {
        var queue = SessionQueue(capacity: 10, capacityBytes: 1 << 20)
        XCTAssertTrue(queue.enqueue(message(1)))
        XCTAssertTrue(queue.enqueue(message(2), purpose: .goodbye))
        XCTAssertTrue(queue.containsGoodbye)
        queue.removeFirst()
        XCTAssertEqual(queue.first?.purpose, .goodbye)
        queue.removeFirst()
        XCTAssertFalse(queue.containsGoodbye)
        XCTAssertTrue(queue.isEmpty)
    }

    func testClearReportsWhatWasDropped() {
        var queue = SessionQueue(capacity: 10, capacityBytes: 1 << 20)
        for n in 0..<4 { _ = queue.enqueue(message(n)) }
        queue.removeFirst()
        XCTAssertEqual(queue.clear(), 3)
        XCTAssertTrue(queue.isEmpty)
        XCTAssertEqual(queue.bytes, 0)
        XCTAssertNil(queue.first)
    }

    func testCapacityCoversTheConnectBurst() {
        // A connect, an attribute request, an RPC reply and a goodbye per device, and room for the gateway.
        XCTAssertEqual(SessionQueue.capacity(forDevices: 256), 1088)
        XCTAssertEqual(SessionQueue.capacity(forDevices: 0), 64)
    }
}
