// `devices`: child devices, each a set of GPIO pins or one I2C sensor. Pins and buses are resolved against
// the board here; what spans devices (a pin used twice, a bus pin used as GPIO, two sensors at one
// address) is checked by DeviceConflicts as the devices are read.
import JSON

extension ConfigValidator {
    mutating func parseDevices(_ root: inout ObjectReader) -> [DeviceConfig] {
        guard let values = root.array("devices", issues: &issues) else {
            issues.warning("devices", "no devices configured: the gateway will only report about itself")
            return []
        }
        var devices: [DeviceConfig] = []
        var names: [(String, String)] = []  // (name, path)
        var conflicts = DeviceConflicts()
        for (index, value) in values.enumerated() {
            let path = "devices[\(index)]"
            guard var reader = ObjectReader.make(value, path: path, issues: &issues) else { continue }
            let name = reader.string("name", required: true, issues: &issues)
            if let name {
                if let other = names.first(where: { $0.0 == name }) {
                    issues.error(reader.field("name"), "duplicate device name \"\(name)\" (also \(other.1))")
                } else {
                    names.append((name, path))
                    writtenDeviceNames.append(name)
                }
            }
            let type = reader.string("type", issues: &issues)
            let hasGPIO = reader.has("gpio")
            let hasI2C = reader.has("i2c")
            var kind: DeviceKind? = nil
            if hasGPIO && hasI2C {
                reader.accept(["gpio", "i2c"])
                issues.error(path, "has both gpio and i2c: a device is either GPIO pins or one I2C sensor")
            } else if hasGPIO {
                if let pins = parseGPIO(&reader, conflicts: &conflicts) { kind = .gpio(pins) }
            } else if hasI2C {
                if let sensor = parseI2C(&reader, conflicts: &conflicts) { kind = .i2c(sensor) }
            } else {
                reader.accept(["gpio", "i2c"])
                issues.error(path, "needs gpio (a list of pins) or i2c (a sensor)")
            }
            reader.finish(issues: &issues)
            guard let name, let kind else { continue }
            let defaultType: String
            if case .i2c(let sensor) = kind { defaultType = sensor.driver.description } else { defaultType = "gpio" }
            devices.append(DeviceConfig(name: name, type: type ?? defaultType, kind: kind))
        }
        conflicts.reportBusPinsUsedAsGPIO(issues: &issues)
        return devices
    }

    // MARK: GPIO

    private mutating func parseGPIO(_ device: inout ObjectReader, conflicts: inout DeviceConflicts) -> [GPIOPinConfig]? {
        guard let entries = device.array("gpio", issues: &issues) else { return nil }
        if entries.isEmpty {
            issues.error(device.field("gpio"), "must list at least one pin")
            return nil
        }
        var pins: [GPIOPinConfig] = []
        var keys: [(Int, String)] = []  // (key, path)
        var failed = false
        for (index, value) in entries.enumerated() {
            let path = "\(device.field("gpio"))[\(index)]"
            guard var reader = ObjectReader.make(value, path: path, issues: &issues) else { failed = true; continue }
            let key = reader.integer("key", in: 0...65535, default: nil, issues: &issues)
            if let key {
                if let other = keys.first(where: { $0.0 == key }) {
                    issues.error(reader.field("key"), "duplicate key \(key) in this device (also \(other.1))")
                } else {
                    keys.append((key, path))
                }
            }
            let writtenName = reader.string("pin", required: true, issues: &issues)
            let boardPin = resolvePin(writtenName, at: reader.field("pin"))
            let mode = parsePinMode(&reader)
            reader.finish(issues: &issues)
            guard let key, let writtenName, let boardPin, let mode else { failed = true; continue }
            let pin = GPIOPinConfig(key: key, pin: boardPin, writtenName: writtenName, mode: mode)
            conflicts.usePin(pin, at: reader.field("pin"), issues: &issues)
            pins.append(pin)
        }
        return failed ? nil : pins
    }

    /// The board pin called `name` (or alias); errors when it is not on the board. Without a board (it
    /// failed to load) nothing can be resolved and nothing more is reported.
    private mutating func resolvePin(_ name: String?, at field: String) -> BoardPin? {
        guard let name, let board else { return nil }
        if let pin = board.pin(named: name) { return pin }
        issues.error(field, "unknown pin \"\(name)\" on board \(board.name)" + Suggestion.hint(for: name, among: board.allPinNames))
        return nil
    }

