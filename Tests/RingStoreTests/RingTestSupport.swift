// Shared helpers for the ring store tests: temporary files, payloads that identify their record, raw file
// edits (truncate, flip, restore) and a full read of what a store holds.
import Foundation
import XCTest
@testable import RingStore

enum RingTest {
    /// A fresh directory per test, removed by the caller's tearDown.
    static func makeDirectory() -> String {
        let path = NSTemporaryDirectory() + "ringstore-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A payload that names its record and has the given length, so a mixed-up record is noticed.
    static func payload(_ tag: Int, length: Int) -> [UInt8] {
        var bytes = Array("r\(tag):".utf8)
        while bytes.count < length { bytes.append(UInt8(truncatingIfNeeded: tag &* 7 &+ bytes.count)) }
        return Array(bytes.prefix(length))
    }

    static func bytes(_ path: String) -> [UInt8] { [UInt8](FileManager.default.contents(atPath: path) ?? Data()) }

    static func write(_ bytes: [UInt8], to path: String) {
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(bytes)), "cannot write \(path)")
    }

    /// Every held record (id, kind, payload), oldest first.
    static func held(_ store: RingStore) throws -> [PendingRecord] {
        try store.heldRecordIDs().map { id in
            guard let record = try store.record(id) else { throw NSError(domain: "missing \(id)", code: 1) }
            return record
        }
    }

    /// Sends everything sendable (marking it in flight), oldest first, without acknowledging.
    static func sendAll(_ store: RingStore) throws -> [PendingRecord] {
        var sent: [PendingRecord] = []
        while let record = try store.nextToSend() {
            XCTAssertTrue(store.markInFlight(record.id))
            sent.append(record)
        }
        return sent
    }
}
