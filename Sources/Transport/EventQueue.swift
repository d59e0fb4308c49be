// The bounded queue between libmosquitto's callbacks and the agent. Incoming messages are capped by count
// and by payload bytes; beyond the caps they are dropped and counted (reported as `incomingDropped` at the
// next drain). Transport reads the socket only while a whole read batch fits (`hasRoom`), so drops are the
// exception (a TLS record packed with many small messages), not the flow control. Control events (connected, subscribed, published, disconnected) are never dropped: their
// number is bounded by construction (one per subscription, per message in flight, per session).

struct EventQueue {
    private(set) var events: [TransportEvent] = []
    private(set) var queuedMessages = 0
    private(set) var queuedMessageBytes = 0
    /// Messages dropped since the last drain, and since the queue was made.
    private(set) var droppedSinceDrain = 0
    private(set) var droppedTotal = 0
    let maxMessages: Int
    let maxMessageBytes: Int

    init(maxMessages: Int, maxMessageBytes: Int) {
        self.maxMessages = maxMessages
        self.maxMessageBytes = maxMessageBytes
    }

    /// True when one more message would surely be dropped.
    var isFullOfMessages: Bool { queuedMessages >= maxMessages || queuedMessageBytes >= maxMessageBytes }

    /// Whether reading a batch of up to `count` more messages cannot overflow the count cap (an empty queue
    /// always reads, so that a cap below the batch size slows reading down instead of stopping it).
    func hasRoom(forMessages count: Int) -> Bool {
        queuedMessages == 0 || (queuedMessages + count <= maxMessages && queuedMessageBytes < maxMessageBytes)
    }

    mutating func append(_ event: TransportEvent) {
        if case .message(_, let payload) = event {
            // A single message larger than the byte cap still gets through an empty queue: libmosquitto has
            // already allocated it, and refusing it would lose it every time.
            let fits = queuedMessages == 0 || queuedMessageBytes + payload.count <= maxMessageBytes
            guard queuedMessages < maxMessages, fits else {
                droppedSinceDrain += 1
                droppedTotal += 1
                return
            }
            queuedMessages += 1
            queuedMessageBytes += payload.count
        }
        events.append(event)
    }

    mutating func drain() -> [TransportEvent] {
        var taken = events
        if droppedSinceDrain > 0 {
            taken.append(.incomingDropped(count: droppedSinceDrain))
            droppedSinceDrain = 0
        }
        events = []
        queuedMessages = 0
        queuedMessageBytes = 0
        return taken
    }
}
