// RingStore: a fixed-size, crash-safe ring of records (topic kind + payload) written before they are
// published and released only when the broker acknowledges them. See docs/ring-buffer.md for the format,
// the recovery rules and what a power cut can lose under each sync policy.
//
// Memory is fixed at open: one record-sized scratch buffer, a 64 KiB scan buffer used only when damage is
// found, and the bounded in-flight table. Nothing is allocated per stored record.
//
// Not thread-safe: the agent's single poll loop owns it.

public final class RingStore {
    let medium: any RingMedium
    /// The same object as `medium` in file mode, for what only a file can do (preallocate, directory sync).
    let file: FileMedium?
    let options: RingStoreOptions
    let totalBytes: UInt64
    /// Bytes in the data area (the ring proper).
    let capacity: UInt64
    let maxPayload: Int

    // Ring state, in logical positions (see RingLayout).
    var fileID: UInt32 = 0
    var head: UInt64 = 0
    /// Sequence below every record at or after `head`.
    var headFloor: UInt64 = 0
    var tail: UInt64 = 0
    var nextSequence: UInt64 = 1
    /// The next record `nextToSend` looks at; everything in [head, cursor) is in `table`.
    var cursor: UInt64 = 0
    var cursorFloor: UInt64 = 0
    /// The record `nextToSend` returned last, which `markInFlight` may claim.
    var offered: InFlightEntry?
    var table: InFlightTable
    var liveRecords = 0
    var droppedRecords: UInt64 = 0
    var droppedBytes: UInt64 = 0

    // Checkpoint state.
    var generation: UInt64 = 0
    var nextSlot = 0
    /// Head of the last completed checkpoint: no write may reach bytes it still counts as live.
    var durableHead: UInt64 = 0
    /// Tail of the last completed checkpoint (everything before it was flushed).
    var syncedTail: UInt64 = 0
    var dirty = false
    var appendsSinceSync = 0
    var firstUnsyncedAt: Int64?
    var syncCount: UInt64 = 0
    var corruptRegions = 0
    var notes: [RecoveryNote] = []
    var isClosed = false

    var scratch: [UInt8]
    var scanBuffer: [UInt8] = []

    /// The file's path, or "(memory)".
    public var path: String { medium.label }

    init(medium: any RingMedium, file: FileMedium?, totalBytes: UInt64, options: RingStoreOptions) {
        self.medium = medium
        self.file = file
        self.options = options
        self.totalBytes = totalBytes
        capacity = totalBytes - RingLayout.dataStart
        maxPayload = min(options.maxPayloadBytes, Int(capacity / 4))
        table = InFlightTable(limit: options.maxInFlight)
        scratch = [UInt8](repeating: 0, count: RecordHeader.byteCount + maxPayload)
    }

    deinit { medium.close() }

    // MARK: Opening

    /// Opens the ring file at `path` (creating and preallocating it if missing) and recovers its records.
    /// Read `takeNotes()` afterwards for what recovery found.
    public static func open(path: String, sizeBytes: Int, options: RingStoreOptions = RingStoreOptions())
        throws(StoreError) -> RingStore {
        try validate(sizeBytes: sizeBytes, path: path)
        let file = try FileMedium(path: path)
        let store = RingStore(medium: file, file: file, totalBytes: UInt64(sizeBytes), options: options)
        try store.load()
        return store
    }

    /// A ring of the same layout held only in memory (read-only root filesystems): lost on restart.
    public static func inMemory(sizeBytes: Int, options: RingStoreOptions = RingStoreOptions())
        throws(StoreError) -> RingStore {
        try validate(sizeBytes: sizeBytes, path: "(memory)")
        let store = RingStore(medium: MemoryMedium(totalBytes: sizeBytes), file: nil,
                              totalBytes: UInt64(sizeBytes), options: options)
        try store.initialiseFresh()
        return store
    }

    static func validate(sizeBytes: Int, path: String) throws(StoreError) {
        guard Int64(sizeBytes) >= RingLayout.minimumFileBytes && Int64(sizeBytes) <= RingLayout.maximumFileBytes else {
            throw .invalidSize(path: path, bytes: Int64(sizeBytes), minimum: RingLayout.minimumFileBytes,
                               maximum: RingLayout.maximumFileBytes)
        }
    }

    // MARK: Writing

    /// Appends a record; returns its id. When the ring is full the oldest records are overwritten first
    /// (counted in `stats.droppedRecords`). May flush, per the sync policy.
    @discardableResult
    public func append(kind: UInt8, payload: [UInt8]) throws(StoreError) -> RecordID {
        try checkAppend(kind: kind, count: payload.count)
        scratch.replaceSubrange(RecordHeader.byteCount..<(RecordHeader.byteCount + payload.count), with: payload)
        return try appendFromScratch(kind: kind, count: payload.count)
    }

    /// The same without an array (a payload the caller holds in its own buffer).
    @discardableResult
    public func append(kind: UInt8, bytes payload: UnsafeRawBufferPointer) throws(StoreError) -> RecordID {
        try checkAppend(kind: kind, count: payload.count)
        if let source = payload.baseAddress, payload.count > 0 {
            scratch.withUnsafeMutableBytes { raw in
                (raw.baseAddress! + RecordHeader.byteCount).copyMemory(from: source, byteCount: payload.count)
            }
        }
        return try appendFromScratch(kind: kind, count: payload.count)
    }

