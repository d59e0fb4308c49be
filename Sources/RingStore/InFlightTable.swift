// The records between the ring's head and the send cursor: each is in flight (published, PUBACK awaited)
// or acknowledged out of order (PUBACK received while an older record is still out). Bounded: the cursor
// stops when the table is full, so out-of-order bookkeeping never grows past `limit` entries.

struct InFlightEntry: Equatable {
    var sequence: UInt64
    var position: UInt64
    var size: UInt64
    var acknowledged: Bool
}

struct InFlightTable {
    private(set) var entries: [InFlightEntry] = []
    let limit: Int

    init(limit: Int) {
        self.limit = limit
        entries.reserveCapacity(limit)
    }

    var isFull: Bool { entries.count >= limit }
    var inFlightCount: Int { entries.reduce(0) { $0 + ($1.acknowledged ? 0 : 1) } }
    var acknowledgedCount: Int { entries.count - inFlightCount }
    var acknowledgedSequences: [UInt64] { entries.filter { $0.acknowledged }.map { $0.sequence } }

    func index(ofSequence sequence: UInt64) -> Int? { entries.firstIndex { $0.sequence == sequence } }
    func index(atPosition position: UInt64) -> Int? { entries.firstIndex { $0.position == position } }
    func entry(at index: Int) -> InFlightEntry { entries[index] }

    mutating func add(_ entry: InFlightEntry) { if !isFull { entries.append(entry) } }
    mutating func markAcknowledged(at index: Int) { entries[index].acknowledged = true }
    mutating func remove(at index: Int) { entries.remove(at: index) }

    /// A reconnect: nothing is in flight any more; early acknowledgements stay valid.
    mutating func forgetInFlight() { entries.removeAll { !$0.acknowledged } }

    /// Entries whose record lies in `range` of positions (dropped or found damaged).
    mutating func removeAll(in range: Range<UInt64>) { entries.removeAll { range.contains($0.position) } }
}
