// The agent's view of the offline buffer (RingStore): buffered uplinks go in before they are published
// and come out only when the broker acknowledged them. This adapter keeps the session code free of store
// details: it logs what the store reports (recovery notes, I/O errors, overwritten records) in one place.
//
// A failing buffer file does not stop the gateway. SD cards on unattended boards die or get remounted
// read-only by the kernel; losing every reading from then on, or exiting in a restart loop, would be
// worse than carrying on with less durability. So an I/O error on the file (at open, append, read or
// sync) moves new records to a memory ring ("spill"), logged once as an error and shown in the status and
// self-telemetry. What the file still holds is sent first, as long as it can be read; records in flight
// when the file failed are acknowledged as usual. The spill lives until the process ends: records still
// in it at a stop are lost (said in the log), records left in the file wait for the next start.
import Config
import CSystem
import RingStore

public struct OutboxRecord: Equatable, Sendable {
    public var id: UInt64
    public var kind: BufferedUplink
    public var payload: [UInt8]
}

public struct OutboxStats: Equatable, Sendable {
    public var records: Int64
    public var bytes: Int64
    public var capacityBytes: Int64
    public var dropped: Int64
    /// Records that could not be buffered at all (each logged): too large for the ring, or both the file
    /// and the memory ring refused them.
    public var lost: Int64 = 0
}

public final class Outbox {
    /// The configured ring (file or memory); after an open-time failure, already the memory ring.
    let store: RingStore
    /// The memory ring that takes new records once the file failed at run time.
    private(set) var spill: RingStore?
    /// Why the buffer file is not in use (nil while it works, and in memory mode by choice).
    public private(set) var fileFailure: String?
    /// False once reading the failed file failed too: what it holds waits for the next start.
    private var fileReadable = true
    private let spillBytes: Int
    private let options: RingStoreOptions
    private var lost: Int64 = 0
    let log: Logger
    /// Store errors are logged once per streak, not once per record, on a failing SD card.
    private var failing = false

    /// The store tracks at most this many records in flight (its fixed working set).
    public static let maximumInFlight = 128
    /// The memory ring used when the file fails: the configured size, but at most 8 MiB so that a large
    /// file ring (up to 1 GiB) never becomes an allocation a 512 MB board cannot make.
    public static let maximumSpillBytes = 8 * 1024 * 1024
    /// Spilled records' ids carry this bit, so acknowledgements find their ring.
    static let spillTag: UInt64 = 1 << 62

    /// Opens the file-backed store (or the memory-only one) the config asks for. A file that cannot be
    /// opened, created or read for an I/O reason is replaced by a memory ring (logged as an error); a file
    /// locked by another agent, or holding a ring of another size or format, is an operator's decision
    /// and throws.
    public init(_ config: BufferConfig, maxInFlight: Int, log: Logger) throws(StoreError) {
        self.log = log
        options = RingStoreOptions(sync: SyncPolicy(everyRecords: config.sync.everyRecords, everyMs: config.sync.everyMs),
                                   maxInFlight: min(max(1, maxInFlight), Outbox.maximumInFlight))
        spillBytes = min(config.sizeBytes, Outbox.maximumSpillBytes)
        switch config.mode {
        case .file:
            Outbox.createParentDirectory(of: config.path)
            do throws(StoreError) {
                store = try RingStore.open(path: config.path, sizeBytes: config.sizeBytes, options: options)
            } catch {
                guard case .io = error else { throw error }
                store = try RingStore.inMemory(sizeBytes: spillBytes, options: options)
                fileFailure = error.description
                log.error("buffer file unusable: buffering in memory instead (readings survive outages, not a restart)",
                          [("path", config.path), ("cause", error.description), ("memoryBytes", String(spillBytes))])
            }
        case .memory: store = try RingStore.inMemory(sizeBytes: config.sizeBytes, options: options)
        }
        logNotes(store)
        let stats = store.stats
        log.info("buffer open", [("mode", storage), ("records", String(stats.records)),
                                 ("bytes", String(stats.bytes)), ("capacity", String(stats.capacityBytes))])
    }

