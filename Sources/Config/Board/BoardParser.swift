// Turns a board file's JSON into a Board, checking everything a config will rely on: names unique across
// pins and aliases, every pin on a declared chip at a line the chip has, one pin per chip line and header
// position, bus pins and simulation wiring naming real pins. Every problem is reported, not just the first.
import JSON

enum BoardParser {
    static func parse(_ root: JSONValue, source: String) throws(ConfigErrors) -> Board {
        var issues = IssueList(file: source)
        let board = parse(root, source: source, issues: &issues)
        guard let board, !issues.hasErrors else {
            throw ConfigErrors(errors: issues.errors, warnings: issues.warnings)
        }
        return board
    }

    private static func parse(_ root: JSONValue, source: String, issues: inout IssueList) -> Board? {
        guard var reader = ObjectReader.make(root, path: "", issues: &issues) else { return nil }
        let name = reader.string("name", required: true, issues: &issues)
        let description = reader.string("description", issues: &issues) ?? ""
        let targets = stringList(&reader, "targets", required: true, issues: &issues)
        let chips = parseChips(&reader, issues: &issues)
        let pins = parsePins(&reader, chips: chips, issues: &issues)
        let buses = parseBuses(&reader, pins: pins, issues: &issues)
        let simulation = parseSimulation(&reader, pins: pins, buses: buses, issues: &issues)
        reader.finish(issues: &issues)
        guard let name else { return nil }
        return Board(name: name, description: description, targets: targets, gpioChips: chips, pins: pins,
                     i2cBuses: buses, simulation: simulation, source: source)
    }

    /// A list of non-empty strings.
    private static func stringList(_ reader: inout ObjectReader, _ key: String, required: Bool,
                                   issues: inout IssueList) -> [String] {
        guard let values = reader.array(key, issues: &issues) else {
            if required { issues.error(reader.field(key), "missing (required)") }
            return []
        }
        if required && values.isEmpty { issues.error(reader.field(key), "must not be empty") }
        var strings: [String] = []
        for (index, value) in values.enumerated() {
            guard let text = value.stringValue, !text.isEmpty else {
                issues.error("\(reader.field(key))[\(index)]", "expected a non-empty string, got \(value.kindName)")
                continue
            }
            strings.append(text)
        }
        return strings
    }

    private static func parseChips(_ reader: inout ObjectReader, issues: inout IssueList) -> [BoardGPIOChip] {
        guard let values = reader.array("gpiochips", issues: &issues) else {
            issues.error(reader.field("gpiochips"), "missing (required)")
            return []
        }
        var chips: [BoardGPIOChip] = []
        for (index, value) in values.enumerated() {
            let path = "gpiochips[\(index)]"
            guard var chip = ObjectReader.make(value, path: path, issues: &issues) else { continue }
            let id = chip.string("id", required: true, issues: &issues)
            let label = chip.string("label", required: true, issues: &issues)
            let lines = chip.integer("lines", in: 1...4096, default: nil, issues: &issues)
            chip.finish(issues: &issues)
            if let id, chips.contains(where: { $0.id == id }) {
                issues.error(chip.field("id"), "duplicate chip id \"\(id)\"")
                continue
            }
            if let label, chips.contains(where: { $0.label == label }) {
                issues.error(chip.field("label"), "duplicate chip label \"\(label)\"")
                continue
            }
            if let id, let label, let lines { chips.append(BoardGPIOChip(id: id, label: label, lineCount: lines)) }
        }
        return chips
    }

