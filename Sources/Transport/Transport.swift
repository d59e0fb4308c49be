// One MQTT session with the ThingsBoard server over libmosquitto, driven by the agent's single poll() loop:
// no libmosquitto thread (never mosquitto_loop_start). The agent watches `socket` for `pollEvents`, calls
// `handle(pollEvents:)` (or handleReadable/handleWritable) when poll reports it, `handleMisc()` at least once
// a second (keep-alive PINGREQ, connect timeout), and `drainEvents()` after each of those calls.
//
// What blocks and what does not (libmosquitto 2.0.11, read from its source):
// - `connect()` uses mosquitto_connect_async: the socket is made non-blocking BEFORE connect(2), so TCP
//   connect returns EINPROGRESS and completes in the loop; the TLS handshake and CONNECT/CONNACK happen
//   in the loop too. But the host name is resolved with getaddrinfo(3), which BLOCKS: a dead DNS server
//   stalls the loop for the resolver's timeout (about 5 s per server and attempt in /etc/resolv.conf,
//   up to tens of seconds). libmosquitto has no asynchronous resolver without its SRV/c-ares build. Give
//   the broker as an IP address, or a name in /etc/hosts, where that matters.
// - A fresh libmosquitto instance is made for every connection attempt, so nothing of a previous session
//   (its message ids, its half-sent packets, libmosquitto's own resend of QoS 1 messages on reconnect)
//   leaks into the next one: after `disconnected`, messages in flight are simply gone and the agent
//   republishes them from its store.
// - libmosquitto 2.0.11's mosquitto_loop_write does not advance a TLS handshake (only loop_read does, and
//   mosquitto_want_write can stay true throughout the handshake), so an external loop that only calls
//   loop_write on POLLOUT never sends the ClientHello once TCP connects and spins. While a TLS connection
//   is being set up, `handleWritable` therefore also runs the read step, and after a writable event it
//   waits for readability (or the next handleMisc) before asking for POLLOUT again.
import CMosquitto
import CSystem

public enum TransportState: Equatable, Sendable, CustomStringConvertible {
    case disconnected
    /// connect() called, no CONNACK yet.
    case connecting
    /// CONNACK accepted: publish is allowed.
    case connected
    /// disconnect() called, DISCONNECT not yet written.
    case disconnecting

    public var description: String {
        switch self {
        case .disconnected: return "disconnected"
        case .connecting: return "connecting"
        case .connected: return "connected"
        case .disconnecting: return "disconnecting"
        }
    }
}

public final class Transport {
    public let settings: TransportSettings
    public private(set) var state: TransportState = .disconnected

    /// The libmosquitto instance of the current (or last) attempt; replaced on every connect().
    private var handle: OpaquePointer?
    private var queue: EventQueue
    /// Most QoS 1 publishes awaiting PUBACK: `settings.maxInFlight`, or less once the platform said so
    /// (`limitInFlight(to:)`).
    public private(set) var maxInFlight: Int
    /// Message ids of QoS 1 publishes awaiting PUBACK (at most maxInFlight).
    private var inFlight: [MessageID] = []
    private var pendingSubscriptions: [(mid: Int32, topic: String)] = []
    /// True from connect() until the attempt's `disconnected` event is queued.
    private var sessionOpen = false
    private var closeRequested = false
    private var attemptStartedMs: Int64 = 0
    /// The CONNACK refusal seen by the connect callback, reported when libmosquitto then closes.
    private var refusal: ConnackCode?
    /// libmosquitto's first error log line of this attempt: the only place it tells why TLS failed.
    private var firstErrorLogLine: String?
    private var waitingForHandshakeRead = false
    private let clock: () -> Int64

    /// Validates the settings; connects only when `connect()` is called.
    /// `clock`: monotonic milliseconds, for the connect timeout.
    public init(settings: TransportSettings, clock: @escaping () -> Int64 = { csys_monotonic_ms() }) throws(TransportError) {
        try settings.validate()
        self.settings = settings
        self.clock = clock
        maxInFlight = settings.maxInFlight
        queue = EventQueue(maxMessages: settings.maxQueuedMessages, maxMessageBytes: settings.maxQueuedMessageBytes)
        // Reference counted by libmosquitto: the first Transport initialises it, the last one cleans up.
        _ = mosquitto_lib_init()
    }

    deinit {
        destroyHandle()
        _ = mosquitto_lib_cleanup()
    }

    // MARK: - What the poll loop needs

