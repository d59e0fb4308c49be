// Sending and acknowledging: order, out-of-order acknowledgements, the bounded in-flight table,
// resetInFlight after a disconnect, and what survives a reopen.
import XCTest
@testable import RingStore

final class RingSendAckTests: XCTestCase {
    var directory = ""
    override func setUp() { directory = RingTest.makeDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    func open(_ name: String = "ring", size: Int = 65536, maxInFlight: Int = 64) throws -> RingStore {
        try RingStore.open(path: "\(directory)/\(name)", sizeBytes: size,
                           options: RingStoreOptions(sync: .manual, maxInFlight: maxInFlight))
    }

    func testSendsOldestFirstAndReleasesOnAck() throws {
        let store = try open()
        for tag in 1...5 { try store.append(kind: UInt8(tag), payload: RingTest.payload(tag, length: 10 * tag)) }
        let first = try XCTUnwrap(store.nextToSend())
        XCTAssertEqual(first.id, RecordID(sequence: 1))
        XCTAssertEqual(first.kind, 1)
        XCTAssertEqual(first.payload, RingTest.payload(1, length: 10))
        // Not marked: the same record again.
        XCTAssertEqual(try store.nextToSend()?.id, RecordID(sequence: 1))
        XCTAssertFalse(store.markInFlight(RecordID(sequence: 2)), "only the offered record can be marked")
        XCTAssertTrue(store.markInFlight(first.id))
        XCTAssertEqual(try store.nextToSend()?.id, RecordID(sequence: 2))
        XCTAssertEqual(try store.acknowledge(first.id), .acknowledged(released: 1))
        XCTAssertEqual(try store.acknowledge(first.id), .notInFlight)
        XCTAssertEqual(store.stats.records, 4)
        XCTAssertEqual(store.stats.oldest, RecordID(sequence: 2))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 99)), .notInFlight)
    }

    func testOutOfOrderAcknowledgementsReleaseContiguousFront() throws {
        let store = try open()
        for tag in 1...10 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 20)) }
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), Array(1...10))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 3)), .acknowledged(released: 0))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 5)), .acknowledged(released: 0))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 2)), .acknowledged(released: 0))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 3)), .duplicate)
        XCTAssertEqual(store.stats.records, 10)
        XCTAssertEqual(store.stats.acknowledgedUnreleased, 3)
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 1)), .acknowledged(released: 3))
        XCTAssertEqual(store.stats.oldest, RecordID(sequence: 4))
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 4)), .acknowledged(released: 2))
        XCTAssertEqual(store.stats.records, 5)
        XCTAssertEqual(store.stats.inFlight, 5)
        XCTAssertEqual(try store.heldRecordIDs().map(\.sequence), Array(6...10))
    }

    func testResetInFlightResendsUnacknowledgedOldestFirst() throws {
        let store = try open()
        for tag in 1...6 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 12)) }
        for _ in 1...4 {
            let record = try XCTUnwrap(store.nextToSend())
            store.markInFlight(record.id)
        }
        try store.acknowledge(RecordID(sequence: 2))
        try store.acknowledge(RecordID(sequence: 4))
        store.resetInFlight()
        XCTAssertEqual(store.stats.inFlight, 0)
        // 1 and 3 again, 2 and 4 not (acknowledged), then the unsent 5 and 6; new records join the tail.
        try store.append(kind: 1, payload: RingTest.payload(7, length: 12))
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), [1, 3, 5, 6, 7])
        // An ack for a message sent before the reset is not ours any more; one sent after it is.
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 1)), .acknowledged(released: 2))
    }

    func testReconnectInTheMiddleOfAReplayLosesNothing() throws {
        let store = try open()
        for tag in 1...40 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 30)) }
        var delivered = Set<UInt64>()
        var round = 0
        var appended = 0
        while store.stats.records > 0 {
            round += 1
            var window: [RecordID] = []
            // Send up to 8, acknowledge about half of them (in reverse), then "disconnect".
            while window.count < 8, let record = try store.nextToSend() {
                XCTAssertEqual(record.payload, RingTest.payload(Int(record.id.sequence), length: 30))
                store.markInFlight(record.id)
                window.append(record.id)
            }
            for id in window.prefix(window.count / 2 + 1).reversed() {
                try store.acknowledge(id)
                delivered.insert(id.sequence)
            }
            if round % 3 == 0 && round < 12 {
                try store.append(kind: 1, payload: RingTest.payload(Int(store.nextID.sequence), length: 30))
                appended += 1
            }
            store.resetInFlight()
            XCTAssertLessThan(round, 100)
        }
        XCTAssertEqual(delivered, Set(1...UInt64(40 + appended)))
    }

    func testInFlightTableBoundsOutOfOrderBookkeeping() throws {
        let store = try open(maxInFlight: 4)
        for tag in 1...8 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 8)) }
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), [1, 2, 3, 4])
        for sequence in [2, 3, 4] as [UInt64] { try store.acknowledge(RecordID(sequence: sequence)) }
        // 1 is still out: the three early acks keep their places and nothing more is offered.
        XCTAssertNil(try store.nextToSend())
        XCTAssertEqual(store.stats.acknowledgedUnreleased, 3)
        XCTAssertEqual(try store.acknowledge(RecordID(sequence: 1)), .acknowledged(released: 4))
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), [5, 6, 7, 8])
    }

    func testReopenPreservesOrderSequencesAndEarlyAcks() throws {
        var store = try open()
        for tag in 1...10 { try store.append(kind: UInt8(tag), payload: RingTest.payload(tag, length: 5 + tag)) }
        _ = try RingTest.sendAll(store)
        try store.acknowledge(RecordID(sequence: 1))
        try store.acknowledge(RecordID(sequence: 2))
        try store.acknowledge(RecordID(sequence: 5))
        try store.acknowledge(RecordID(sequence: 7))
        try store.close()
        XCTAssertThrowsError(try store.append(kind: 1, payload: [1])) { error in
            XCTAssertEqual(error as? StoreError, .closed(path: "\(self.directory)/ring"))
        }
        store = try open()
        let notes = store.takeNotes()
        XCTAssertEqual(notes, [.restored(path: "\(directory)/ring", records: 8, acknowledged: 2)])
        let held = try RingTest.held(store)
        XCTAssertEqual(held.map(\.id.sequence), Array(3...10))
        for record in held {
            XCTAssertEqual(record.payload, RingTest.payload(Int(record.id.sequence), length: 5 + Int(record.id.sequence)))
            XCTAssertEqual(record.kind, UInt8(record.id.sequence))
        }
        // The early acks were checkpointed: 5 and 7 are not sent again.
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), [3, 4, 6, 8, 9, 10])
        // A clean close keeps the numbering: the next record is 11.
        XCTAssertEqual(try store.append(kind: 1, payload: [1]), RecordID(sequence: 11))
    }

    /// More early acks stored than a smaller in-flight table can hold (the window was lowered between
    /// runs): the oldest record must still be sendable, never a stalled ring.
    func testReopenWithSmallerInFlightTableNeverStalls() throws {
        var store = try open()
        for tag in 1...20 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 8)) }
        _ = try RingTest.sendAll(store)
        for sequence in 2...20 { try store.acknowledge(RecordID(sequence: UInt64(sequence))) }
        try store.close()
        store = try open(maxInFlight: 4)
        XCTAssertEqual(store.stats.acknowledgedUnreleased, 3, "one place is kept for the oldest record")
        let first = try XCTUnwrap(store.nextToSend())
        XCTAssertEqual(first.id.sequence, 1)
        store.markInFlight(first.id)
        XCTAssertEqual(try store.acknowledge(first.id), .acknowledged(released: 4))
        // The early acks that did not fit are sent again (at least once), then the ring drains.
        var resent: [UInt64] = []
        while let record = try store.nextToSend() {
            store.markInFlight(record.id)
            resent.append(record.id.sequence)
            try store.acknowledge(record.id)
        }
        XCTAssertEqual(resent, Array(5...20))
        XCTAssertEqual(store.stats.records, 0)
    }

    func testInvalidRecordsAreRefusedClearly() throws {
        let store = try open(size: 16384)
        XCTAssertThrowsError(try store.append(kind: 0, payload: [1])) { error in
            XCTAssertEqual(error as? StoreError, .invalidKind(path: "\(self.directory)/ring", kind: 0))
        }
        XCTAssertThrowsError(try store.append(kind: 1, payload: [UInt8](repeating: 1, count: 5000))) { error in
            XCTAssertEqual(error as? StoreError, .recordTooLarge(path: "\(self.directory)/ring", bytes: 5000, limit: 3072))
        }
        XCTAssertEqual(try store.append(kind: 1, payload: []), RecordID(sequence: 1))
        XCTAssertEqual(try store.nextToSend()?.payload, [])
        XCTAssertThrowsError(try RingStore.open(path: "\(directory)/small", sizeBytes: 4096)) { error in
            XCTAssertEqual(error as? StoreError, .invalidSize(path: "\(self.directory)/small", bytes: 4096,
                                                            minimum: 8192, maximum: 1 << 30))
            XCTAssertTrue("\(error)".contains("4096"))
        }
    }
}