    private func checkAppend(kind: UInt8, count: Int) throws(StoreError) {
        try ensureOpen()
        guard kind != 0 else { throw .invalidKind(path: path, kind: kind) }
        guard count <= maxPayload else { throw .recordTooLarge(path: path, bytes: count, limit: maxPayload) }
    }

    /// Appends the payload already copied into `scratch` after the header space. `makeRoom` may read old
    /// records, so the payload is copied aside first when it has to drop any (rare: only when full).
    private func appendFromScratch(kind: UInt8, count: Int) throws(StoreError) -> RecordID {
        let size = UInt64(RecordHeader.byteCount + count)
        if tail + size - head > capacity || tail + size > durableHead + capacity {
            let saved = Array(scratch[RecordHeader.byteCount..<(RecordHeader.byteCount + count)])
            try makeRoom(for: size)
            scratch.replaceSubrange(RecordHeader.byteCount..<(RecordHeader.byteCount + count), with: saved)
        }
        let header = RecordHeader(length: UInt32(count), sequence: nextSequence, kind: kind)
        header.encodeFields(into: &scratch, at: 0)
        let crc = RecordHeader.checksum(fileID: fileID, position: tail, buffer: scratch, at: 0, payloadLength: count)
        LittleEndian.store32(crc, &scratch, 0)
        try writeRing(scratch, count: Int(size), at: tail)
        let id = RecordID(sequence: nextSequence)
        nextSequence += 1
        tail += size
        liveRecords += 1
        appendsSinceSync += 1
        markDirty()
        if options.sync.everyRecords > 0 && appendsSinceSync >= options.sync.everyRecords {
            try sync()
        } else {
            try syncIfDue()
        }
        return id
    }

    /// Frees space for a record of `size` bytes: drops the oldest records if the ring is full, and
    /// checkpoints first if the write would reach bytes the last durable checkpoint still counts as live
    /// (otherwise a crash could recover a head that points into overwritten data).
    func makeRoom(for size: UInt64) throws(StoreError) {
        if tail + size - head > capacity {
            // Drop a little more than needed (1/64 of the ring) so that a ring that stays full checkpoints
            // once per 1/64 of the ring rather than on every append: SD-card wear versus a few more of the
            // oldest records, which the next appends would overwrite anyway.
            let slack = capacity / 64
            while head < tail && tail + size + slack - head > capacity {
                try dropOldest()
            }
        }
        if tail + size > durableHead + capacity {
            try checkpoint(clean: false)
        }
    }

    // MARK: Sending

    /// The oldest record that is neither in flight nor acknowledged, or nil when there is none or the
    /// in-flight table is full. Calling it again without `markInFlight` returns the same record.
    public func nextToSend() throws(StoreError) -> PendingRecord? {
        try ensureOpen()
        while cursor < tail {
            if let index = table.index(atPosition: cursor) {
                // Acknowledged before a reconnect: not sent again.
                let entry = table.entry(at: index)
                cursor += entry.size
                cursorFloor = entry.sequence
                continue
            }
            guard !table.isFull else { return nil }
            guard let header = try readRecord(at: cursor, floor: cursorFloor, limit: tail) else {
                try repairDamage(at: cursor, floor: cursorFloor)
                continue
            }
            if header.isPadding {
                cursor += header.size
                cursorFloor = header.sequence - 1
                continue
            }
            offered = InFlightEntry(sequence: header.sequence, position: cursor, size: header.size, acknowledged: false)
            let payload = Array(scratch[RecordHeader.byteCount..<(RecordHeader.byteCount + Int(header.length))])
            return PendingRecord(id: RecordID(sequence: header.sequence), kind: header.kind, payload: payload)
        }
        return nil
    }

    /// Records that the record `nextToSend()` returned has been published. Returns false (and changes
    /// nothing) for any other id.
    @discardableResult
    public func markInFlight(_ id: RecordID) -> Bool {
        guard !isClosed, let entry = offered, entry.sequence == id.sequence, entry.position == cursor,
              !table.isFull else { return false }
        table.add(entry)
        cursor += entry.size
        cursorFloor = entry.sequence
        offered = nil
        return true
    }

    /// The broker acknowledged `id`. Out of order is fine: the ring's head advances over every
    /// acknowledged record at its front, and later ones wait (bounded by the in-flight table).
    @discardableResult
    public func acknowledge(_ id: RecordID) throws(StoreError) -> AckResult {
        try ensureOpen()
        guard let index = table.index(ofSequence: id.sequence) else { return .notInFlight }
        if table.entry(at: index).acknowledged { return .duplicate }
        table.markAcknowledged(at: index)
        markDirty()
        let released = try releaseAcknowledged()
        return .acknowledged(released: released)
    }

