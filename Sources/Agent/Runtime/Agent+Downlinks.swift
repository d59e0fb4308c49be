// Everything the agent receives, dispatched by the codec's Downlink cases. A malformed message is logged
// with its topic and cause and changes nothing; an echo of our own publish (plain brokers) is ignored
// silently; nothing is ever sent for a device that is not in the config (the server would create it).
import Config
import CSystem
import GatewayProtocol
import JSON
import Transport

extension Agent {
    func received(topic: String, payload: [UInt8]) {
        let downlink: Downlink
        do throws(ProtocolError) {
            downlink = try DownlinkDecoder.decode(topic: topic, payload: payload)
        } catch {
            log.warning("malformed message ignored", [("topic", topic), ("cause", error.description)])
            return
        }
        switch downlink {
        case .echo(let kind):
            // A plain broker hands our own publishes back on the topics we subscribe to (MQTT 3.1.1 has
            // no no-local option). Counted at debug level only: it is normal there.
            log.debug("own message echoed by the broker; ignored", [("topic", topic), ("kind", kind.description)])
        case .childRPC(let request):
            childRPC(request)
        case .childAttributesChanged(let update):
            sharedAttributesChanged(device: update.device.value, update.change.updated, deleted: update.change.deleted)
        case .childAttributeResponse(let response):
            attributeResponse(response)
        case .childDisconnected(let notice):
            childDisconnected(notice)
        case .ownRPC(let request):
            ownRPC(request)
        case .sessionLimits(_, let limits):
            apply(limits)
        case .ownAttributesChanged(let change):
            log.debug("gateway shared attributes changed; pinpost does not act on them", [("change", change.description)])
        case .ownAttributeResponse(let response):
            log.debug("gateway attribute response", [("id", String(response.id))])
        case .ownRPCResponse(let id, _):
            log.debug("gateway RPC response", [("id", String(id))])
        }
    }

    // MARK: RPC to child devices

    private func childRPC(_ request: ChildRPCRequest) {
        let device = request.device.value
        guard isConfigured(device) else {
            log.warning("RPC for a device that is not in the config: not answered", [("device", device), ("method", request.method)])
            return
        }
        // The server re-sends RPCs that were unanswered at a reconnect: answer a repeat from the cache
        // instead of acting on a pin twice.
        if let cached = recentRPCs.reply(device: device, id: Int64(request.id)) {
            log.info("repeated RPC answered from cache", [("device", device), ("id", String(request.id))])
            publishDirect(OutgoingMessage(topic: Topics.childRPC, payload: cached))
            return
        }
        health.rpcsHandled += 1
        if let gpio = gpioDevice(named: device) {
            if request.method == "read" {
                reply(request, .object(levelsObject(gpio.levels())))
                return
            }
            let outcome = GPIOMethods.handle(method: request.method, params: request.params, pins: gpio)
            log.info("rpc", [("device", device), ("id", String(request.id)), ("method", request.method),
                             ("ok", outcome.succeeded ? "true" : "false")])
            reply(request, outcome.reply)
            reportOutputs(gpio, outcome.changedOutputs)
        } else if let sensor = sensorDevice(named: device) {
            guard request.method == "read" else {
                reply(request, RPCOutcome.failure("unknown method '\(request.method)' (this device answers: read)").reply)
                return
            }
            readNow(sensor, rpcID: request.id)
        }
    }

    /// Sends the one reply a request gets, and remembers it for a repeated id.
    func reply(_ request: ChildRPCRequest, _ data: JSONValue) {
        let message = ChildRPCReply(replyingTo: request, data: data).message
        recentRPCs.remember(device: request.device.value, id: Int64(request.id), reply: message.payload)
        if !publishDirect(message) {
            log.info("RPC reply not sent: offline (the server re-sends the request after reconnecting)",
                     [("device", request.device.value), ("id", String(request.id))])
        }
    }

