// Wrap-around, overflow accounting and the sync policy, in file and memory mode.
import XCTest
@testable import RingStore

final class RingCapacityTests: XCTestCase {
    var directory = ""
    override func setUp() { directory = RingTest.makeDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// Many laps of a small ring with varied record sizes, acknowledged in order with a window, reopened
    /// every 250 records: every record comes out once, intact, in order, including those split by the end
    /// of the data area.
    func testWrapAroundAcrossManyLapsAndReopens() throws {
        let path = "\(directory)/ring"
        let options = RingStoreOptions(sync: SyncPolicy(everyRecords: 8, everyMs: 0))
        var store = try RingStore.open(path: path, sizeBytes: 16384, options: options)
        var expected: [UInt64: [UInt8]] = [:]
        var nextToCheck: UInt64 = 1
        var splitRecords = 0
        for step in 1...2000 {
            let sequence = store.nextID.sequence
            let payload = RingTest.payload(Int(sequence), length: (step * 37) % 301)
            if (store.tail % store.capacity) + UInt64(16 + payload.count) > store.capacity { splitRecords += 1 }
            XCTAssertEqual(try store.append(kind: 2, payload: payload).sequence, sequence)
            expected[sequence] = payload
            while let record = try store.nextToSend() {
                XCTAssertEqual(record.id.sequence, nextToCheck, "oldest first, each once")
                XCTAssertEqual(record.payload, expected[record.id.sequence])
                store.markInFlight(record.id)
                nextToCheck = record.id.sequence + 1
                if store.stats.inFlight >= 10 { break }
            }
            if store.stats.inFlight >= 10 {
                let oldest = try XCTUnwrap(store.stats.oldest)
                XCTAssertEqual(try store.acknowledge(oldest), .acknowledged(released: 1))
                expected[oldest.sequence] = nil
            }
            if step % 250 == 0 {
                try store.close()
                store = try RingStore.open(path: path, sizeBytes: 16384, options: options)
                XCTAssertEqual(try store.heldRecordIDs().map(\.sequence), expected.keys.sorted())
                XCTAssertEqual(store.nextID.sequence, sequence + 1, "a clean close keeps the numbering")
                nextToCheck = expected.keys.min() ?? store.nextID.sequence
            }
        }
        XCTAssertGreaterThan(store.tail, 20 * store.capacity, "the ring wrapped many times")
        XCTAssertGreaterThan(splitRecords, 10, "records were split across the end of the data area")
        XCTAssertEqual(store.stats.droppedRecords, 0)
    }

    func testOverflowOverwritesOldestAndCountsThem() throws {
        let store = try RingStore.open(path: "\(directory)/ring", sizeBytes: 16384, options: RingStoreOptions(sync: .manual))
        let capacity = store.stats.capacityBytes
        XCTAssertEqual(capacity, 16384 - 4096)
        // Three records go in flight and one of them is acknowledged out of order before they are overwritten.
        for tag in 1...3 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 100)) }
        _ = try RingTest.sendAll(store)
        try store.acknowledge(RecordID(sequence: 2))
        for tag in 4...300 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 100)) }
        let held = try RingTest.held(store)
        let ids = held.map(\.id.sequence)
        XCTAssertEqual(ids, Array((ids.first ?? 0)...300), "a contiguous run of the newest records")
        for record in held { XCTAssertEqual(record.payload, RingTest.payload(Int(record.id.sequence), length: 100)) }
        XCTAssertLessThanOrEqual(held.count * 116, capacity)
        XCTAssertGreaterThanOrEqual(held.count, (capacity - capacity / 64) / 116 - 1, "dropped at most 1/64 extra")
        // Every overwritten record except the acknowledged #2 is counted.
        XCTAssertEqual(store.stats.droppedRecords, UInt64(300 - held.count - 1))
        XCTAssertEqual(store.stats.droppedBytes, store.stats.droppedRecords * 116)
        XCTAssertEqual(store.stats.records, held.count)
        XCTAssertEqual(store.stats.oldest?.sequence, ids.first)
        XCTAssertEqual(store.stats.inFlight, 0, "in-flight records that were overwritten are forgotten")
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 1)), .notInFlight)
        XCTAssertEqual(try store.nextToSend()?.id.sequence, ids.first)
        // The count survives a restart (it is the gateway's lifetime counter).
        let dropped = store.stats.droppedRecords
        try store.close()
        let reopened = try RingStore.open(path: "\(directory)/ring", sizeBytes: 16384)
        XCTAssertEqual(reopened.stats.droppedRecords, dropped)
        XCTAssertEqual(try reopened.heldRecordIDs().map(\.sequence), ids)
    }

    func testMemoryModeBehavesLikeTheFileAndNeverSyncs() throws {
        let store = try RingStore.inMemory(sizeBytes: 16384, options: RingStoreOptions(sync: .everyRecord))
        XCTAssertEqual(store.path, "(memory)")
        for tag in 1...300 { try store.append(kind: 3, payload: RingTest.payload(tag, length: 100)) }
        let held = try store.heldRecordIDs()
        XCTAssertEqual(held.last?.sequence, 300)
        XCTAssertEqual(store.stats.droppedRecords, UInt64(300 - held.count))
        while let record = try store.nextToSend() {
            XCTAssertEqual(record.payload, RingTest.payload(Int(record.id.sequence), length: 100))
            XCTAssertEqual(record.kind, 3)
            store.markInFlight(record.id)
            XCTAssertEqual(try store.acknowledge(record.id), .acknowledged(released: 1))
        }
        XCTAssertEqual(store.stats.records, 0)
        XCTAssertEqual(store.stats.bytes, 0)
        XCTAssertNil(store.stats.oldest)
        XCTAssertEqual(store.stats.syncs, 0)
        XCTAssertEqual(store.takeNotes(), [])
        try store.close()
    }

    func testSyncPolicyCountsRecordsAndTime() throws {
        var now: Int64 = 1000
        let options = RingStoreOptions(sync: SyncPolicy(everyRecords: 4, everyMs: 100), clock: { now })
        let store = try RingStore.open(path: "\(directory)/ring", sizeBytes: 16384, options: options)
        let afterOpen = store.stats.syncs
        for tag in 1...8 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 10)) }
        XCTAssertEqual(store.stats.syncs, afterOpen + 2, "one fdatasync per 4 records")
        try store.append(kind: 1, payload: [1])
        XCTAssertEqual(store.syncDueAtMs, 1100)
        now = 1099
        XCTAssertFalse(try store.syncIfDue())
        now = 1100
        XCTAssertTrue(try store.syncIfDue())
        XCTAssertEqual(store.stats.syncs, afterOpen + 3)
        XCTAssertNil(store.syncDueAtMs)
        try store.sync()
        XCTAssertEqual(store.stats.syncs, afterOpen + 3, "nothing changed, nothing flushed")
        // An acknowledgement is a change too: it is flushed by time.
        _ = try RingTest.sendAll(store)
        try store.acknowledge(RecordID(sequence: 1))
        now = 1300
        XCTAssertTrue(try store.syncIfDue())
    }
}
