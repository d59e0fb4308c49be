// A fixed-capacity FIFO of edge events. When it is full the OLDEST event is dropped and counted, as the
// kernel's v2 uAPI does: the newest edge tells the current level, which matters more than old history.

struct BoundedEventQueue {
    let capacity: Int
    private(set) var events: [GPIOEdgeEvent] = []
    /// Events dropped because the queue was full, since the request was made.
    private(set) var dropped = 0

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        events.reserveCapacity(self.capacity)
    }

    var isEmpty: Bool { events.isEmpty }
    var count: Int { events.count }

    mutating func push(_ event: GPIOEdgeEvent) {
        if events.count >= capacity {
            events.removeFirst()
            dropped += 1
        }
        events.append(event)
    }

    /// Removes and returns up to `limit` events, oldest first.
    mutating func pop(upTo limit: Int) -> [GPIOEdgeEvent] {
        let taken = Array(events.prefix(max(0, limit)))
        events.removeFirst(taken.count)
        return taken
    }
}
