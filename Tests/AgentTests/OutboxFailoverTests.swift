// A buffer file that fails while the gateway runs (an SD card remounted read-only, a dying card): new
// records move to a memory ring, what the file holds is still sent first, nothing is lost and nothing is
// sent twice. The failure is real: the ring's descriptor is replaced by a read-only descriptor of the same
// file, so every pwrite the store makes fails in the kernel (EBADF) while preads keep working, as on a
// filesystem the kernel turned read-only.
import Config
import RingStore
import Foundation
import XCTest
@testable import Agent

final class OutboxFailoverTests: XCTestCase {
    private var directory = ""
    private var lines: [String] = []

    override func setUpWithError() throws {
        directory = NSTemporaryDirectory() + "outbox-failover-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        lines = []
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(atPath: directory)
    }

    private func open(_ path: String, sync: BufferSyncPolicy = BufferSyncPolicy(everyRecords: 1, everyMs: 1000)) throws -> Outbox {
        let log = Logger(minimumLevel: .debug, sink: { [unowned self] in lines.append($0) })
        return try Outbox(BufferConfig(mode: .file, path: path, sizeBytes: 256 * 1024, sync: sync), maxInFlight: 16, log: log)
    }

    /// Makes every later write to `path` through this process's open descriptor fail, reads still work.
    private func makeReadOnly(_ path: String) throws { try reopenRingDescriptor(path, O_RDONLY) }

    /// Makes every later read of `path` through this process's open descriptor fail, writes still work.
    private func makeWriteOnly(_ path: String) throws { try reopenRingDescriptor(path, O_WRONLY) }

    private func reopenRingDescriptor(_ path: String, _ flags: Int32) throws {
        let fds = try FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")
        let ringFD = try XCTUnwrap(fds.compactMap(Int32.init).first { fd in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(fd)")) == path
        }, "the ring's descriptor")
        let replacement = Glibc.open(path, flags)
        XCTAssertGreaterThanOrEqual(replacement, 0)
        XCTAssertEqual(dup2(replacement, ringFD), ringFD)
        Glibc.close(replacement)
    }

    private func append(_ outbox: Outbox, _ names: [String]) {
        for name in names { outbox.append(.gatewayTelemetry, Array(name.utf8)) }
    }

    /// Takes up to `count` records as the agent's pump does (published, then in flight).
    private func send(_ outbox: Outbox, upTo count: Int) -> [OutboxRecord] {
        var sent: [OutboxRecord] = []
        while sent.count < count, let record = outbox.nextToSend() {
            outbox.markInFlight(record.id)
            sent.append(record)
        }
        return sent
    }

    private func text(_ records: [OutboxRecord]) -> [String] { records.map { String(decoding: $0.payload, as: UTF8.self) } }

    func testAFileThatStopsTakingWritesSpillsToMemoryAndDeliversEverythingInOrderOnce() throws {
        let path = directory + "/buffer.ring"
        let outbox = try open(path)
        append(outbox, ["r1", "r2", "r3", "r4", "r5"])
        let inFlightAtFailure = send(outbox, upTo: 2)
        XCTAssertEqual(text(inFlightAtFailure), ["r1", "r2"])
        XCTAssertEqual(outbox.storage, "file")

        try makeReadOnly(path)
        append(outbox, ["r6", "r7", "r8"])
        XCTAssertTrue(outbox.fileFailed)
        XCTAssertTrue(outbox.storage.hasPrefix("memory (buffer file failed: ring \(path): pwrite"), outbox.storage)
        let errors = lines.filter { $0.contains("level=error") }
        XCTAssertEqual(errors.count, 1, "one error line for the failure, not one per record: \(errors)")
        let error = errors.first ?? "(none)"
        XCTAssertTrue(error.contains("buffer file failed") && error.contains("path=\(path)") && error.contains("Bad file descriptor"), error)
        XCTAssertEqual(outbox.stats.records, 8)
        XCTAssertEqual(outbox.stats.lost, 0)

        // The file's records go first; spilled ones wait until the file's last record is acknowledged.
        let fromFile = send(outbox, upTo: 10)
        XCTAssertEqual(text(fromFile), ["r3", "r4", "r5"])
        for record in inFlightAtFailure + fromFile { outbox.acknowledge(record.id) }
        append(outbox, ["r9"])
        var delivered = inFlightAtFailure + fromFile
        while true {
            let batch = send(outbox, upTo: 2)
            if batch.isEmpty { break }
            for record in batch { outbox.acknowledge(record.id) }
            delivered += batch
        }
        XCTAssertEqual(text(delivered), ["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8", "r9"])
        XCTAssertEqual(outbox.stats.records, 0)
        XCTAssertNil(outbox.syncDueAtMs, "a failed file is not synced again (no timer spinning on it)")
    }