    /// After a disconnect: nothing is in flight, every unacknowledged record is sendable again, oldest
    /// first. Records acknowledged out of order stay acknowledged.
    public func resetInFlight() {
        table.forgetInFlight()
        cursor = head
        cursorFloor = headFloor
        offered = nil
    }

    // MARK: Durability

    /// Flushes appended records and the current positions to storage (one fdatasync). Does nothing when
    /// nothing changed since the last sync.
    public func sync() throws(StoreError) {
        try ensureOpen()
        guard dirty else { return }
        try checkpoint(clean: false)
    }

    /// Syncs when the oldest unflushed change is older than the policy's `everyMs`. Call it from the
    /// agent's timer; returns whether it synced.
    @discardableResult
    public func syncIfDue() throws(StoreError) -> Bool {
        guard let since = firstUnsyncedAt, options.sync.everyMs > 0,
              options.clock() - since >= Int64(options.sync.everyMs) else { return false }
        try sync()
        return true
    }

    /// When `syncIfDue()` will next have work (monotonic ms), for the poll timeout; nil if nothing is due.
    public var syncDueAtMs: Int64? {
        guard let since = firstUnsyncedAt, options.sync.everyMs > 0 else { return nil }
        return since + Int64(options.sync.everyMs)
    }

    /// Flushes, marks the checkpoint as a clean close and closes the file. Further calls throw `.closed`.
    public func close() throws(StoreError) {
        guard !isClosed else { return }
        defer {
            isClosed = true
            medium.close()
        }
        try checkpoint(clean: true)
    }

    // MARK: Reporting

    /// What recovery and later reads found (damage skipped, torn tail, slot repaired), oldest first, for the
    /// agent to log; each note is returned once. At most 32 are kept between calls.
    public func takeNotes() -> [RecoveryNote] {
        let taken = notes
        notes.removeAll()
        return taken
    }

    /// The id the next append gets.
    public var nextID: RecordID { RecordID(sequence: nextSequence) }

    /// Records held (as `stats.records`, without the walk `stats` does for the oldest id).
    public var recordCount: Int { liveRecords }

    /// Records overwritten by overflow (as `stats.droppedRecords`, without the walk).
    public var droppedCount: UInt64 { droppedRecords }

    /// Whether the ring lives in a file (false for the memory-only ring).
    public var isPersistent: Bool { medium.isPersistent }

    public var stats: RingStats {
        RingStats(records: liveRecords, bytes: Int(tail - head), capacityBytes: Int(capacity),
                  droppedRecords: droppedRecords, droppedBytes: droppedBytes, oldest: oldestRecord(),
                  next: nextID, inFlight: table.inFlightCount, acknowledgedUnreleased: table.acknowledgedCount,
                  syncs: syncCount, corruptRegions: corruptRegions)
    }

    /// Every held record's id, oldest first (a diagnostic walk over the whole ring: for tests and the
    /// `pinpost` buffer inspection, not for the hot path).
    public func heldRecordIDs() throws(StoreError) -> [RecordID] {
        try ensureOpen()
        var ids: [RecordID] = []
        var position = head
        var floor = headFloor
        while position < tail {
            guard let header = try readRecord(at: position, floor: floor, limit: tail) else {
                try repairDamage(at: position, floor: floor)
                continue
            }
            if !header.isPadding { ids.append(RecordID(sequence: header.sequence)) }
            floor = header.isPadding ? header.sequence - 1 : header.sequence
            position += header.size
        }
        return ids
    }

    /// The held record `id` (kind and payload), or nil if it is not held. A diagnostic walk like
    /// `heldRecordIDs()`.
    public func record(_ id: RecordID) throws(StoreError) -> PendingRecord? {
        try ensureOpen()
        var position = head
        var floor = headFloor
        while position < tail {
            guard let header = try readRecord(at: position, floor: floor, limit: tail) else {
                try repairDamage(at: position, floor: floor)
                continue
            }
            if !header.isPadding && header.sequence == id.sequence {
                let payload = Array(scratch[RecordHeader.byteCount..<(RecordHeader.byteCount + Int(header.length))])
                return PendingRecord(id: id, kind: header.kind, payload: payload)
            }
            if header.sequence > id.sequence { return nil }
            floor = header.isPadding ? header.sequence - 1 : header.sequence
            position += header.size
        }
        return nil
    }

    // MARK: Internals shared by the extensions

    func ensureOpen() throws(StoreError) {
        if isClosed { throw .closed(path: path) }
    }

    func markDirty() {
        dirty = true
        if firstUnsyncedAt == nil { firstUnsyncedAt = options.clock() }
    }

    func note(_ note: RecoveryNote) {
        if notes.count >= 32 { notes.removeFirst() }
        notes.append(note)
    }

    func oldestRecord() -> RecordID? {
        guard liveRecords > 0, !isClosed else { return nil }
        var position = head
        while position < tail {
            if let index = table.index(atPosition: position) {
                return RecordID(sequence: table.entry(at: index).sequence)
            }
            guard let header = try? peekHeader(at: position), header.sequence > headFloor else { return nil }
            if !header.isPadding { return RecordID(sequence: header.sequence) }
            position += header.size
        }
        return nil
    }
}
