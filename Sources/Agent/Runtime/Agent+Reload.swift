// SIGHUP: read the config again. A broken file changes nothing (its errors are logged, the running setup
// stays). Removed devices are disconnected and their lines released, new ones are started and connected,
// changed ones are restarted. Connection, buffer and board changes need a restart; they are logged.
import Config
import CSystem

extension Agent {
    func reload() {
        log.info("reloading the config")
        let next: PinpostConfig
        switch reloadConfig() {
        case .failure(let errors):
            for issue in errors.errors { log.error("config reload rejected; keeping the running config", [("issue", issue.description)]) }
            return
        case .success(let loaded):
            next = loaded
        }
        for warning in next.warnings { log.warning("config", [("issue", warning.description)]) }
        if next.connection != config.connection || next.buffer != config.buffer || next.board != config.board {
            log.warning("connection, buffer or board settings changed: they take effect at the next restart")
        }

        let old = config.devices
        var removed: [DeviceConfig] = []
        var added: [DeviceConfig] = []
        for device in old {
            if let replacement = next.device(named: device.name) {
                if replacement != device {
                    removed.append(device)
                    added.append(replacement)
                }
            } else {
                removed.append(device)
            }
        }
        for device in next.devices where !old.contains(where: { $0.name == device.name }) { added.append(device) }

        for device in removed { stopDevice(device.name, disconnect: next.device(named: device.name) == nil) }
        let newClaims = next.claims.filter { claim in !config.claims.contains(claim) }
        var kept = config
        kept.devices = next.devices
        kept.claims = next.claims
        kept.gateway = next.gateway
        config = kept
        // Removed devices' disconnects and new devices' connects and requests may all queue at once.
        sessionQueue.setCapacity(SessionQueue.capacity(forDevices: old.count + next.devices.count))
        deliver(attributeRequests.setCapacity(AttributeRequests.capacity(forDevices: next.devices.count)))
        createDevices(added)
        for device in added where isConfigured(device.name) {
            sendConnect(device.name, type: device.type)
        }
        if !added.isEmpty {
            sendDeviceAttributes()
            requestSharedAttributes()
        }
        // A claim added to the config is sent now: the way to claim through a running gateway without
        // a second session (`pinpost claim` would take the session over for a moment).
        for claim in newClaims { sendClaim(device: claim.device, secretKey: claim.secretKey, durationMs: claim.durationMs) }
        log.info("config reloaded", [("added", String(added.count)), ("removed", String(removed.count))])
    }

    private func stopDevice(_ name: String, disconnect: Bool) {
        if let gpio = gpioDevice(named: name) {
            for pin in gpio.pins {
                if let watch = pin.watch { loop.unwatch(watch) }
                if let timer = pin.settleTimer { loop.cancel(timer) }
            }
            gpio.release()
            gpioDevices.removeAll { $0.name == name }
        }
        if sensorDevice(named: name) != nil {
            for entry in sensorTimers where entry.device == name { loop.cancel(entry.timer) }
            sensorTimers.removeAll { $0.device == name }
            sensorDevices.removeAll { $0.name == name }
        }
        recentRPCs.forget(device: name)
        if disconnect { sendDisconnect(name) }
    }
}
