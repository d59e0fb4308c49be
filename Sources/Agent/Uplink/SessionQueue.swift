// Session messages (device connects and disconnects, attribute requests, RPC replies, claims) that could not
// be handed to the client library at once because its QoS 1 window was full: a gateway with 256 devices
// publishes 256 connects and as many attribute requests in one go at every (re)connect, far more than the
// broker's in-flight limit. They wait here, in order, and go out before any buffered record as PUBACKs free
// the window. Bounded in count and bytes: when full, the newest message is refused and the caller logs it.
// Nothing here outlives the session: the next (re)connect sends connects and requests again, and the server
// re-sends RPCs that went unanswered.
import GatewayProtocol

public struct SessionQueue: Sendable {
    /// Why a message is queued: a goodbye (a device disconnect while stopping) is waited for before the
    /// MQTT DISCONNECT, so the stop sequence needs to know its message id once it is published.
    public enum Purpose: Equatable, Sendable {
        case session
        case goodbye
    }

    public struct Entry: Equatable, Sendable {
        public var message: OutgoingMessage
        public var purpose: Purpose
    }

    private var entries: [Entry] = []
    /// Index of the oldest entry: popping moves it instead of shifting the array every time; the array is
    /// compacted when it empties or when the popped prefix is half of it, so it never exceeds twice the
    /// capacity.
    private var head = 0
    public private(set) var bytes = 0
    public private(set) var capacity: Int
    public let capacityBytes: Int

    public init(capacity: Int, capacityBytes: Int) {
        self.capacity = max(1, capacity)
        self.capacityBytes = max(1, capacityBytes)
    }

    /// Room for the connect burst of `deviceCount` devices: a connect, an attribute request, an RPC reply
    /// and a goodbye each, plus the gateway's own requests and claims.
    public static func capacity(forDevices deviceCount: Int) -> Int {
        4 * max(0, deviceCount) + 64
    }

    public var count: Int { entries.count - head }
    public var isEmpty: Bool { count == 0 }
    public var first: Entry? { isEmpty ? nil : entries[head] }
    public var containsGoodbye: Bool {
        var index = head
        while index < entries.count {
            if entries[index].purpose == .goodbye { return true }
            index += 1
        }
        return false
    }

    /// Appends a message; false (and nothing stored) when the count or byte bound would be exceeded.
    /// A single message larger than the byte bound is accepted into an empty queue, so that no message
    /// the broker would take can be refused for its size alone.
    public mutating func enqueue(_ message: OutgoingMessage, purpose: Purpose = .session) -> Bool {
        let size = message.topic.utf8.count + message.payload.count
        guard count < capacity, isEmpty || bytes + size <= capacityBytes else { return false }
        entries.append(Entry(message: message, purpose: purpose))
        bytes += size
        return true
    }

    /// Removes the oldest message (after it was published).
    public mutating func removeFirst() {
        guard !isEmpty else { return }
        let entry = entries[head]
        bytes -= entry.message.topic.utf8.count + entry.message.payload.count
        head += 1
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 32 && head * 2 >= entries.count {
            entries.removeSubrange(0..<head)
            head = 0
        }
    }

    /// Forgets everything (the session ended); returns how many messages were dropped.
    @discardableResult
    public mutating func clear() -> Int {
        let dropped = count
        entries.removeAll(keepingCapacity: true)
        head = 0
        bytes = 0
        return dropped
    }

    /// A new config with more devices needs a larger queue; a smaller one keeps what is queued.
    public mutating func setCapacity(_ newCapacity: Int) {
        capacity = max(1, newCapacity)
    }
}