    func testRecordsWrittenButNotYetSyncedWhenTheFileFailsAreStillSent() throws {
        let path = directory + "/buffer.ring"
        let outbox = try open(path, sync: BufferSyncPolicy(everyRecords: 1000, everyMs: 60_000))
        append(outbox, ["a", "b"])
        XCTAssertNotNil(outbox.syncDueAtMs)
        try makeReadOnly(path)
        outbox.sync()
        XCTAssertTrue(outbox.fileFailed, "the failed checkpoint write moves new records to memory")
        append(outbox, ["c"])
        var delivered: [OutboxRecord] = []
        while let record = outbox.nextToSend() {
            outbox.markInFlight(record.id)
            outbox.acknowledge(record.id)
            delivered.append(record)
        }
        XCTAssertEqual(text(delivered), ["a", "b", "c"])
    }

    func testAStopWithRecordsOnlyInMemorySaysHowManyAreLost() throws {
        let path = directory + "/buffer.ring"
        let outbox = try open(path)
        try makeReadOnly(path)
        append(outbox, ["x", "y"])
        outbox.close()
        XCTAssertTrue(lines.contains { $0.contains("level=error") && $0.contains("lost with this stop") && $0.contains("records=2") }, "\(lines)")
    }

    func testAFileThatCannotBeReadAnyMoreKeepsItsRecordsForTheNextStartAndSendsNewOnes() throws {
        let path = directory + "/buffer.ring"
        let outbox = try open(path)
        append(outbox, ["f1", "f2", "f3"])
        try makeWriteOnly(path)
        XCTAssertNil(outbox.nextToSend(), "nothing can be read from the file")
        XCTAssertTrue(outbox.fileFailed)
        XCTAssertTrue(lines.contains { $0.contains("level=error") && $0.contains("buffer file unreadable") && $0.contains("records=3") }, "\(lines)")
        append(outbox, ["m1", "m2"])
        var delivered: [OutboxRecord] = []
        while let record = outbox.nextToSend() {
            outbox.markInFlight(record.id)
            outbox.acknowledge(record.id)
            delivered.append(record)
        }
        XCTAssertEqual(text(delivered), ["m1", "m2"], "new readings do not wait behind the unreadable file")
        outbox.close()
        XCTAssertFalse(lines.contains { $0.contains("lost with this stop") }, "nothing was left in memory")

        let nextStart = try open(path)
        XCTAssertFalse(nextStart.fileFailed)
        XCTAssertEqual(text(send(nextStart, upTo: 10)), ["f1", "f2", "f3"], "the file's records wait for the next start")
    }

    func testARecordTooLargeForTheRingIsCountedAsLostAndLoggedOncePerStreak() throws {
        let log = Logger(minimumLevel: .debug, sink: { [unowned self] in lines.append($0) })
        // A 64 KiB ring takes records up to a quarter of its data area (15,360 bytes).
        let outbox = try Outbox(BufferConfig(mode: .memory, sizeBytes: 64 * 1024), maxInFlight: 16, log: log)
        let tooLarge = [UInt8](repeating: 0x41, count: 20_000)
        outbox.append(.gatewayTelemetry, tooLarge)
        outbox.append(.gatewayTelemetry, tooLarge)
        XCTAssertEqual(outbox.stats.lost, 2)
        XCTAssertEqual(outbox.stats.records, 0)
        let errors = lines.filter { $0.contains("level=error") }
        XCTAssertEqual(errors.count, 1, "\(errors)")
        XCTAssertTrue(errors.first?.contains("the record is lost") == true && errors.first?.contains("20000-byte record") == true, "\(errors)")
        XCTAssertFalse(outbox.fileFailed, "a record's problem is not the buffer's")
        append(outbox, ["ok"])
        XCTAssertTrue(lines.contains { $0.contains("buffer works again") })
        XCTAssertEqual(text(send(outbox, upTo: 5)), ["ok"])
    }

    func testAFileThatCannotBeOpenedIsReplacedByAMemoryRing() throws {
        // The parent is a regular file: open fails with ENOTDIR, as it would for a missing mount.
        let parent = directory + "/not-a-directory"
        XCTAssertTrue(FileManager.default.createFile(atPath: parent, contents: Data()))
        let outbox = try open(parent + "/buffer.ring")
        XCTAssertTrue(outbox.fileFailed)
        XCTAssertTrue(outbox.storage.hasPrefix("memory (buffer file failed: ring \(parent)/buffer.ring: open"), outbox.storage)
        XCTAssertTrue(lines.contains { $0.contains("level=error") && $0.contains("buffer file unusable") && $0.contains("Not a directory") }, "\(lines)")
        append(outbox, ["m1", "m2"])
        XCTAssertEqual(text(send(outbox, upTo: 5)), ["m1", "m2"])
        XCTAssertEqual(outbox.stats.capacityBytes, 256 * 1024 - 4096, "the memory ring has the configured size (under 8 MiB)")
    }

    func testAFileHoldingAnotherRingSizeStillRefusesToStart() throws {
        let path = directory + "/buffer.ring"
        try open(path).close()
        let log = Logger(minimumLevel: .debug, sink: { _ in })
        XCTAssertThrowsError(try Outbox(BufferConfig(mode: .file, path: path, sizeBytes: 512 * 1024), maxInFlight: 16, log: log)) { error in
            guard case .sizeMismatch = error as? StoreError else { return XCTFail("\(error)") }
        }
    }
}