    private static func parsePins(_ reader: inout ObjectReader, chips: [BoardGPIOChip],
                                  issues: inout IssueList) -> [BoardPin] {
        guard let values = reader.array("pins", issues: &issues) else {
            issues.error(reader.field("pins"), "missing (required)")
            return []
        }
        var pins: [BoardPin] = []
        // Where each name, chip line and header position was first declared, for duplicate messages.
        var nameOwners: [(String, String)] = []
        for (index, value) in values.enumerated() {
            let path = "pins[\(index)]"
            guard var entry = ObjectReader.make(value, path: path, issues: &issues) else { continue }
            let name = entry.string("name", required: true, issues: &issues)
            let chipID = entry.string("chip", required: true, issues: &issues)
            var chip: BoardGPIOChip? = nil
            if let chipID {
                chip = chips.first(where: { $0.id == chipID })
                if chip == nil {
                    var ids: [String] = []
                    for known in chips { ids.append(known.id) }
                    issues.error(entry.field("chip"), "chip \"\(chipID)\" is not declared in gpiochips (declared: "
                                 + (ids.isEmpty ? "none" : Suggestion.list(ids)) + ")")
                }
            }
            let lineLimit = (chip?.lineCount ?? 4096) - 1
            var line = entry.integer("line", in: 0...4095, default: nil, issues: &issues)
            if let value = line, let chip, value > lineLimit {
                issues.error(entry.field("line"), "line \(value) is beyond chip \"\(chip.id)\", which has \(chip.lineCount) lines (0...\(lineLimit))")
                line = nil
            }
            let header = entry.integer("header", in: 1...100, default: 0, issues: &issues)
            let aliases = stringList(&entry, "aliases", required: false, issues: &issues)
            entry.finish(issues: &issues)

            var duplicate = false
            var names: [(String, String)] = []  // (name, field declaring it)
            if let name { names.append((name, entry.field("name"))) }
            for (aliasIndex, alias) in aliases.enumerated() { names.append((alias, "\(entry.field("aliases"))[\(aliasIndex)]")) }
            for (candidate, field) in names {
                if let owner = nameOwners.first(where: { $0.0 == candidate }) {
                    issues.error(field, "name \"\(candidate)\" is already used by \(owner.1)")
                    duplicate = true
                } else {
                    nameOwners.append((candidate, path))
                }
            }
            if let line, let chip, let other = pins.first(where: { $0.chipID == chip.id && $0.line == line }) {
                issues.error(entry.field("line"), "line \(line) of chip \"\(chip.id)\" is already pin \(other.name)")
                duplicate = true
            }
            if let header, header != 0, let other = pins.first(where: { $0.header == header }) {
                issues.error(entry.field("header"), "header position \(header) is already pin \(other.name)")
                duplicate = true
            }
            if let name, let chip, let line, !duplicate {
                pins.append(BoardPin(name: name, aliases: aliases, chipID: chip.id, chipLabel: chip.label, line: line,
                                     header: header == 0 ? nil : header))
            }
        }
        return pins
    }

    /// The canonical name of pin `name` (or alias), or nil with an error at `field`.
    private static func pinName(_ name: String?, pins: [BoardPin], at field: String, issues: inout IssueList) -> String? {
        guard let name else { return nil }
        for pin in pins where pin.name == name || pin.aliases.contains(name) { return pin.name }
        var names: [String] = []
        for pin in pins { names.append(pin.name); names += pin.aliases }
        issues.error(field, "unknown pin \"\(name)\"" + Suggestion.hint(for: name, among: names))
        return nil
    }

    private static func parseBuses(_ reader: inout ObjectReader, pins: [BoardPin],
                                   issues: inout IssueList) -> [BoardI2CBus] {
        guard let values = reader.array("i2c", issues: &issues) else { return [] }
        var buses: [BoardI2CBus] = []
        for (index, value) in values.enumerated() {
            guard var entry = ObjectReader.make(value, path: "i2c[\(index)]", issues: &issues) else { continue }
            let name = entry.string("name", required: true, issues: &issues)
            let device = entry.string("device", required: true, issues: &issues)
            let sda = pinName(entry.string("sda", required: true, issues: &issues), pins: pins,
                              at: entry.field("sda"), issues: &issues)
            let scl = pinName(entry.string("scl", required: true, issues: &issues), pins: pins,
                              at: entry.field("scl"), issues: &issues)
            entry.finish(issues: &issues)
            if let name, buses.contains(where: { $0.name == name }) {
                issues.error(entry.field("name"), "duplicate bus name \"\(name)\"")
                continue
            }
            if let sda, let scl, sda == scl {
                issues.error(entry.field("scl"), "SCL and SDA are the same pin \(sda)")
                continue
            }
            if let name, let device, let sda, let scl {
                buses.append(BoardI2CBus(name: name, device: device, sda: sda, scl: scl))
            }
        }
        return buses
    }

