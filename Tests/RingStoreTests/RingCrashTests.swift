// The crash test: a writer process (`pinpost-bench store-crash-writer`) appends, sends and acknowledges
// records (out of order, with simulated reconnects) on a small ring, and is killed with SIGKILL at random
// moments, hundreds of times. After each kill the ring is reopened — by this test, or by the next writer
// itself — and checked against what the writer reported on stdout:
// - every record reported appended and then synced is held, unless its acknowledgement was synced too;
// - no record whose acknowledgement was synced is still to be sent (it is never sent twice);
// - every held record is one the writer appended, intact, in increasing order, exactly once;
// - nothing was dropped (the writer keeps its backlog far below the ring's size).
import Foundation
import XCTest
@testable import RingStore

final class RingCrashTests: XCTestCase {
    var directory = ""
    override func setUp() { directory = RingTest.makeDirectory() }
    override func tearDown() { try? FileManager.default.removeItem(atPath: directory) }

    /// What the writers have reported so far, and what that implies about the ring's content.
    struct Model {
        /// Held for certain: appended and synced, acknowledgement not synced.
        var mustHold = Set<UInt64>()
        /// Acknowledged and synced: must never be held again.
        var released = Set<UInt64>()
        /// Appended or acknowledged without a sync since, in a run that was killed: either way is right.
        var uncertain = Set<UInt64>()
        var appendedEver = Set<UInt64>()

        /// Applies one killed run's output (complete lines only).
        mutating func apply(_ output: String) throws {
            var appended = Set<UInt64>()
            var acknowledged = Set<UInt64>()
            var lastAppended: UInt64?
            var opened: UInt64?
            for line in output.split(separator: "\n", omittingEmptySubsequences: true) {
                let parts = line.split(separator: " ")
                switch parts.first {
                case "O": opened = UInt64(parts[1])
                case "A":
                    let sequence = try XCTUnwrap(UInt64(parts[1]))
                    appended.insert(sequence)
                    appendedEver.insert(sequence)
                    lastAppended = sequence
                case "K":
                    let sequence = try XCTUnwrap(UInt64(parts[1]))
                    acknowledged.insert(sequence)
                    mustHold.remove(sequence)
                    uncertain.remove(sequence)
                case "S":
                    mustHold.formUnion(appended.subtracting(acknowledged))
                    released.formUnion(acknowledged)
                    mustHold.subtract(acknowledged)
                    appended.removeAll()
                    acknowledged.removeAll()
                default:
                    XCTFail("writer reported: \(line)")
                }
            }
            uncertain.formUnion(appended)
            uncertain.formUnion(acknowledged)
            // The kill may have landed between an append and its line: that record may exist, unreported.
            if let next = lastAppended.map({ $0 + 1 }) ?? opened {
                uncertain.insert(next)
                appendedEver.insert(next)
            }
        }

        /// Checks the reopened ring's unacknowledged records and learns them: from now on they are certain.
        mutating func verify(_ held: [PendingRecord], after kill: Int) {
            let ids = held.map(\.id.sequence)
            XCTAssertEqual(ids, ids.sorted(), "kill \(kill): increasing order")
            XCTAssertEqual(Set(ids).count, ids.count, "kill \(kill): each record once")
            for record in held {
                let sequence = record.id.sequence
                XCTAssertEqual(record.payload, StoreCrashWriterPayload.payload(for: sequence), "kill \(kill): #\(sequence) intact")
                XCTAssertTrue(appendedEver.contains(sequence), "kill \(kill): #\(sequence) was never appended")
                XCTAssertFalse(released.contains(sequence), "kill \(kill): #\(sequence) was acknowledged and synced, yet held")
            }
            let missing = mustHold.subtracting(ids)
            XCTAssertTrue(missing.isEmpty, "kill \(kill): synced records lost: \(missing.sorted().prefix(10))")
            mustHold = Set(ids)
            uncertain.removeAll()
        }
    }

