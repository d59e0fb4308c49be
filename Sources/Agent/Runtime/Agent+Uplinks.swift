// Everything the agent publishes. Telemetry and client attributes go through the outbox (appended before
// publishing, released on PUBACK); session messages (connect, disconnect, attribute requests, RPC replies,
// claims) are published directly, or wait in the bounded session queue while the client's window is full,
// since they only mean something in the session they are sent in.
import Config
import CSystem
import GatewayProtocol
import JSON
import Transport

extension Agent {
    // MARK: Buffered

    /// Appends one uplink to the outbox; `pump` publishes it when the window has room.
    func buffer(_ kind: BufferedUplink, _ payload: [UInt8]) {
        let dropped = outbox.append(kind, payload)
        if dropped > 0 {
            log.warning("buffer full: oldest records overwritten", [("dropped", String(dropped)),
                                                                    ("droppedTotal", String(outbox.stats.dropped))])
        }
    }

    /// Publishes queued session messages first (a connect must precede its device's telemetry, a reply
    /// should not wait behind a backlog), then buffered records, oldest first, while the windows have room.
    func pump() {
        guard online, let transport else { return }
        while let entry = sessionQueue.first {
            do throws(TransportError) {
                let mid = try transport.publish(topic: entry.message.topic, payload: entry.message.payload, qos: 1)
                if entry.purpose == .goodbye { goodbyeMids.append(mid) }
                sessionQueue.removeFirst()
            } catch {
                if error.kind == .inFlightWindowFull { return }
                log.warning("publish failed", [("topic", entry.message.topic), ("cause", error.description)])
                sessionQueue.removeFirst()
            }
        }
        while window.hasRoom, let record = outbox.nextToSend() {
            do throws(TransportError) {
                let mid = try transport.publish(topic: record.kind.topic, payload: record.payload, qos: 1)
                window.add(mid: mid, record: record.id)
                outbox.markInFlight(record.id)
            } catch {
                if error.kind != .inFlightWindowFull {
                    log.warning("publish failed", [("topic", record.kind.topic), ("cause", error.description)])
                }
                return
            }
        }
    }

    func published(mid: MessageID, accepted: Bool, reasonCode: Int32) {
        goodbyeMids.removeAll { $0 == mid }
        guard let record = window.acknowledge(mid: mid) else { return }
        if accepted {
            outbox.acknowledge(record)
            health.messagesSent += 1
        } else {
            // MQTT 5: the server refused the message (e.g. quota exceeded). It stays buffered and goes out
            // again after the next reconnect rather than being lost.
            log.warning("broker refused a message; it stays buffered", [("reasonCode", String(reasonCode))])
        }
    }

    /// Packs the telemetry gathered in this iteration into as few messages as the payload limit allows.
    func flushTelemetry() {
        guard !pendingTelemetry.isEmpty else { return }
        let items = pendingTelemetry
        pendingTelemetry.removeAll(keepingCapacity: true)
        let packed = batcher.pack(items)
        for rejected in packed.rejected {
            log.error("telemetry entry too large for one message; not sent", [("cause", rejected.error.description)])
        }
        for batch in packed.batches { buffer(.gatewayTelemetry, batch.message.payload) }
    }

    func addTelemetry(device: String, ts: Int64, values: JSONObject) {
        guard !values.isEmpty else { return }
        do throws(ProtocolError) {
            let entry = try TelemetryEntry(ts: ts, values: values)
            pendingTelemetry.append(ChildTelemetryItem(device: try DeviceName(device), entry: entry))
            markActivity(device, atMs: csys_monotonic_ms())
        } catch {
            log.error("telemetry not encodable", [("device", device), ("cause", error.description)])
        }
    }

    func sendClientAttributes(device: String, _ attributes: JSONObject) {
        guard !attributes.isEmpty else { return }
        do throws(ProtocolError) {
            buffer(.gatewayAttributes, try ChildAttributes(device: try DeviceName(device), attributes: attributes).payload)
        } catch {
            log.error("attributes not encodable", [("device", device), ("cause", error.description)])
        }
    }

    func sendSelfTelemetry() {
        refreshHealth()
        do throws(ProtocolError) {
            buffer(.gatewayDeviceTelemetry, OwnTelemetry(try TelemetryEntry(ts: wallMs, values: health.telemetryValues())).payload)
        } catch {
            log.error("self-telemetry not encodable", [("cause", error.description)])
        }
    }

    // MARK: Direct

    /// Publishes a session message at QoS 1 now, or queues it behind earlier ones while the client's
    /// window is full (`pump` sends it as PUBACKs come in). False when offline, when the session queue is
    /// full, or when the library refused it: the caller knows what that means for its message (the server
    /// re-sends unanswered RPCs, requests time out, the next connect sends connects again).
    @discardableResult
    func publishDirect(_ message: OutgoingMessage, purpose: SessionQueue.Purpose = .session) -> Bool {
        guard online, let transport else { return false }
        if sessionQueue.isEmpty {
            do throws(TransportError) {
                let mid = try transport.publish(topic: message.topic, payload: message.payload, qos: 1)
                if purpose == .goodbye { goodbyeMids.append(mid) }
                return true
            } catch {
                guard error.kind == .inFlightWindowFull else {
                    log.warning("publish failed", [("topic", message.topic), ("cause", error.description)])
                    return false
                }
            }
        }
        guard sessionQueue.enqueue(message, purpose: purpose) else {
            log.error("session message not sent: too many waiting for the broker",
                      [("topic", message.topic), ("queued", String(sessionQueue.count)), ("queuedBytes", String(sessionQueue.bytes))])
            return false
        }
        return true
    }