    private static func parseSimulation(_ reader: inout ObjectReader, pins: [BoardPin], buses: [BoardI2CBus],
                                        issues: inout IssueList) -> BoardSimulation? {
        guard var simulation = reader.object("simulation", issues: &issues) else { return nil }
        var loopbacks: [BoardLoopback] = []
        for (index, value) in (simulation.array("loopbacks", issues: &issues) ?? []).enumerated() {
            guard var entry = ObjectReader.make(value, path: "simulation.loopbacks[\(index)]", issues: &issues) else { continue }
            let output = pinName(entry.string("output", required: true, issues: &issues), pins: pins,
                                 at: entry.field("output"), issues: &issues)
            let input = pinName(entry.string("input", required: true, issues: &issues), pins: pins,
                                at: entry.field("input"), issues: &issues)
            entry.finish(issues: &issues)
            guard let output, let input else { continue }
            if output == input {
                issues.error(entry.field("input"), "a pin cannot be looped back to itself (\(input))")
            } else if loopbacks.contains(where: { [$0.output, $0.input].contains(output) || [$0.output, $0.input].contains(input) }) {
                issues.error(entry.path, "\(output) or \(input) is already in another loopback")
            } else {
                loopbacks.append(BoardLoopback(output: output, input: input))
            }
        }
        var devices: [BoardSimulatedI2CDevice] = []
        for (index, value) in (simulation.array("i2cDevices", issues: &issues) ?? []).enumerated() {
            guard var entry = ObjectReader.make(value, path: "simulation.i2cDevices[\(index)]", issues: &issues) else { continue }
            let bus = entry.string("bus", required: true, issues: &issues)
            var address: UInt8? = nil
            if let value = entry.value("address") {
                address = I2CAddressField.parse(value, at: entry.field("address"), issues: &issues)
            } else {
                issues.error(entry.field("address"), "missing (required)")
            }
            let model = entry.string("model", required: true, issues: &issues)
            entry.finish(issues: &issues)
            if let bus, !buses.contains(where: { $0.name == bus }) {
                issues.error(entry.field("bus"), "unknown bus \"\(bus)\"")
                continue
            }
            guard let bus, let address, let model else { continue }
            if devices.contains(where: { $0.bus == bus && $0.address == address }) {
                issues.error(entry.field("address"), "two simulated devices at 0x\(I2CAddressField.hex(Int(address))) on \(bus)")
                continue
            }
            devices.append(BoardSimulatedI2CDevice(bus: bus, address: address, model: model))
        }
        var scripts: [BoardInputScript] = []
        for (index, value) in (simulation.array("inputs", issues: &issues) ?? []).enumerated() {
            guard var entry = ObjectReader.make(value, path: "simulation.inputs[\(index)]", issues: &issues) else { continue }
            let pin = pinName(entry.string("pin", required: true, issues: &issues), pins: pins, at: entry.field("pin"), issues: &issues)
            let repeating = entry.bool("repeat", default: false, issues: &issues)
            var steps: [BoardScriptStep] = []
            let rawSteps = entry.array("steps", issues: &issues) ?? []
            if rawSteps.isEmpty { issues.error(entry.field("steps"), "at least one step {\"delayMs\": N, \"level\": true|false} is required") }
            for (stepIndex, rawStep) in rawSteps.enumerated() {
                guard var step = ObjectReader.make(rawStep, path: entry.field("steps") + "[\(stepIndex)]", issues: &issues) else { continue }
                let delay = step.integer("delayMs", in: 0...86_400_000, default: 0, issues: &issues)
                let level = step.bool("level", default: false, issues: &issues)
                if !step.has("level") { issues.error(step.field("level"), "missing (required)") }
                step.finish(issues: &issues)
                if let delay { steps.append(BoardScriptStep(delayMs: delay, level: level)) }
            }
            entry.finish(issues: &issues)
            guard let pin else { continue }
            if repeating && steps.reduce(0, { $0 + $1.delayMs }) == 0 {
                issues.error(entry.field("steps"), "a repeating script needs a total delay above 0 ms")
            } else if loopbacks.contains(where: { $0.input == pin || $0.output == pin }) {
                issues.error(entry.field("pin"), "\(pin) is in a loopback; a scripted input needs a free pin")
            } else if scripts.contains(where: { $0.pin == pin }) {
                issues.error(entry.field("pin"), "\(pin) already has a script")
            } else if !steps.isEmpty {
                scripts.append(BoardInputScript(pin: pin, steps: steps, repeating: repeating))
            }
        }
        simulation.finish(issues: &issues)
        return BoardSimulation(loopbacks: loopbacks, i2cDevices: devices, inputScripts: scripts)
    }
}
