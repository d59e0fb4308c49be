// Damage that is not a torn write: a corrupt region inside flushed records, damaged header slots, random
// bit flips anywhere, damage found while running, and files that are not (or no longer) this ring.
import XCTest
@testable import RingStore

final class RingCorruptionTests: XCTestCase {
    var directory = ""
    var path: String { "\(directory)/ring" }
    override func setUp() { directory = RingTest.makeDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// 30 flushed records of 50-byte payloads (66 bytes each) from the start of the data area, closed
    /// uncleanly (no close: like a crash after the last sync). Returns the file offset of each record.
    func makeRing(records: Int = 30) throws -> [Int] {
        let store = try RingStore.open(path: path, sizeBytes: 16384, options: RingStoreOptions(sync: .manual))
        var offsets: [Int] = []
        for tag in 1...records {
            offsets.append(Int(store.physicalOffset(store.tail)))
            try store.append(kind: 1, payload: RingTest.payload(tag, length: 50))
        }
        try store.sync()
        try store.sync()  // nothing new: no second checkpoint; the next line makes one
        try store.append(kind: 1, payload: RingTest.payload(records + 1, length: 50))
        try store.sync()  // now the durable tail of the checkpoint covers the first `records`
        return offsets
    }

    func held(_ store: RingStore) throws -> [Int] {
        try RingTest.held(store).map { record in
            let tag = Int(record.id.sequence)
            XCTAssertEqual(record.payload, RingTest.payload(tag, length: 50), "record \(tag) intact")
            return tag
        }
    }

    func testCorruptRegionInTheMiddleIsSkippedAndReported() throws {
        let offsets = try makeRing()
        var bytes = RingTest.bytes(path)
        bytes[offsets[9] + 30] ^= 0xFF    // record 10's payload
        bytes[offsets[10] + 2] ^= 0x01    // record 11's CRC
        RingTest.write(bytes, to: path)
        let store = try RingStore.open(path: path, sizeBytes: 16384)
        XCTAssertEqual(store.takeNotes(), [
            .corruptRegion(path: path, offset: Int64(offsets[9]), length: 2 * 66),
            .restored(path: path, records: 29, acknowledged: 0),
        ])
        XCTAssertEqual(try held(store), Array(1...9) + Array(12...31))
        XCTAssertEqual(store.stats.records, 29)
        XCTAssertEqual(store.stats.corruptRegions, 1)
        // The hole is padding now: the next open finds nothing to report and the same records.
        try store.close()
        let reopened = try RingStore.open(path: path, sizeBytes: 16384)
        XCTAssertEqual(reopened.takeNotes(), [.restored(path: path, records: 29, acknowledged: 0)])
        XCTAssertEqual(try held(reopened), Array(1...9) + Array(12...31))
        let sent = try RingTest.sendAll(reopened).map(\.id.sequence)
        XCTAssertEqual(sent, (Array(1...9) + Array(12...31)).map(UInt64.init))
        for id in sent { try reopened.acknowledge(RecordID(sequence: id)) }
        XCTAssertEqual(reopened.stats.records, 0)
        XCTAssertEqual(reopened.stats.bytes, 0, "the head moved over the padding too")
    }

    func testDamageFoundWhileRunningIsSkippedWithANote() throws {
        let offsets = try makeRing()
        let store = try RingStore.open(path: path, sizeBytes: 16384)
        _ = store.takeNotes()
        // Bit rot after open: record 5 changes on the medium.
        let handle = try XCTUnwrap(FileHandle(forUpdatingAtPath: path))
        try handle.seek(toOffset: UInt64(offsets[4] + 20))
        try handle.write(contentsOf: [0xEE])
        try handle.close()
        XCTAssertEqual(try RingTest.sendAll(store).map(\.id.sequence), (Array(1...4) + Array(6...31)).map(UInt64.init))
        XCTAssertEqual(store.takeNotes(), [.corruptRegion(path: path, offset: Int64(offsets[4]), length: 66)])
        XCTAssertEqual(store.stats.records, 30)
    }

    func testDamagedHeaderSlotAOrBUsesTheOther() throws {
        _ = try makeRing()
        let original = RingTest.bytes(path)
        for (slot, offset) in [(0, 0), (1, 2048)] {
            var bytes = original
            bytes[offset + 40] ^= 0x10  // the head position: CRC no longer matches
            RingTest.write(bytes, to: path)
            let store = try RingStore.open(path: path, sizeBytes: 16384)
            let notes = store.takeNotes()
            XCTAssertEqual(try held(store), Array(1...31), "slot \(slot)")
            // Only the older slot being damaged is silent about nothing: either way the note names it when it
            // was not the one used.
            let damagedNote = RecoveryNote.headerSlotDamaged(path: path, slot: slot, offset: Int64(offset))
            XCTAssertTrue(notes.contains(damagedNote), "slot \(slot): \(notes)")
            try store.close()
        }
    }

    func testBothHeaderSlotsDamagedResetsTheRingWithANote() throws {
        _ = try makeRing()
        var bytes = RingTest.bytes(path)
        bytes[100] ^= 1
        bytes[2048 + 100] ^= 1
        RingTest.write(bytes, to: path)
        let store = try RingStore.open(path: path, sizeBytes: 16384)
        XCTAssertEqual(store.takeNotes(), [.headerLost(path: path)])
        XCTAssertEqual(store.stats.records, 0)
        try store.append(kind: 1, payload: [1, 2, 3])
        try store.close()
        // The old records (another file id now) never come back.
        let reopened = try RingStore.open(path: path, sizeBytes: 16384)
        XCTAssertEqual(try RingTest.held(reopened).map(\.payload), [[1, 2, 3]])
    }

    func testRandomBitFlipsAnywhereNeverCrash() throws {
        _ = try makeRing()
        let original = RingTest.bytes(path)
        var random = SystemRandomNumberGenerator()
        var opened = 0
        for round in 0..<300 {
            var bytes = original
            let flips = Int.random(in: 1...12, using: &random)
            for _ in 0..<flips {
                // Half the rounds aim at the used part (headers and the first records), half anywhere.
                let limit = round % 2 == 0 ? 4096 + 31 * 66 : bytes.count
                let index = Int.random(in: 0..<limit, using: &random)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            }
            RingTest.write(bytes, to: path)
            let store: RingStore
            do {
                store = try RingStore.open(path: path, sizeBytes: 16384)
            } catch {
                // Only a clear refusal is allowed (both magics hit), never a crash.
                if case .notARingFile = error { continue }
                if case .sizeMismatch = error { continue }
                if case .unsupportedVersion = error { continue }
                XCTFail("round \(round): \(error)")
                continue
            }
            opened += 1
            let tags = try held(store)
            XCTAssertEqual(tags, tags.sorted(), "round \(round): in order")
            XCTAssertEqual(Set(tags).count, tags.count, "round \(round): each once")
            for tag in tags { XCTAssertTrue((1...31).contains(tag), "round \(round): only real records") }
            // Still usable.
            for record in try RingTest.sendAll(store) { try store.acknowledge(record.id) }
            try store.append(kind: 1, payload: [9])
            try store.close()
        }
        XCTAssertGreaterThan(opened, 250)
    }

    func testSizeMismatchIsRefusedOrRecreatedOnRequest() throws {
        _ = try makeRing()
        XCTAssertThrowsError(try RingStore.open(path: path, sizeBytes: 32768)) { error in
            XCTAssertEqual(error as? StoreError, .sizeMismatch(path: self.path, fileBytes: 16384, configuredBytes: 32768))
            XCTAssertTrue("\(error)".contains("16384"))
            XCTAssertTrue("\(error)".contains("32768"))
        }
        XCTAssertEqual(RingTest.bytes(path).count, 16384, "the file is left alone")
        let store = try RingStore.open(path: path, sizeBytes: 32768,
                                       options: RingStoreOptions(onSizeMismatch: .recreate))
        XCTAssertEqual(store.takeNotes(), [.recreated(path: path, oldBytes: 16384, newBytes: 32768)])
        XCTAssertEqual(store.stats.records, 0)
        XCTAssertEqual(RingTest.bytes(path).count, 32768)
    }

    func testForeignFileIsRefusedAndTruncatedFileExtended() throws {
        RingTest.write(Array("not a ring, someone's notes\n".utf8) + [UInt8](repeating: 7, count: 9000), to: path)
        XCTAssertThrowsError(try RingStore.open(path: path, sizeBytes: 16384)) { error in
            XCTAssertEqual(error as? StoreError, .notARingFile(path: self.path))
        }
        try FileManager.default.removeItem(atPath: path)
        let offsets = try makeRing()
        let bytes = RingTest.bytes(path)
        RingTest.write(Array(bytes[0..<offsets[20]]), to: path)
        let store = try RingStore.open(path: path, sizeBytes: 16384)
        let notes = store.takeNotes()
        XCTAssertEqual(notes.first, .fileExtended(path: path, fromBytes: Int64(offsets[20]), toBytes: 16384))
        XCTAssertTrue(notes.contains(.corruptRegion(path: path, offset: Int64(offsets[20]), length: 11 * 66)), "\(notes)")
        XCTAssertEqual(try held(store), Array(1...20))
        XCTAssertEqual(RingTest.bytes(path).count, 16384)
    }

    func testMissingDirectoryIsAClearError() {
        XCTAssertThrowsError(try RingStore.open(path: "\(directory)/absent/ring", sizeBytes: 16384)) { error in
            XCTAssertEqual(error as? StoreError, .io(operation: "open", path: "\(self.directory)/absent/ring", offset: 0, errno: 2))
            XCTAssertTrue("\(error)".contains("No such file or directory"))
        }
    }
}
