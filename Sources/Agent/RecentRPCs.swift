// Remembers the replies to the most recent server-side RPCs, keyed by (device, id).
//
// ThingsBoard re-sends RPCs that were not answered before a reconnect, so one id can arrive twice; acting
// twice on a pin (a second toggle) would undo the first. A repeated (device, id) is answered with the
// cached reply and nothing runs. The cache is a fixed ring: memory stays bounded however long we run.

public struct RecentRPCs: Sendable {
    private struct Entry: Sendable {
        var device: String
        var id: Int64
        var reply: [UInt8]
    }

    private var entries: [Entry] = []
    private var next = 0
    public let capacity: Int

    public init(capacity: Int = 64) {
        self.capacity = max(1, capacity)
        entries.reserveCapacity(self.capacity)
    }

    /// The reply sent earlier for this request, if it is still remembered.
    public func reply(device: String, id: Int64) -> [UInt8]? {
        for entry in entries where entry.id == id && entry.device == device { return entry.reply }
        return nil
    }

    public mutating func remember(device: String, id: Int64, reply: [UInt8]) {
        let entry = Entry(device: device, id: id, reply: reply)
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[next] = entry
            next = (next + 1) % capacity
        }
    }

    /// A device renamed or removed keeps no stale entries that a new device of that name could hit.
    public mutating func forget(device: String) {
        entries.removeAll { $0.device == device }
        next = entries.count < capacity ? 0 : next % capacity
    }
}