    func levelsObject(_ levels: [PinLevel]) -> JSONObject {
        var object = JSONObject()
        for level in levels { object[String(level.key)] = .bool(level.level) }
        return object
    }

    // MARK: Shared attributes

    func sharedAttributesChanged(device: String, _ updated: JSONObject, deleted: [String]) {
        guard isConfigured(device) else {
            log.debug("shared attributes for a device that is not in the config", [("device", device)])
            return
        }
        if !deleted.isEmpty {
            log.debug("shared attributes deleted; the current state is kept", [("device", device)])
        }
        let result: SharedAttributeResult
        if let gpio = gpioDevice(named: device) {
            result = SharedAttributes.apply(updated, pins: gpio, acceptsPollInterval: false)
            reportOutputs(gpio, result.changedOutputs)
        } else if let sensor = sensorDevice(named: device) {
            result = SharedAttributes.apply(updated, pins: nil as GPIODevice?, acceptsPollInterval: true)
            if let interval = result.pollIntervalMs {
                sensor.schedule.change(intervalMs: Int64(interval), nowMs: csys_monotonic_ms())
                scheduleSensor(sensor)
                log.info("poll interval changed", [("device", device), ("pollIntervalMs", String(interval))])
            }
        } else {
            return
        }
        for problem in result.problems {
            log.warning("shared attribute not applied", [("device", device), ("cause", problem)])
        }
        for key in result.ignoredKeys {
            log.debug("shared attribute ignored", [("device", device), ("key", key)])
        }
    }

    private func attributeResponse(_ response: ChildAttributeResponse) {
        switch attributeRequests.route(response) {
        case .unknownID:
            log.debug("attribute response without a pending request", [("id", String(response.id))])
        case .wrongDevice(let delivery, let named):
            log.warning("attribute response names another device than its request",
                        [("id", String(response.id)), ("asked", delivery.device), ("answered", named)])
            delivery.deliver()
        case .delivered(let delivery):
            delivery.deliver()
        }
    }

    private func childDisconnected(_ notice: ChildDisconnectNotice) {
        let device = notice.device.value
        guard let configured = config.device(named: device) else { return }
        // 150 = rate too high: wait longer before connecting the device again.
        let pauseMs: Int64 = notice.reason == 150 ? 30_000 : 5_000
        log.warning("server disconnected a device; connecting it again", [("device", device), ("reason", notice.reasonText),
                                                                          ("retryInMs", String(pauseMs))])
        loop.after(pauseMs) { [self] in
            if online, isConfigured(device) { sendConnect(device, type: configured.type) }
        }
    }

    // MARK: The gateway itself

    private func ownRPC(_ request: OwnRPCRequest) {
        refreshHealth()
        health.rpcsHandled += 1
        let reply: JSONValue
        switch GatewayMethods.handle(method: request.method, params: request.params, health: health) {
        case .reply(let value):
            reply = value
        case .deviceRenamed(let from, let to, let value):
            log.warning("the platform renamed a device; pinpost keeps the config's name until the config is changed",
                        [("from", from), ("to", to)])
            reply = value
        case .deviceDeleted(let name, let value):
            log.warning("the platform deleted a device; it is created again while it stays in the config", [("device", name)])
            reply = value
        }
        publishDirect(OwnRPCReply(replyingTo: request, result: reply).message)
    }

    private func apply(_ limits: SessionLimits) {
        sessionLimitsRequestID = nil
        let payload = min(config.connection.maxPayloadBytes, limits.payloadLimit(topic: Topics.childTelemetry))
        batcher = TelemetryBatcher(maxPayloadBytes: payload)
        let inflight = min(config.connection.maxInflight, limits.maxInflightMessages ?? SessionLimits.defaultMaxInflightMessages)
        let budget = InFlightBudget(limit: inflight, storeMaximum: Outbox.maximumInFlight)
        window.setLimit(budget.buffered)
        transport?.limitInFlight(to: budget.total)
        log.info("session limits", [("maxPayloadBytes", String(payload)), ("maxInflight", String(inflight))])
    }
}
