// The agent's view of the offline buffer: buffered uplinks go in before they are published and come out
// only when the broker acknowledged them. This file adapts the store to the few calls the agent makes, so
// the session logic reads the same whether the store is a file or memory.

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

/// In-memory outbox with a fixed byte budget: the oldest records are dropped (and counted) when full.
public final class Outbox {
    private var records: [OutboxRecord] = []
    private var inFlight: [UInt64] = []
    private var nextID: UInt64 = 1
    private var usedBytes = 0
    public let capacityBytes: Int
    public private(set) var dropped: Int64 = 0

    public init(capacityBytes: Int) {
        self.capacityBytes = max(1024, capacityBytes)
    }

    /// Appends a record; returns the number of older records dropped to make room.
    @discardableResult
    public func append(_ kind: BufferedUplink, _ payload: [UInt8]) -> Int {
        var droppedNow = 0
        while usedBytes + payload.count > capacityBytes, !records.isEmpty {
            let oldest = records.removeFirst()
            usedBytes -= oldest.payload.count
            inFlight.removeAll { $0 == oldest.id }
            droppedNow += 1
        }
        records.append(OutboxRecord(id: nextID, kind: kind, payload: payload))
        nextID += 1
        usedBytes += payload.count
        dropped += Int64(droppedNow)
        return droppedNow
    }

    /// The oldest record not in flight.
    public func nextToSend() -> OutboxRecord? {
        for record in records where !inFlight.contains(record.id) { return record }
        return nil
    }

    public func markInFlight(_ id: UInt64) { inFlight.append(id) }

    public func acknowledge(_ id: UInt64) {
        guard let index = records.firstIndex(where: { $0.id == id }) else { return }
        usedBytes -= records[index].payload.count
        records.remove(at: index)
        inFlight.removeAll { $0 == id }
    }

    public func resetInFlight() { inFlight.removeAll() }

    public var stats: OutboxStats {
        OutboxStats(records: Int64(records.count), bytes: Int64(usedBytes), capacityBytes: Int64(capacityBytes), dropped: dropped)
    }

    public func sync() {}
    public func close() {}
}