    private mutating func parsePinMode(_ reader: inout ObjectReader) -> GPIOPinMode? {
        let isOutput = reader.choice("mode", [("output", true), ("input", false)], default: nil, issues: &issues)
        let activeLow = reader.bool("activeLow", default: false, issues: &issues)
        // Settings of the other direction are mistakes (a pin is an output or an input, never both).
        let outputKeys = ["initial", "drive"]
        let inputKeys = ["bias", "edge", "debounceMs", "reportIntervalMs"]
        if let isOutput {
            for key in isOutput ? inputKeys : outputKeys where reader.has(key) {
                issues.error(reader.field(key), "only for \(isOutput ? "inputs" : "outputs") (this pin is an \(isOutput ? "output" : "input"))")
            }
        }
        reader.accept(outputKeys + inputKeys)
        switch isOutput {
        case true?:
            let initial = reader.bool("initial", default: false, issues: &issues)
            guard let drive = reader.choice("drive", GPIODrive.choices, default: .pushPull, issues: &issues) else { return nil }
            return .output(GPIOOutputConfig(initial: initial, activeLow: activeLow, drive: drive))
        case false?:
            let bias = reader.choice("bias", GPIOBias.choices, default: .asIs, issues: &issues)
            let edge = reader.choice("edge", GPIOEdge.choices, default: .both, issues: &issues)
            let debounce = reader.integer("debounceMs", in: 0...60_000, default: 10, unit: " ms", issues: &issues)
            // Child sessions expire after 600 s without activity; report well before that.
            let report = reader.integer("reportIntervalMs", in: 1000...540_000, default: 300_000, unit: " ms", issues: &issues)
            guard let bias, let edge, let debounce, let report else { return nil }
            return .input(GPIOInputConfig(activeLow: activeLow, bias: bias, edge: edge, debounceMs: debounce,
                                          reportIntervalMs: report))
        case nil:
            return nil
        }
    }

    // MARK: I2C

    private mutating func parseI2C(_ device: inout ObjectReader, conflicts: inout DeviceConflicts) -> I2CSensorConfig? {
        guard var reader = device.object("i2c", issues: &issues) else { return nil }
        let driver = reader.choice("driver", I2CSensorDriver.choices, default: nil, issues: &issues)
        let busName = reader.string("bus", required: true, issues: &issues)
        var bus: BoardI2CBus? = nil
        if let busName, let board {
            bus = board.i2cBus(named: busName)
            if bus == nil {
                var names: [String] = []
                for known in board.i2cBuses { names.append(known.name) }
                issues.error(reader.field("bus"), "unknown bus \"\(busName)\" on board \(board.name) (buses: "
                             + (names.isEmpty ? "none" : Suggestion.list(names)) + ")" + Suggestion.hint(for: busName, among: names))
            }
        }
        var address: UInt8? = nil
        if let value = reader.value("address") {
            address = I2CAddressField.parse(value, at: reader.field("address"), issues: &issues)
        } else {
            issues.error(reader.field("address"), "missing (required)")
        }
        let poll = reader.integer("pollIntervalMs", in: 100...86_400_000, default: 10_000, unit: " ms", issues: &issues)
        let options = parseOptions(&reader)
        reader.finish(issues: &issues)
        guard let driver, let bus, let address, let poll, let options else { return nil }
        let sensor = I2CSensorConfig(driver: driver, bus: bus, address: address, pollIntervalMs: poll, options: options)
        conflicts.useAddress(sensor, at: reader.field("address"), issues: &issues)
        if let board, let simulation = board.simulation,
           !simulation.i2cDevices.contains(where: { $0.bus == bus.name && $0.address == address }) {
            issues.warning(reader.field("address"), "no simulated chip answers at \(sensor.addressHex) on \(bus.name) of board \(board.name)")
        }
        return sensor
    }

    /// Driver options: an object of numbers and booleans (each driver checks its own names when it starts).
    private mutating func parseOptions(_ reader: inout ObjectReader) -> JSONObject? {
        guard let value = reader.value("options") else { return JSONObject() }
        guard let object = value.objectValue else {
            issues.error(reader.field("options"), "expected an object, got \(value.kindName)")
            return nil
        }
        var valid = true
        for member in object.members where member.value.doubleValue == nil && member.value.boolValue == nil {
            issues.error(reader.field("options") + "." + member.key, "expected a number or true/false, got \(member.value.kindName)")
            valid = false
        }
        return valid ? object : nil
    }
}