    /// The socket to watch, or -1 when there is none. It changes with every connection attempt: watch it
    /// after `connect()` and stop watching when `disconnected` arrives (the number may then be reused).
    public var socket: Int32 {
        guard sessionOpen, let handle else { return -1 }
        return mosquitto_socket(handle)
    }

    /// libmosquitto has bytes to send (or a TLS handshake step that waits for writability).
    public var wantsWrite: Bool {
        guard sessionOpen, let handle, !waitingForHandshakeRead else { return false }
        return mosquitto_want_write(handle)
    }

    /// False while the incoming-message queue lacks room for one more read batch: the socket is then left
    /// unread until the agent drains, so TCP flow control holds the broker back instead of messages being
    /// dropped. One mosquitto_loop_read reads up to (messages in flight + 1) packets (libmosquitto ignores
    /// its max_packets argument), plus whatever is left in the current TLS record.
    public var wantsRead: Bool { sessionOpen && handle != nil && queue.hasRoom(forMessages: inFlight.count + 1) }

    /// POLLIN/POLLOUT as the agent should watch `socket` right now (0 when there is no socket).
    public var pollEvents: Int16 {
        guard socket >= 0 else { return 0 }
        var events: Int16 = 0
        if wantsRead { events |= Int16(POLLIN) }
        if wantsWrite { events |= Int16(POLLOUT) }
        return events
    }

    /// QoS 1 publishes awaiting PUBACK.
    public var inFlightCount: Int { inFlight.count }

    /// Incoming messages dropped because the event queue was full, since this Transport was made.
    public var droppedIncomingTotal: Int { queue.droppedTotal }

    // MARK: - Session

    /// Starts a connection attempt. Never blocks on the network except for name resolution (see the
    /// header). Every attempt ends in exactly one `disconnected` event, failures before CONNACK included
    /// (`.connectFailed`, `.refused`, `.timedOut`); success is the `connected` event. Throws only when an
    /// attempt or session is already open.
    public func connect() throws(TransportError) {
        guard state == .disconnected, !sessionOpen else {
            throw TransportError(.invalidState, operation: "connect", detail: "already \(state.description)")
        }
        destroyHandle()
        inFlight.removeAll()
        pendingSubscriptions.removeAll()
        refusal = nil
        firstErrorLogLine = nil
        closeRequested = false
        waitingForHandshakeRead = false
        attemptStartedMs = clock()
        sessionOpen = true
        state = .connecting
        do {
            try openConnection()
        } catch {
            // Close what libmosquitto may have opened: this attempt is over.
            destroyHandle()
            endSession(.connectFailed(error))
        }
    }

    /// Sends DISCONNECT (a clean end: the broker discards the will, ThingsBoard ends the session at once)
    /// and closes. Usually complete on return; otherwise it finishes in handleWritable, and `close()` ends
    /// it for good. Before CONNACK it simply closes.
    public func disconnect() {
        guard sessionOpen, let handle else { return }
        guard state == .connected else {
            close()
            return
        }
        closeRequested = true
        state = .disconnecting
        if mosquitto_disconnect(handle) != Mosquitto.success {
            close()
            return
        }
        checkSocketStillOpen(code: nil, operation: "mosquitto_disconnect", errno: 0)
    }

    /// Closes the socket now, without DISCONNECT. Queues `disconnected(.closedByCaller)` if a session or
    /// attempt was open.
    public func close() {
        closeRequested = true
        destroyHandle()
        endSession(.closedByCaller)
    }

    /// Everything that happened since the last call, oldest first (bounded: see EventQueue).
    public func drainEvents() -> [TransportEvent] {
        queue.drain()
    }

    // MARK: - Publishing