    func testSurvivesHundredsOfKillsWithoutLossOrDuplicates() throws {
        let writer = try StoreCrashWriterPayload.executable()
        let path = "\(directory)/ring"
        let outputPath = "\(directory)/writer.out"
        var model = Model()
        var kills = 0
        var verifications = 0
        var random = SystemRandomNumberGenerator()
        let started = Date()
        while kills < 220 && Date().timeIntervalSince(started) < 50 {
            XCTAssertTrue(FileManager.default.createFile(atPath: outputPath, contents: nil))
            let output = try XCTUnwrap(FileHandle(forWritingAtPath: outputPath))
            let process = Process()
            process.executableURL = writer
            process.arguments = ["store-crash-writer", path, "65536", String(UInt64.random(in: 1...UInt64.max, using: &random))]
            process.standardOutput = output
            try process.run()
            // Wait until the ring is open (or a few ms, to also kill some writers during recovery).
            let openDeadline = Date().addingTimeInterval(Double.random(in: 0...1, using: &random) < 0.1 ? 0.003 : 2)
            while Date() < openDeadline && !(String(decoding: RingTest.bytes(outputPath), as: UTF8.self).hasPrefix("O ")) {
                usleep(500)
            }
            usleep(UInt32.random(in: 0...25_000, using: &random))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            try output.close()
            XCTAssertEqual(process.terminationReason, .uncaughtSignal, "the writer stopped by itself: \(RingTest.bytes(outputPath).count) bytes out")
            kills += 1
            var text = String(decoding: RingTest.bytes(outputPath), as: UTF8.self)
            if !text.hasSuffix("\n"), let lastNewline = text.lastIndex(of: "\n") {
                text = String(text[...lastNewline])  // a line cut by the kill is not a report
            } else if !text.hasSuffix("\n") {
                text = ""
            }
            try model.apply(text)
            // Two kills in three are checked here; the third time the next writer recovers the crashed
            // file itself (and is itself killed, sometimes during that recovery).
            if kills % 3 != 0 {
                let store = try RingStore.open(path: path, sizeBytes: 65536, options: RingStoreOptions(sync: .manual))
                // Records acknowledged out of order stay in the ring until the older ones are acknowledged,
                // but are never sent again: what counts is what is still to be sent.
                let acknowledged = Set(store.table.acknowledgedSequences)
                let pending = try RingTest.held(store).filter { !acknowledged.contains($0.id.sequence) }
                model.verify(pending, after: kills)
                XCTAssertEqual(store.stats.droppedRecords, 0)
                try store.close()
                verifications += 1
            }
        }
        print("crash test: \(kills) kills, \(verifications) reopen checks, \(model.released.count) records acknowledged and synced, \(model.appendedEver.count) appended")
        XCTAssertGreaterThanOrEqual(kills, 200)
        XCTAssertGreaterThan(model.released.count, 1000, "the writers made progress")
        XCTAssertGreaterThan(verifications, 130)
    }

    /// A second process cannot open a ring in use, and a killed writer leaves no stale lock behind.
    func testRingInUseIsLockedAndAKillReleasesTheLock() throws {
        let path = "\(directory)/ring"
        let outputPath = "\(directory)/writer.out"
        XCTAssertTrue(FileManager.default.createFile(atPath: outputPath, contents: nil))
        let output = try XCTUnwrap(FileHandle(forWritingAtPath: outputPath))
        let process = Process()
        process.executableURL = try StoreCrashWriterPayload.executable()
        process.arguments = ["store-crash-writer", path, "65536", "1"]
        process.standardOutput = output
        try process.run()
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && !String(decoding: RingTest.bytes(outputPath), as: UTF8.self).hasPrefix("O ") { usleep(1000) }
        XCTAssertThrowsError(try RingStore.open(path: path, sizeBytes: 65536)) { error in
            XCTAssertEqual(error as? StoreError, .locked(path: path))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        try output.close()
        let store = try RingStore.open(path: path, sizeBytes: 65536)
        XCTAssertGreaterThan(store.nextID.sequence, 1)
        try store.close()
    }
}


/// The writer's payload rule (the same function as bench/Sources/pinpost-bench/StoreCrashWriter.swift;
/// the test checks every held record's bytes against it) and where the built writer is.
enum StoreCrashWriterPayload {
    static func payload(for sequence: UInt64) -> [UInt8] {
        let length = 8 + Int(sequence % 97) * 3
        var bytes = Array("seq\(sequence):".utf8)
        while bytes.count < length { bytes.append(UInt8(truncatingIfNeeded: sequence &* 31 &+ UInt64(bytes.count))) }
        return bytes
    }

    /// `pinpost-bench`, which SwiftPM builds next to the test bundle (PINPOST_BENCH_BIN overrides).
    static func executable() throws -> URL {
        if let override = ProcessInfo.processInfo.environment["PINPOST_BENCH_BIN"] {
            return URL(fileURLWithPath: override)
        }
        let candidates = [
            Bundle(for: Marker.self).bundleURL.deletingLastPathComponent().appendingPathComponent("pinpost-bench"),
            Bundle.main.bundleURL.appendingPathComponent("pinpost-bench"),
        ]
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        XCTFail("pinpost-bench is not built next to the tests (swift build --product pinpost-bench)")
        throw CocoaError(.fileNoSuchFile)
    }

    private final class Marker {}
}