    /// Where records are kept now: "file", "memory", or "memory (buffer file failed: cause)".
    public var storage: String {
        if let fileFailure { return "memory (buffer file failed: \(fileFailure))" }
        return store.isPersistent ? "file" : "memory"
    }

    // MARK: Appending

    /// Appends a record; returns the number of older records overwritten to make room.
    @discardableResult
    public func append(_ kind: BufferedUplink, _ payload: [UInt8]) -> Int {
        if spill == nil {
            let before = store.nextID
            let droppedBefore = store.droppedCount
            do throws(StoreError) {
                _ = try store.append(kind: kind.rawValue, payload: payload)
                recovered()
                logNotes(store)
                return Int(store.droppedCount - droppedBefore)
            } catch {
                logNotes(store)
                guard spillIfTheFileFailed(error, in: store) else {
                    lose("buffer append failed; the record is lost", error)
                    return 0
                }
                // Written, only its sync failed: the record is in the file's ring and goes out from there.
                if store.nextID != before { return Int(store.droppedCount - droppedBefore) }
            }
        }
        guard let spill else { return 0 }
        let droppedBefore = spill.droppedCount
        do throws(StoreError) {
            _ = try spill.append(kind: kind.rawValue, payload: payload)
        } catch {
            lose("buffer append failed; the record is lost", error)
        }
        return Int(spill.droppedCount - droppedBefore)
    }

    // MARK: Sending

    /// The oldest record not in flight: the file's records before any spilled one. A record of a kind this
    /// version does not know (written by a newer version, or damaged in a way the CRC missed) is released
    /// with a log line rather than blocking the queue forever.
    public func nextToSend() -> OutboxRecord? {
        if fileReadable, let record = next(from: store, tag: 0) { return record }
        guard let spill else { return nil }
        // Oldest first across the switch: spilled records are newer than all the file holds.
        if fileReadable && store.recordCount > 0 { return nil }
        return next(from: spill, tag: Outbox.spillTag)
    }

    private func next(from ring: RingStore, tag: UInt64) -> OutboxRecord? {
        while true {
            let pending: PendingRecord?
            do throws(StoreError) {
                pending = try ring.nextToSend()
            } catch {
                logNotes(ring)
                if spillIfTheFileFailed(error, in: ring) {
                    fileReadable = false
                    log.error("buffer file unreadable: its remaining records wait for the next start",
                              [("records", String(store.recordCount)), ("cause", error.description)])
                } else {
                    failed("buffer read failed", error)
                }
                return nil
            }
            logNotes(ring)
            guard let pending else { return nil }
            if let kind = BufferedUplink(rawValue: pending.kind) {
                return OutboxRecord(id: pending.id.sequence | tag, kind: kind, payload: pending.payload)
            }
            log.error("buffered record of unknown kind released", [("record", pending.id.description), ("kind", String(pending.kind))])
            _ = ring.markInFlight(pending.id)
            acknowledge(pending.id.sequence | tag)
        }
    }

    public func markInFlight(_ id: UInt64) {
        let (ring, sequence) = route(id)
        _ = ring.markInFlight(RecordID(sequence: sequence))
    }

    public func acknowledge(_ id: UInt64) {
        let (ring, sequence) = route(id)
        do throws(StoreError) {
            _ = try ring.acknowledge(RecordID(sequence: sequence))
        } catch {
            // Releasing reads record headers: if those reads fail, the file's records can no longer be
            // counted down, and spilled records must not wait behind them.
            if spillIfTheFileFailed(error, in: ring) { fileReadable = false }
            failed("buffer release failed", error)
        }
    }

    public func resetInFlight() {
        store.resetInFlight()
        spill?.resetInFlight()
    }

    private func route(_ id: UInt64) -> (RingStore, UInt64) {
        if id & Outbox.spillTag != 0, let spill { return (spill, id & ~Outbox.spillTag) }
        return (store, id)
    }

