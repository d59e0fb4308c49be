// Which buffered record each unacknowledged MQTT message id carries, with a fixed maximum in flight.
// The broker's PUBACK names a message id; the store releases by record. The window bounds memory and
// keeps the backlog replay below the platform's `maxInflightMessages`.

public struct InFlightWindow<Record: Equatable & Sendable>: Sendable {
    private var mids: [Int32] = []
    private var records: [Record] = []
    public private(set) var limit: Int

    public init(limit: Int) {
        self.limit = max(1, limit)
        mids.reserveCapacity(self.limit)
        records.reserveCapacity(self.limit)
    }

    public var count: Int { mids.count }
    public var hasRoom: Bool { mids.count < limit }

    /// A smaller limit from the server's session limits applies as messages drain; nothing is cancelled.
    public mutating func setLimit(_ newLimit: Int) { limit = max(1, newLimit) }

    public mutating func add(mid: Int32, record: Record) {
        mids.append(mid)
        records.append(record)
    }

    /// The record a PUBACK releases, or nil for a message id that is not ours (an RPC reply, a connect).
    public mutating func acknowledge(mid: Int32) -> Record? {
        guard let index = mids.firstIndex(of: mid) else { return nil }
        mids.remove(at: index)
        return records.remove(at: index)
    }

    /// After a disconnect nothing is in flight any more: the store sends those records again.
    public mutating func clear() {
        mids.removeAll(keepingCapacity: true)
        records.removeAll(keepingCapacity: true)
    }
}