    /// Publishes and returns libmosquitto's message id; a QoS 1 message is acknowledged later by a
    /// `published(mid:reasonCode:)` event with the same id (PUBACK). Refused, not queued, while not
    /// connected or when `maxInFlight` QoS 1 messages await their PUBACK: nothing piles up inside
    /// libmosquitto, the agent's store keeps what is not sent.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: Int32 = 1, retain: Bool = false) throws(TransportError) -> MessageID {
        guard state == .connected, sessionOpen, let handle else {
            throw TransportError(.notConnected, operation: "publish \(topic)", detail: "no accepted CONNACK")
        }
        guard qos == 0 || qos == 1 else {
            throw TransportError(.invalidArgument, operation: "publish \(topic)", detail: "QoS \(qos) (only 0 and 1 are used)")
        }
        guard Int32(exactly: payload.count) != nil else {
            throw TransportError(.invalidArgument, operation: "publish \(topic)", detail: "payload of \(payload.count) bytes")
        }
        guard qos == 0 || inFlight.count < maxInFlight else {
            throw TransportError(.inFlightWindowFull, operation: "publish \(topic)",
                                 detail: "\(inFlight.count) messages await PUBACK (limit \(maxInFlight))")
        }
        var mid: Int32 = 0
        let code = topic.withCString { topicPointer in
            payload.withUnsafeBytes { bytes in
                mosquitto_publish(handle, &mid, topicPointer, Int32(payload.count), bytes.baseAddress, qos, retain)
            }
        }
        let errno = csys_errno()
        guard code == Mosquitto.success else {
            throw TransportError.fromLibrary(code, operation: "mosquitto_publish \(topic)", errno: errno)
        }
        if qos > 0 { inFlight.append(mid) }
        return mid
    }

    /// Lowers (never raises above the settings) the number of QoS 1 messages that may await PUBACK, e.g.
    /// to the platform's `maxInflightMessages`. Messages already in flight stay; new ones wait for room.
    public func limitInFlight(to limit: Int) {
        maxInFlight = min(settings.maxInFlight, max(1, limit))
    }

    // MARK: - Driving from poll()

    /// Dispatches poll's revents for `socket`: errors and hang-ups are read so that libmosquitto notices them.
    public func handle(pollEvents revents: Int16) {
        if revents & Int16(POLLIN | POLLERR | POLLHUP) != 0 { handleReadable() }
        if revents & Int16(POLLOUT) != 0 { handleWritable() }
    }

    /// The socket is readable: libmosquitto reads a bounded batch of packets (see `wantsRead`) and calls
    /// back for each. Does nothing while the event queue lacks room for a batch.
    public func handleReadable() {
        guard sessionOpen, let handle, wantsRead else { return }
        waitingForHandshakeRead = false
        let code = mosquitto_loop_read(handle, 1)
        checkSocketStillOpen(code: code, operation: "mosquitto_loop_read", errno: csys_errno())
    }

    /// The socket is writable: libmosquitto writes what it has queued.
    public func handleWritable() {
        guard sessionOpen, let handle else { return }
        let settingUpTLS = state == .connecting && settings.tls != nil
        if settingUpTLS {
            // Advances the TLS handshake, which loop_write would not (see the header).
            let code = mosquitto_loop_read(handle, 1)
            checkSocketStillOpen(code: code, operation: "TLS handshake", errno: csys_errno())
            guard sessionOpen else { return }
        }
        // mosquitto_loop_write's return value is unreliable in 2.0.11 (it can return the socket number on
        // success); a failure closes the socket and calls on_disconnect, which is what we go by.
        _ = mosquitto_loop_write(handle, 1)
        checkSocketStillOpen(code: nil, operation: "mosquitto_loop_write", errno: csys_errno())
        if sessionOpen && settingUpTLS && mosquitto_want_write(handle) {
            waitingForHandshakeRead = true
        }
    }

    /// Keep-alive (PINGREQ when due; closes when no PINGRESP came back in time) and the connect timeout.
    /// Call at least once a second while a session is open.
    public func handleMisc() {
        guard sessionOpen, let handle else { return }
        // At most one possibly needless POLLOUT per call, in exchange for never stalling a handshake.
        waitingForHandshakeRead = false
        if state == .connecting && clock() - attemptStartedMs >= Int64(settings.connectTimeoutSeconds) * 1000 {
            destroyHandle()
            endSession(.timedOut)
            return
        }
        let code = mosquitto_loop_misc(handle)
        checkSocketStillOpen(code: code, operation: "keep-alive", errno: csys_errno())
    }

    // MARK: - Internals

    private func openConnection() throws(TransportError) {
        let created = try ClientSetup.makeClient(for: settings, userdata: Unmanaged.passUnretained(self).toOpaque())
        handle = created
        installCallbacks(on: created)
        let code = settings.host.withCString {
            mosquitto_connect_async(created, $0, Int32(settings.port), Int32(settings.keepAliveSeconds))
        }
        let errno = csys_errno()
        guard code == Mosquitto.success else {
            var error = TransportError.fromLibrary(code, operation: "mosquitto_connect_async \(settings.host):\(settings.port)",
                                                   errno: errno)
            // Why a CA, certificate or key file could not be used is only in libmosquitto's log.
            if error.kind == .tls, let line = firstErrorLogLine { error.detail = line }
            throw error
        }
    }

    /// libmosquitto closes the socket on some failures without calling on_disconnect (a failed TLS
    /// handshake returns straight from loop_read): a socket gone without an event ends the session here.
    private func checkSocketStillOpen(code: Int32?, operation: String, errno: Int32) {
        guard sessionOpen, let handle, mosquitto_socket(handle) < 0 else { return }
        var error: TransportError
        if let code, code != Mosquitto.success {
            error = TransportError.fromLibrary(code, operation: operation, errno: errno)
        } else {
            error = TransportError(.network, operation: operation, detail: "connection closed")
        }
        if let line = firstErrorLogLine, error.kind == .tls || code == nil { error.detail = line }
        endSession(closeRequested ? .closedByCaller : (state == .connecting ? .connectFailed(error) : .lost(error)))
    }

    private func endSession(_ reason: DisconnectReason) {
        guard sessionOpen else { return }
        sessionOpen = false
        state = .disconnected
        inFlight.removeAll()
        pendingSubscriptions.removeAll()
        waitingForHandshakeRead = false
        queue.append(.disconnected(reason))
    }

    private func destroyHandle() {
        guard let handle else { return }
        // Not from inside a libmosquitto callback: only connect(), close(), handleMisc() and deinit get here.
        mosquitto_destroy(handle)
        self.handle = nil
    }

    // MARK: - Called by the libmosquitto callbacks (TransportCallbacks.swift)

    func connackReceived(code: Int32, flags: Int32) {
        guard sessionOpen, let handle else { return }
        guard code == 0 else {
            // libmosquitto closes right after this callback; the disconnect callback reports the refusal.
            refusal = ConnackCode(code, protocolVersion: settings.protocolVersion)
            return
        }
        state = .connected
        // Subscribe first, then tell the agent: whatever it publishes after `connected` queues behind these.
        for topic in settings.subscriptions {
            var mid: Int32 = 0
            let result = topic.withCString { filter in
                settings.protocolVersion == .v5
                    ? mosquitto_subscribe_v5(handle, &mid, filter, 1, Mosquitto.subscribeOptionNoLocal, nil)
                    : mosquitto_subscribe(handle, &mid, filter, 1)
            }
            if result == Mosquitto.success {
                pendingSubscriptions.append((mid: mid, topic: topic))
            } else {
                let error = TransportError.fromLibrary(result, operation: "mosquitto_subscribe \(topic)", errno: csys_errno())
                queue.append(.subscribeFailed(topic: topic, error: error))
            }
        }
        queue.append(.connected(sessionPresent: flags & 1 != 0))
    }

    func disconnectReported(code: Int32) {
        let errno = csys_errno()
        guard sessionOpen else { return }  // libmosquitto may report one ending twice (MQTT 5 DISCONNECT)
        if closeRequested {
            endSession(.closedByCaller)
        } else if let refusal {
            endSession(.refused(refusal))
        } else if settings.protocolVersion == .v5 && state == .connected && (code == 0 || code >= 128) {
            // MQTT 5 passes the server's DISCONNECT reason code here; libmosquitto's own codes are < 128.
            endSession(.serverDisconnected(reasonCode: code))
        } else {
            var error = code == 0
                ? TransportError(.network, operation: "connection", detail: "closed")
                : TransportError.fromLibrary(code, operation: "connection", errno: errno)
            if state == .connecting, let line = firstErrorLogLine { error.detail = line }
            endSession(state == .connecting ? .connectFailed(error) : .lost(error))
        }
    }

    func publishAcknowledged(mid: Int32, reasonCode: Int32) {
        guard sessionOpen else { return }
        if let index = inFlight.firstIndex(of: mid) { inFlight.remove(at: index) }
        queue.append(.published(mid: mid, reasonCode: reasonCode))
    }

    func subscriptionAcknowledged(mid: Int32, grantedQoS: Int32) {
        guard sessionOpen, let index = pendingSubscriptions.firstIndex(where: { $0.mid == mid }) else { return }
        let topic = pendingSubscriptions[index].topic
        pendingSubscriptions.remove(at: index)
        queue.append(.subscribed(topic: topic, grantedQoS: grantedQoS))
    }

    func messageReceived(topic: String, payload: [UInt8]) {
        guard sessionOpen else { return }
        queue.append(.message(topic: topic, payload: payload))
    }

    func errorLogged(_ line: String) {
        if firstErrorLogLine == nil { firstErrorLogLine = line }
    }
}