    // MARK: Durability

    /// Syncs when the policy says so (called from the loop's timer). A failed file is not synced again:
    /// retrying would only wake the loop for nothing.
    public func syncIfDue() {
        guard spill == nil else { return }
        do throws(StoreError) {
            _ = try store.syncIfDue()
        } catch {
            if !spillIfTheFileFailed(error, in: store) { failed("buffer sync failed", error) }
        }
    }

    public var syncDueAtMs: Int64? { spill == nil ? store.syncDueAtMs : nil }

    public func sync() {
        guard spill == nil else { return }
        do throws(StoreError) {
            try store.sync()
        } catch {
            if !spillIfTheFileFailed(error, in: store) { failed("buffer sync failed", error) }
        }
    }

    /// Closes the rings. Records still in the memory ring are lost with the process: said in the log.
    public func close() {
        if let spill, spill.recordCount > 0 {
            log.error("records buffered in memory since the buffer file failed are lost with this stop",
                      [("records", String(spill.recordCount))])
        }
        // After a failure at run time the file is left as its last good checkpoint has it: a clean-close
        // checkpoint would only fail again.
        if spill == nil {
            do throws(StoreError) {
                try store.close()
            } catch {
                failed("buffer close failed", error)
            }
        }
    }

    // MARK: Reporting

    public var stats: OutboxStats {
        let primary = store.stats
        var stats = OutboxStats(records: Int64(primary.records), bytes: Int64(primary.bytes),
                                capacityBytes: Int64(primary.capacityBytes), dropped: Int64(primary.droppedRecords),
                                lost: lost)
        if let spill {
            let spilled = spill.stats
            stats.records += Int64(spilled.records)
            stats.bytes += Int64(spilled.bytes)
            // The ring new records go to: its fill is what tells how long the gateway can stay offline.
            stats.capacityBytes = Int64(spilled.capacityBytes)
            stats.dropped += Int64(spilled.droppedRecords)
        }
        return stats
    }

    /// Whether the configured buffer file is out of use (at open or since a failure at run time).
    public var fileFailed: Bool { fileFailure != nil }

    // MARK: Failures

    /// Whether `error` is an I/O error of the buffer file (the file, not the record, is the problem); if so,
    /// new records go to the memory ring from now on.
    private func spillIfTheFileFailed(_ error: StoreError, in ring: RingStore) -> Bool {
        guard ring === store, store.isPersistent, case .io = error else { return false }
        startSpilling(error)
        return true
    }

    /// Creates the memory ring (once) and says so.
    private func startSpilling(_ error: StoreError) {
        guard spill == nil else { return }
        do throws(StoreError) {
            spill = try RingStore.inMemory(sizeBytes: spillBytes, options: options)
        } catch {
            // Only an invalid size fails here, and the file's own size was valid.
            failed("buffer memory ring not created", error)
            return
        }
        fileFailure = error.description
        log.error("buffer file failed: buffering in memory from now on (readings survive outages, not a restart)",
                  [("path", store.path), ("cause", error.description), ("memoryBytes", String(spillBytes))])
    }

    /// Counts a record that could not be buffered at all.
    private func lose(_ message: String, _ error: StoreError) {
        lost += 1
        failed(message, error)
    }

    /// `/var/lib/pinpost` may not exist on a board where pinpost was copied by hand (systemd's
    /// StateDirectory= creates it otherwise). One level only: a wrong deeper path is a config mistake
    /// that the open error then names.
    static func createParentDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        _ = mkdir(String(path[..<slash]), 0o750)
    }

    private func logNotes(_ ring: RingStore) {
        for note in ring.takeNotes() { log.warning("buffer recovery", [("note", note.description)]) }
    }

    private func failed(_ message: String, _ error: StoreError) {
        if !failing { log.error(message, [("cause", error.description)]) }
        failing = true
    }

    private func recovered() {
        if failing { log.info("buffer works again") }
        failing = false
    }
}
