// A write torn at every byte of the last record: the file cut there, the rest of the record still holding
// the bytes from before the write (what a power cut leaves on a preallocated file), or one byte damaged.
// Every time: the earlier records come back intact and in order, the torn one is gone, nothing crashes,
// and the ring keeps working.
import XCTest
@testable import RingStore

final class RingTornWriteTests: XCTestCase {
    var directory = ""
    override func setUp() { directory = RingTest.makeDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    struct Scenario {
        var before: [UInt8]
        var after: [UInt8]
        /// File offset and size of the last record.
        var offset: Int
        var size: Int
    }

    /// Ten flushed records, then an 11th whose write (and checkpoint) completes; the bytes before and after.
    /// The ring has wrapped once, so the bytes under the last record are older records, not zeros.
    func makeScenario() throws -> Scenario {
        let path = "\(directory)/base"
        let store = try RingStore.open(path: path, sizeBytes: 8192, options: RingStoreOptions(sync: .manual))
        // First lap: fill and release, so the data area is full of old records.
        for tag in 1...40 {
            try store.append(kind: 1, payload: RingTest.payload(1000 + tag, length: 100))
            let record = try XCTUnwrap(store.nextToSend())
            store.markInFlight(record.id)
            try store.acknowledge(record.id)
        }
        for tag in 1...10 { try store.append(kind: 1, payload: RingTest.payload(tag, length: 40)) }
        try store.sync()
        let before = RingTest.bytes(path)
        let position = store.tail
        let offset = Int(store.physicalOffset(position))
        try store.append(kind: 1, payload: RingTest.payload(11, length: 90))
        try store.sync()
        let size = Int(store.tail - position)
        XCTAssertEqual(size, 106)
        XCTAssertLessThanOrEqual(offset + size, 8192, "the last record does not wrap (kept simple on purpose)")
        let after = RingTest.bytes(path)
        try store.close()
        return Scenario(before: before, after: after, offset: offset, size: size)
    }

    func checkRecovered(_ bytes: [UInt8], label: String, expectTornNote: Bool, lastSurvives: Bool = false) throws {
        let path = "\(directory)/torn"
        RingTest.write(bytes, to: path)
        let store = try RingStore.open(path: path, sizeBytes: 8192, options: RingStoreOptions(sync: .manual))
        let held = try RingTest.held(store)
        let firstID = try XCTUnwrap(held.first?.id.sequence, label)
        let count = lastSurvives ? 11 : 10
        XCTAssertEqual(held.count, count, label)
        for (index, record) in held.enumerated() {
            XCTAssertEqual(record.id.sequence, firstID + UInt64(index), label)
            XCTAssertEqual(record.payload, RingTest.payload(index + 1, length: index == 10 ? 90 : 40), label)
        }
        let notes = store.takeNotes()
        if expectTornNote {
            XCTAssertTrue(notes.contains { if case .tornTail = $0 { return true } else { return false } }, "\(label): \(notes)")
        }
        // Still a working ring: a new record goes where the torn one was, numbered above anything seen.
        let id = try store.append(kind: 1, payload: RingTest.payload(12, length: 30))
        XCTAssertGreaterThan(id.sequence, firstID + UInt64(count - 1), label)
        try store.close()
        let reopened = try RingStore.open(path: path, sizeBytes: 8192)
        XCTAssertEqual(try reopened.heldRecordIDs(), held.map(\.id) + [id], label)
        try reopened.close()
    }

    func testTruncatedAtEveryByteOfTheLastRecord() throws {
        let scenario = try makeScenario()
        for cut in 0..<scenario.size {
            try checkRecovered(Array(scenario.after[0..<(scenario.offset + cut)]), label: "cut at +\(cut)",
                               expectTornNote: true)
        }
    }

    func testTornAtEveryByteOfTheLastRecord() throws {
        let scenario = try makeScenario()
        for torn in 0..<scenario.size {
            var bytes = scenario.after
            for index in (scenario.offset + torn)..<(scenario.offset + scenario.size) { bytes[index] = scenario.before[index] }
            try checkRecovered(bytes, label: "torn at +\(torn)", expectTornNote: true)
        }
    }

    func testDamagedByteAtEveryOffsetOfTheLastRecord() throws {
        let scenario = try makeScenario()
        for damaged in 0..<scenario.size {
            var bytes = scenario.after
            bytes[scenario.offset + damaged] ^= 0x20
            try checkRecovered(bytes, label: "damaged at +\(damaged)", expectTornNote: true)
        }
    }

    /// The checkpoint slot being written when the power went: the other slot is used.
    func testTornCheckpointSlotFallsBackToTheOtherSlot() throws {
        let scenario = try makeScenario()
        for slotOffset in [0, 2048] {
            for cut in stride(from: 0, to: CheckpointSlot.byteCount, by: 97) {
                var bytes = scenario.after
                for index in (slotOffset + cut)..<(slotOffset + CheckpointSlot.byteCount) { bytes[index] = 0 }
                if cut < 8 { bytes[slotOffset] = 0x50 }  // keep it recognisably damaged rather than blank
                try checkRecovered(bytes, label: "slot at \(slotOffset) cut at \(cut)", expectTornNote: false, lastSurvives: true)
            }
        }
    }
}
