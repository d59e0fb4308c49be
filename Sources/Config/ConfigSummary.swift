// The text `pinpost check` prints for a valid config: what the gateway would connect to and which pins and
// sensors it would take, so a user can compare it with the wiring before running it. It never contains a
// credential: only the kind of credential is named.

public enum ConfigSummary {
    /// A multi-line summary of `config`, ending with a newline.
    public static func render(_ config: PinpostConfig) -> String {
        var out = "config: \(config.path)\n"
        let board = config.board
        out += "board: \(board.name) (\(board.source)), \(board.pins.count) pins"
        if !board.i2cBuses.isEmpty {
            var buses: [String] = []
            for bus in board.i2cBuses { buses.append("\(bus.name) (\(bus.device))") }
            out += ", I2C " + Suggestion.list(buses)
        }
        out += board.isSimulated ? ", simulated\n" : "\n"
        let connection = config.connection
        out += "connection: \(connection)\n"
        out += "  keep-alive \(connection.keepAliveSeconds) s, max payload \(connection.maxPayloadBytes) bytes, "
            + "max in flight \(connection.maxInflight)\n"
        out += "buffer: \(config.buffer)\n"
        out += "gateway: self-telemetry every \(config.gateway.telemetryIntervalMs) ms"
        if let statusFile = config.gateway.statusFile { out += ", status file \(statusFile)" }
        out += "\nlog level: \(config.logLevel)\n"
        out += "devices (\(config.devices.count)):\n"
        for device in config.devices {
            out += renderDevice(device)
        }
        if !config.claims.isEmpty {
            out += "claims:\n"
            for claim in config.claims { out += "  \(claim)\n" }
        }
        if !config.warnings.isEmpty {
            out += "warnings (\(config.warnings.count)):\n"
            for warning in config.warnings { out += "  \(warning)\n" }
        }
        return out
    }

    static func renderDevice(_ device: DeviceConfig) -> String {
        switch device.kind {
        case .gpio(let pins):
            var out = "  \(device.name) (type \(device.type)): \(pins.count) GPIO pin\(pins.count == 1 ? "" : "s")\n"
            for pin in pins {
                out += "    key \(pin.key) -> \(pin.pin.name)"
                if pin.writtenName != pin.pin.name { out += " (as \(pin.writtenName))" }
                out += " -> \(pin.pin.chipLabel) line \(pin.pin.line)"
                if let header = pin.pin.header { out += ", header pin \(header)" }
                out += ": \(pin.mode)\n"
            }
            return out
        case .i2c(let sensor):
            return "  \(device.name) (type \(device.type)): sensor \(sensor)\n"
        }
    }
}
