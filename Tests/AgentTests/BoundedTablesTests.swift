import XCTest
@testable import Agent

final class RecentRPCsTests: XCTestCase {
    func testRepeatedRequestFindsTheEarlierReply() {
        var recent = RecentRPCs(capacity: 4)
        recent.remember(device: "Relay", id: 7, reply: Array("r7".utf8))
        XCTAssertEqual(recent.reply(device: "Relay", id: 7), Array("r7".utf8))
        XCTAssertNil(recent.reply(device: "Relay", id: 8))
        XCTAssertNil(recent.reply(device: "Other", id: 7), "ids are per device")
    }

    func testCapacityBoundsMemoryAndEvictsOldestFirst() {
        var recent = RecentRPCs(capacity: 3)
        for id in Int64(0)..<5 { recent.remember(device: "D", id: id, reply: [UInt8(id)]) }
        XCTAssertNil(recent.reply(device: "D", id: 0))
        XCTAssertNil(recent.reply(device: "D", id: 1))
        XCTAssertEqual(recent.reply(device: "D", id: 2), [2])
        XCTAssertEqual(recent.reply(device: "D", id: 4), [4])
    }

    func testForgetDevice() {
        var recent = RecentRPCs(capacity: 3)
        recent.remember(device: "A", id: 1, reply: [1])
        recent.remember(device: "B", id: 1, reply: [2])
        recent.forget(device: "A")
        XCTAssertNil(recent.reply(device: "A", id: 1))
        XCTAssertEqual(recent.reply(device: "B", id: 1), [2])
        for id in Int64(10)..<20 { recent.remember(device: "C", id: id, reply: []) }
        XCTAssertNil(recent.reply(device: "B", id: 1))
    }
}

final class PendingRequestsTests: XCTestCase {
    func testIdsIncreaseAndAnswersMatchById() {
        var pending = PendingRequests<String>(capacity: 4)
        let a = pending.add(context: "a", nowMs: 0, timeoutMs: 100)
        let b = pending.add(context: "b", nowMs: 0, timeoutMs: 100)
        XCTAssertEqual(b.id, a.id + 1)
        XCTAssertEqual(pending.complete(id: b.id)?.context, "b")
        XCTAssertNil(pending.complete(id: b.id), "an answer is delivered once")
        XCTAssertEqual(pending.count, 1)
    }

    func testTimeoutsExpireAndFullTableEvictsOldest() {
        var pending = PendingRequests<Int>(capacity: 2)
        _ = pending.add(context: 1, nowMs: 0, timeoutMs: 50)
        _ = pending.add(context: 2, nowMs: 10, timeoutMs: 50)
        XCTAssertEqual(pending.nextDeadlineMs, 50)
        let third = pending.add(context: 3, nowMs: 20, timeoutMs: 50)
        XCTAssertEqual(third.evicted?.context, 1)
        XCTAssertEqual(pending.expire(nowMs: 59).map(\.context), [])
        XCTAssertEqual(pending.expire(nowMs: 60).map(\.context), [2])
        XCTAssertEqual(pending.expire(nowMs: 70).map(\.context), [3])
        XCTAssertNil(pending.nextDeadlineMs)
    }
}
