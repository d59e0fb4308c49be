// The MQTT session: connecting with backoff, what happens on every (re)connect (devices connected again,
// their attributes, convergence requests, session limits, then the buffered backlog), and the clean stop.
import Config
import CSystem
import GatewayProtocol
import JSON
import Transport

extension Agent {
    /// The topics of gateway-api.md, subscribed on every (re)connect before anything is published.
    static let subscriptions = Topics.subscriptions

    func transportSettings() -> TransportSettings { makeTransportSettings(config.connection) }

    func connect() {
        reconnectTimer = nil
        if transport == nil {
            do throws(TransportError) {
                transport = try Transport(settings: transportSettings())
            } catch {
                log.error("cannot create the MQTT client", [("cause", error.description)])
                requestStop("configuration")
                return
            }
        }
        log.info("connecting", [("broker", "\(config.connection.host):\(config.connection.port)"),
                                ("tls", config.connection.tls == nil ? "off" : "on")])
        do throws(TransportError) {
            try transport?.connect()
        } catch {
            log.error("connect refused by the client library", [("cause", error.description)])
        }
        drainTransport()
    }

    /// Keeps the poll watch on the current socket with the events libmosquitto wants.
    func refreshWatch() {
        guard let transport else { return }
        let fd = transport.socket
        if fd < 0 {
            if let watch = transportWatch { loop.unwatch(watch) }
            transportWatch = nil
            return
        }
        if let watch = transportWatch {
            loop.setEvents(watch, transport.pollEvents)
        } else {
            transportWatch = loop.watch(fd: fd, events: transport.pollEvents) { [self] events in
                self.transport?.handle(pollEvents: events)
                drainTransport()
            }
        }
    }

    func drainTransport() {
        guard let transport else { return }
        for event in transport.drainEvents() { handle(event) }
    }

    private func handle(_ event: TransportEvent) {
        switch event {
        case .connected:
            sessionStarted()
        case .subscribed(let topic, let granted):
            if granted >= 128 { log.warning("subscription refused by the broker", [("topic", topic)]) }
        case .subscribeFailed(let topic, let error):
            log.warning("subscribe failed", [("topic", topic), ("cause", error.description)])
        case .published(let mid, let reasonCode):
            published(mid: mid, accepted: event.isAccepted, reasonCode: reasonCode)
        case .message(let topic, let payload):
            received(topic: topic, payload: payload)
        case .incomingDropped(let count):
            log.warning("incoming messages dropped: the agent could not keep up", [("count", String(count))])
        case .disconnected(let reason):
            sessionEnded(reason)
        }
    }

    private func sessionStarted() {
        online = true
        backoff.sessionEstablished(atMs: csys_monotonic_ms())
        if hadConnection { health.reconnects += 1 }
        hadConnection = true
        log.info("connected", [("broker", "\(config.connection.host):\(config.connection.port)")])
        // The server forgets child sessions with the connection: connect every device again, tell it what
        // each device is, and ask for the shared attributes changed while we were away.
        for device in configuredDeviceNames() { sendConnect(device.name, type: device.type) }
        sendDeviceAttributes()
        requestSharedAttributes()
        requestSessionLimits()
        if !claimsSent {
            claimsSent = true
            for claim in config.claims { sendClaim(device: claim.device, secretKey: claim.secretKey, durationMs: claim.durationMs) }
        }
        refreshHealth()
        sendSelfTelemetry()
    }

    private func sessionEnded(_ reason: DisconnectReason) {
        let wasOnline = online
        online = false
        // Unacknowledged records stay in the buffer and go out again, oldest first, after the reconnect.
        window.clear()
        outbox.resetInFlight()
        failAllAttributeRequests()
        let unsent = sessionQueue.clear()
        if unsent > 0 {
            log.info("session messages not sent before the disconnect; the next session sends connects and requests again",
                     [("count", String(unsent))])
        }
        if let watch = transportWatch { loop.unwatch(watch) }
        transportWatch = nil
        if stopRequested {
            finishStop()
            return
        }
        let plan = backoff.nextAttempt(after: reason, atMs: csys_monotonic_ms())
        lastConnectionError = reasonText(plan.cause, reason)
        var fields: [(String, String)] = [("cause", reasonText(plan.cause, reason)), ("retryInMs", String(plan.delayMs))]
        if plan.failuresInARow > 1 { fields.append(("failuresInARow", String(plan.failuresInARow))) }
        if wasOnline || plan.failuresInARow <= 1 || plan.failuresInARow % 10 == 0 {
            log.warning(wasOnline ? "disconnected" : "connection failed", fields)
        } else {
            log.debug("connection failed", fields)
        }
        reconnectTimer = loop.after(plan.delayMs) { [self] in connect() }
    }

    private func reasonText(_ cause: ReconnectCause, _ reason: DisconnectReason) -> String {
        switch cause {
        case .credentialsRejected:
            return "credentials rejected by the server (\(reason)): check the access token or username/password"
        case .likelyDuplicateClient:
            return "closed right after connecting, repeatedly: another client with the same credentials or client id is likely connected (\(reason))"
        default:
            return reason.description
        }
    }

    /// SIGTERM/SIGINT: flush what can be flushed within a bounded time, say goodbye for every device,
    /// disconnect cleanly.
    func requestStop(_ why: String) {
        guard !stopRequested else { return }
        stopRequested = true
        log.info("stopping", [("signal", why)])
        _ = csys_sd_notify("STOPPING=1")
        if let timer = reconnectTimer { loop.cancel(timer) }
        guard online else {
            finishStop()
            return
        }
        let deadline = csys_monotonic_ms() + Agent.shutdownFlushMs
        waitForFlush(until: deadline)
    }

    private func waitForFlush(until deadline: Int64) {
        let drained = window.count == 0 && sessionQueue.isEmpty && outbox.nextToSend() == nil
        if !online {
            finishStop()
        } else if drained || csys_monotonic_ms() >= deadline {
            sayGoodbye()
        } else {
            loop.after(50) { [self] in waitForFlush(until: deadline) }
        }
    }

    /// Disconnects every child device and waits (briefly) for the broker to acknowledge those messages
    /// before the MQTT DISCONNECT, so that no goodbye is lost in the socket buffer at close.
    private func sayGoodbye() {
        for device in configuredDeviceNames() { sendDisconnect(device.name, purpose: .goodbye) }
        let deadline = csys_monotonic_ms() + 2_000
        waitForGoodbyes(until: deadline)
    }

    private func waitForGoodbyes(until deadline: Int64) {
        if !online {
            finishStop()
        } else if (goodbyeMids.isEmpty && !sessionQueue.containsGoodbye) || csys_monotonic_ms() >= deadline {
            transport?.disconnect()
            // The disconnect event ends the loop; if it never comes, stop anyway.
            loop.after(1_000) { [self] in finishStop() }
        } else {
            loop.after(20) { [self] in waitForGoodbyes(until: deadline) }
        }
    }

    func finishStop() {
        guard !finished else { return }
        writeStatusFile(state: "stopped")
        outbox.sync()
        outbox.close()
        transport?.close()
        for device in gpioDevices {
            for pin in device.pins { if let watch = pin.watch { loop.unwatch(watch) } }
            device.release()
        }
        let stats = outbox.stats
        log.info("stopped", [("buffered", String(stats.records)), ("dropped", String(stats.dropped))])
        finished = true
    }
}