    func sendConnect(_ device: String, type: String) {
        guard let name = deviceName(device) else { return }
        publishDirect(ChildConnect(device: name, type: type).message)
        markActivity(device, atMs: csys_monotonic_ms())
    }

    /// A goodbye's message id joins `goodbyeMids` once it is published, so the stop waits for its PUBACK.
    @discardableResult
    func sendDisconnect(_ device: String, purpose: SessionQueue.Purpose = .session) -> Bool {
        guard let name = deviceName(device) else { return false }
        return publishDirect(ChildDisconnect(device: name).message, purpose: purpose)
    }

    func sendClaim(device: String, secretKey: String, durationMs: Int64?) {
        guard config.device(named: device) != nil, let name = deviceName(device) else { return }
        do throws(ProtocolError) {
            let claim = try ChildClaim([try ChildClaimRequest(device: name, secretKey: secretKey, durationMs: durationMs)])
            if publishDirect(claim.message) { log.info("claim request sent", [("device", device)]) }
        } catch {
            log.error("claim not encodable", [("device", device), ("cause", error.description)])
        }
    }

    /// Asks for the shared attributes a device acts on, so that changes made while it was offline
    /// converge (gateway-api.md): output levels of GPIO devices, `pollIntervalMs` of sensors.
    func requestSharedAttributes() {
        for device in gpioDevices {
            let outputs = device.pins.filter { $0.direction == .output }.map { String($0.key) }
            guard !outputs.isEmpty else { continue }
            let name = device.name
            requestAttributes(device: name, scope: .shared, keys: outputs) { [self] answer in converge(name, answer) }
        }
        for device in sensorDevices {
            let name = device.name
            requestAttributes(device: name, scope: .shared, keys: ["pollIntervalMs"]) { [self] answer in converge(name, answer) }
        }
    }

    /// Applies the answer to a convergence request as if the values had just been set on the platform.
    func converge(_ device: String, _ answer: AttributeAnswer) {
        switch answer {
        case .values(let values):
            sharedAttributesChanged(device: device, values, deleted: [])
        case .notFound:
            log.debug("no shared attributes stored for the device yet", [("device", device)])
        case .unanswered(let reason):
            log.debug("shared attribute request unanswered", [("device", device), ("reason", reason)])
        }
    }

    /// Asks the platform for `keys` of a configured device's client or shared attributes (every one of the
    /// scope when `keys` is empty); `then` hears exactly once: the values, none found, or why there is no
    /// answer (offline, not sent, no answer within `attributeRequestTimeoutMs`).
    func requestAttributes(device: String, scope: AttributeScope, keys: [String], then: @escaping (AttributeAnswer) -> Void) {
        guard isConfigured(device), let name = deviceName(device) else { return then(.unanswered("not a configured device")) }
        guard online else { return then(.unanswered("offline")) }
        let registration = attributeRequests.request(device: name, scope: scope, keys: keys, nowMs: csys_monotonic_ms(), then: then)
        var answers: [AttributeDelivery] = []
        if let evicted = registration.evicted {
            log.warning("attribute request abandoned: too many pending", [("device", evicted.device)])
            answers.append(evicted)
        }
        if let refused = registration.refused {
            if case .unanswered(let cause) = refused.answer { log.error("attribute request not encodable", [("device", device), ("cause", cause)]) }
            answers.append(refused)
        } else if let message = registration.message, !publishDirect(message),
                  let abandoned = attributeRequests.abandon(id: registration.id, reason: "not sent") {
            answers.append(abandoned)
        }
        deliver(answers)
    }

    /// Hands answers to their askers, outside any change of the request table (an asker may ask again).
    func deliver(_ deliveries: [AttributeDelivery]) {
        for delivery in deliveries { delivery.deliver() }
    }

    func requestSessionLimits() {
        let id = takeOwnRequestID()
        do throws(ProtocolError) {
            if publishDirect(try OwnClientRPCRequest(id: id, method: .getSessionLimits).message) { sessionLimitsRequestID = id }
        } catch {
            log.error("session limits request not encodable", [("cause", error.description)])
        }
    }

    func takeOwnRequestID() -> Int {
        let id = nextOwnRequestID
        nextOwnRequestID = nextOwnRequestID >= 1_000_000 ? 1 : nextOwnRequestID + 1
        return id
    }

    func expireAttributeRequests() {
        deliver(attributeRequests.expire(nowMs: csys_monotonic_ms()))
    }

    func failAllAttributeRequests() {
        deliver(attributeRequests.abandonAll(reason: "disconnected"))
    }

    func deviceName(_ device: String) -> DeviceName? {
        do throws(ProtocolError) {
            return try DeviceName(device)
        } catch {
            log.error("device name not usable", [("device", device), ("cause", error.description)])
            return nil
        }
    }
}
