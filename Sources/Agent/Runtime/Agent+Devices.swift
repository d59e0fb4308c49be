// The child devices: created from the config on the board's hardware, polled (sensors) or watched
// (GPIO inputs) from the loop, their state reported, and replaced on a config reload (SIGHUP).
import Config
import CSystem
import GatewayProtocol
import Hardware
import JSON

extension Agent {
    // MARK: Registry

    func createDevices(_ configs: [DeviceConfig]) {
        let now = csys_monotonic_ms()
        for device in configs {
            do throws(BoardHardwareError) {
                switch device.kind {
                case .gpio(let pins):
                    let gpio = try DeviceFactory.gpioDevice(device, pins: pins, hardware: hardware, nowMs: now)
                    gpioDevices.append(gpio)
                    watchInputs(gpio)
                case .i2c(let sensor):
                    let runtime = try DeviceFactory.sensorDevice(device, sensor: sensor, hardware: hardware, nowMs: now, jitter: &jitter)
                    sensorDevices.append(runtime)
                    scheduleSensor(runtime)
                }
                log.info("device ready", [("device", device.name), ("type", device.type)])
            } catch {
                // One broken device must not take the others down: it is left out, logged, and tried
                // again on the next reload.
                log.error("device not started", [("device", device.name), ("cause", error.description)])
            }
        }
    }

    /// The devices that are running (configured and started), in config order.
    func configuredDeviceNames() -> [(name: String, type: String)] {
        var result: [(name: String, type: String)] = []
        for device in config.devices where isConfigured(device.name) { result.append((device.name, device.type)) }
        return result
    }

    func isConfigured(_ name: String) -> Bool { gpioDevice(named: name) != nil || sensorDevice(named: name) != nil }

    func gpioDevice(named name: String) -> GPIODevice? { gpioDevices.first { $0.name == name } }

    func sensorDevice(named name: String) -> SensorDevice? { sensorDevices.first { $0.name == name } }

    func markActivity(_ device: String, atMs: Int64) {
        gpioDevice(named: device)?.keepAlive.reported(atMs: atMs)
    }

    /// What each device is, as client attributes: sent on every (re)connect.
    func sendDeviceAttributes() {
        for device in gpioDevices {
            var pins = JSONObject()
            for pin in device.pins {
                pins[String(pin.key)] = .string("\(pin.boardName) \(pin.direction == .output ? "output" : "input")")
            }
            var attributes = JSONObject([JSONMember("firmwareVersion", .string(version)), JSONMember("driver", "gpio"),
                                         JSONMember("pins", .object(pins))])
            for level in device.levels() { attributes[String(level.key)] = .bool(level.level) }
            sendClientAttributes(device: device.name, attributes)
        }
        for device in sensorDevices {
            sendClientAttributes(device: device.name, JSONObject([
                JSONMember("firmwareVersion", .string(version)),
                JSONMember("driver", .string(device.driver.driverName)),
                JSONMember("bus", .string(device.driver.busName)),
                JSONMember("address", .string("0x" + hexByte(device.driver.address))),
                JSONMember("pollIntervalMs", .int(device.schedule.intervalMs)),
            ]))
        }
    }

    // MARK: GPIO

    private func watchInputs(_ device: GPIODevice) {
        for pin in device.pins {
            guard let fd = pin.request.eventFD else { continue }
            pin.watch = loop.watch(fd: fd, events: Int16(POLLIN)) { [self] _ in edges(device, pin) }
        }
    }

    private func edges(_ device: GPIODevice, _ pin: GPIOPin) {
        guard !pin.request.isReleased else { return }
        let events: [GPIOEdgeEvent]
        do throws(GPIOError) {
            events = try pin.request.readEvents(max: 64)
        } catch {
            log.warning("reading edge events failed", [("device", device.name), ("pin", pin.boardName), ("cause", error.description)])
            return
        }
        let clock = GPIOEventClock.sample()
        for event in events {
            let ts = clock.epochMs(of: event)
            if var debouncer = pin.debouncer {
                let edge = debouncer.event(level: event.level, atMs: ts)
                pin.debouncer = debouncer
                if let edge { reportEdge(device, pin, edge) }
            }
        }
        if let debouncer = pin.debouncer, debouncer.isSettling, pin.settleTimer == nil {
            // The window closes `windowMs` after the last bounce: settle then, on the wall clock the
            // timestamps use.
            let delay = max(0, debouncer.deadlineMs - wallMs) + 1
            pin.settleTimer = loop.after(delay) { [self] in settle(device, pin) }
        }
    }

    private func settle(_ device: GPIODevice, _ pin: GPIOPin) {
        pin.settleTimer = nil
        guard var debouncer = pin.debouncer else { return }
        let edge = debouncer.settle(nowMs: wallMs)
        pin.debouncer = debouncer
        if let edge { reportEdge(device, pin, edge) }
        if debouncer.isSettling {
            pin.settleTimer = loop.after(max(0, debouncer.deadlineMs - wallMs) + 1) { [self] in settle(device, pin) }
        }
    }

