// The agent's view of the offline buffer (RingStore): buffered uplinks go in before they are published
// and come out only when the broker acknowledged them. This adapter keeps the session code free of store
// details: it logs what the store reports (recovery notes, I/O errors, overwritten records) in one place.
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
}

public final class Outbox {
    let store: RingStore
    let log: Logger
    /// Store errors are logged once per streak, not once per record, on a failing SD card.
    private var failing = false

    /// The store tracks at most this many records in flight (its fixed working set).
    public static let maximumInFlight = 128

    /// Opens the file-backed store (or the memory-only one) the config asks for.
    public init(_ config: BufferConfig, maxInFlight: Int, log: Logger) throws(StoreError) {
        self.log = log
        let options = RingStoreOptions(sync: SyncPolicy(everyRecords: config.sync.everyRecords, everyMs: config.sync.everyMs),
                                       maxInFlight: min(max(1, maxInFlight), Outbox.maximumInFlight))
        switch config.mode {
        case .file:
            Outbox.createParentDirectory(of: config.path)
            store = try RingStore.open(path: config.path, sizeBytes: config.sizeBytes, options: options)
        case .memory: store = try RingStore.inMemory(sizeBytes: config.sizeBytes, options: options)
        }
        logNotes()
        let stats = store.stats
        log.info("buffer open", [("mode", config.mode.description), ("records", String(stats.records)),
                                 ("bytes", String(stats.bytes)), ("capacity", String(stats.capacityBytes))])
    }

    /// Appends a record; returns the number of older records overwritten to make room.
    @discardableResult
    public func append(_ kind: BufferedUplink, _ payload: [UInt8]) -> Int {
        let droppedBefore = store.stats.droppedRecords
        do throws(StoreError) {
            _ = try store.append(kind: kind.rawValue, payload: payload)
            recovered()
        } catch {
            failed("buffer append failed; the record is lost", error)
        }
        logNotes()
        return Int(store.stats.droppedRecords - droppedBefore)
    }

    /// The oldest record not in flight. A record of a kind this version does not know (written by a newer
    /// version, or damaged in a way the CRC missed) is released with a log line rather than blocking the
    /// queue forever.
    public func nextToSend() -> OutboxRecord? {
        while true {
            let pending: PendingRecord?
            do throws(StoreError) {
                pending = try store.nextToSend()
            } catch {
                failed("buffer read failed", error)
                return nil
            }
            logNotes()
            guard let pending else { return nil }
            if let kind = BufferedUplink(rawValue: pending.kind) {
                return OutboxRecord(id: pending.id.sequence, kind: kind, payload: pending.payload)
            }
            log.error("buffered record of unknown kind released", [("record", pending.id.description), ("kind", String(pending.kind))])
            _ = store.markInFlight(pending.id)
            acknowledge(pending.id.sequence)
        }
    }

    public func markInFlight(_ id: UInt64) { _ = store.markInFlight(RecordID(sequence: id)) }

    public func acknowledge(_ id: UInt64) {
        do throws(StoreError) {
            _ = try store.acknowledge(RecordID(sequence: id))
        } catch {
            failed("buffer release failed", error)
        }
    }

    public func resetInFlight() { store.resetInFlight() }

    /// Syncs when the policy says so (called from the loop's timer).
    public func syncIfDue() {
        do throws(StoreError) {
            _ = try store.syncIfDue()
        } catch {
            failed("buffer sync failed", error)
        }
    }

    public var syncDueAtMs: Int64? { store.syncDueAtMs }

    public func sync() {
        do throws(StoreError) {
            try store.sync()
        } catch {
            failed("buffer sync failed", error)
        }
    }

    public func close() {
        do throws(StoreError) {
            try store.close()
        } catch {
            failed("buffer close failed", error)
        }
    }

    public var stats: OutboxStats {
        let stats = store.stats
        return OutboxStats(records: Int64(stats.records), bytes: Int64(stats.bytes),
                           capacityBytes: Int64(stats.capacityBytes), dropped: Int64(stats.droppedRecords))
    }

    /// `/var/lib/pinpost` may not exist on a board where pinpost was copied by hand (systemd's
    /// StateDirectory= creates it otherwise). One level only: a wrong deeper path is a config mistake
    /// that the open error then names.
    static func createParentDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        _ = mkdir(String(path[..<slash]), 0o750)
    }

    private func logNotes() {
        for note in store.takeNotes() { log.warning("buffer recovery", [("note", note.description)]) }
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
