// Requests that expect an answer the server may never send (attribute requests: "if the lookup fails the
// server sends nothing"), each with an id and a deadline. Bounded: when full, the oldest request is
// completed with a timeout so that a stuck server cannot make the table grow.

public struct PendingRequests<Context> {
    public struct Request {
        public var id: Int64
        public var deadlineMs: Int64
        public var context: Context
    }

    private var requests: [Request] = []
    private var nextID: Int64 = 1
    public private(set) var capacity: Int

    public init(capacity: Int = 32) {
        self.capacity = max(1, capacity)
    }

    public var count: Int { requests.count }

    /// Registers a request; returns its id and, when the table was full, the oldest request evicted to make
    /// room (the caller reports it as timed out).
    public mutating func add(context: Context, nowMs: Int64, timeoutMs: Int64) -> (id: Int64, evicted: Request?) {
        var evicted: Request?
        if requests.count >= capacity { evicted = requests.removeFirst() }
        let id = nextID
        // Ids stay positive and increasing; wrapping after 2^63 requests is not a concern.
        nextID += 1
        requests.append(Request(id: id, deadlineMs: nowMs + timeoutMs, context: context))
        return (id, evicted)
    }

    /// Takes the request answered by `id`, if it is still pending.
    public mutating func complete(id: Int64) -> Request? {
        guard let index = requests.firstIndex(where: { $0.id == id }) else { return nil }
        return requests.remove(at: index)
    }

    /// Takes every request whose deadline has passed.
    public mutating func expire(nowMs: Int64) -> [Request] {
        var expired: [Request] = []
        requests.removeAll { request in
            if request.deadlineMs <= nowMs {
                expired.append(request)
                return true
            }
            return false
        }
        return expired
    }

    /// Changes the bound (a reloaded config with more devices asks for more at once); when it shrinks,
    /// the oldest requests beyond it are returned for the caller to report as timed out.
    public mutating func setCapacity(_ newCapacity: Int) -> [Request] {
        capacity = max(1, newCapacity)
        var evicted: [Request] = []
        while requests.count > capacity { evicted.append(requests.removeFirst()) }
        return evicted
    }

    /// The earliest deadline, for the poll loop's timeout.
    public var nextDeadlineMs: Int64? { requests.map { $0.deadlineMs }.min() }
}

extension PendingRequests: Sendable where Context: Sendable {}
extension PendingRequests.Request: Sendable where Context: Sendable {}