    private func reportEdge(_ device: GPIODevice, _ pin: GPIOPin, _ edge: Debouncer.Edge) {
        addTelemetry(device: device.name, ts: edge.timestampMs,
                     values: JSONObject([JSONMember(String(pin.key), .bool(edge.level))]))
    }

    /// Outputs changed by an RPC or a shared attribute: telemetry and client attributes say so.
    func reportOutputs(_ device: GPIODevice, _ changed: [PinLevel]) {
        guard !changed.isEmpty else { return }
        let values = levelsObject(changed)
        addTelemetry(device: device.name, ts: wallMs, values: values)
        sendClientAttributes(device: device.name, values)
    }

    /// A device that reports only on change still says something before its child session expires.
    func reportQuietDevices() {
        let now = csys_monotonic_ms()
        for device in gpioDevices where device.keepAlive.isDue(nowMs: now) {
            addTelemetry(device: device.name, ts: wallMs, values: levelsObject(device.levels()))
            device.keepAlive.reported(atMs: now)
        }
    }

    /// Plays the simulated board's scripted inputs: ticks when the next step is due (at most a second
    /// apart, so chips opened later by a reload are picked up).
    func scheduleSimulationTick() {
        let now = csys_monotonic_ms()
        var next = now + 1_000
        for chip in hardware.simulated {
            _ = chip.tick(nowMs: now)
            if let due = chip.nextScriptDeadlineMs { next = min(next, due) }
        }
        loop.after(max(0, next - now)) { [self] in
            if !finished { scheduleSimulationTick() }
        }
    }

    // MARK: Sensors

    func scheduleSensor(_ sensor: SensorDevice) {
        cancelSensorTimer(sensor.name)
        let delay = max(0, sensor.schedule.nextDueMs - csys_monotonic_ms())
        let timer = loop.after(delay) { [self] in
            cancelSensorTimer(sensor.name)
            guard !sensor.isMeasuring else { return }
            sensor.schedule.advance(nowMs: csys_monotonic_ms(), jitter: &jitter)
            step(sensor, sensor.begin())
            if !sensor.isMeasuring { scheduleSensor(sensor) }
        }
        sensorTimers.append((sensor.name, timer))
    }

    private func cancelSensorTimer(_ name: String) {
        for entry in sensorTimers where entry.device == name { loop.cancel(entry.timer) }
        sensorTimers.removeAll { $0.device == name }
    }

    /// Runs a cycle now for a `read` RPC; the reply is sent when the cycle ends.
    func readNow(_ sensor: SensorDevice, rpcID: Int) {
        if sensor.waitingReads.count >= 8 {
            replySensorRead(sensor, id: Int64(rpcID), .failure("too many read requests waiting for \(sensor.name)"))
            return
        }
        sensor.waitingReads.append(Int64(rpcID))
        if !sensor.isMeasuring {
            cancelSensorTimer(sensor.name)
            step(sensor, sensor.begin())
            if !sensor.isMeasuring { scheduleSensor(sensor) }
        }
    }

    private func step(_ sensor: SensorDevice, _ next: SensorStep) {
        switch next {
        case .wait(let ms):
            loop.after(Int64(ms)) { [self] in
                step(sensor, sensor.collect())
                if !sensor.isMeasuring { scheduleSensor(sensor) }
            }
        case .readings(let readings):
            var values = JSONObject()
            for reading in readings { values[reading.key] = ReadingFormat.value(key: reading.key, reading.value) }
            addTelemetry(device: sensor.name, ts: wallMs, values: values)
            if sensorWasFailing.contains(sensor.name) {
                sensorWasFailing.removeAll { $0 == sensor.name }
                log.info("sensor recovered", [("device", sensor.name)])
                sendClientAttributes(device: sensor.name, JSONObject([JSONMember("sensorStatus", "ok")]))
            }
            answerReads(sensor, .object(values))
        case .failed(let error, let first):
            if first {
                sensorWasFailing.append(sensor.name)
                log.warning("sensor read failed", [("device", sensor.name), ("kind", error.kind.description), ("cause", error.description)])
                sendClientAttributes(device: sensor.name, JSONObject([JSONMember("sensorStatus", .string("error: \(error.description)"))]))
            } else {
                log.debug("sensor still failing", [("device", sensor.name), ("cause", error.description)])
            }
            answerReads(sensor, RPCOutcome.failure(error.description).reply)
        }
    }

    private func answerReads(_ sensor: SensorDevice, _ data: JSONValue) {
        let waiting = sensor.waitingReads
        sensor.waitingReads.removeAll()
        for id in waiting { replySensorRead(sensor, id: id, RPCOutcome(reply: data, changedOutputs: [])) }
    }

    private func replySensorRead(_ sensor: SensorDevice, id: Int64, _ outcome: RPCOutcome) {
        guard let name = deviceName(sensor.name) else { return }
        reply(ChildRPCRequest(device: name, id: Int(id), method: "read", params: nil), outcome.reply)
    }
}
