// A board, as its board file describes it (after periph.io: boards and pins are data, not code): which
// gpiochips serve its header, every usable pin with its chip line and header position, its I2C buses, and
// for the simulated board what is wired to what. Nothing here touches hardware.

/// A board: read from a built-in board (`BuiltinBoards`) or a board file by `Board.load`.
public struct Board: Equatable, Sendable {
    /// Short name, e.g. `rpi4b`.
    public var name: String
    public var description: String
    /// Firmware target triples; the first is the default target (`make firmware BOARD=name`).
    public var targets: [String]
    public var gpioChips: [BoardGPIOChip]
    /// Every usable pin, in file order.
    public var pins: [BoardPin]
    public var i2cBuses: [BoardI2CBus]
    /// Present only on a simulated board.
    public var simulation: BoardSimulation?
    /// Where it came from: `builtin:rpi4b` or the board file's path.
    public var source: String

    public init(name: String, description: String, targets: [String], gpioChips: [BoardGPIOChip],
                pins: [BoardPin], i2cBuses: [BoardI2CBus], simulation: BoardSimulation?, source: String) {
        self.name = name
        self.description = description
        self.targets = targets
        self.gpioChips = gpioChips
        self.pins = pins
        self.i2cBuses = i2cBuses
        self.simulation = simulation
        self.source = source
    }

    public var isSimulated: Bool { simulation != nil }

    /// The pin called `name` or having `name` as an alias (exact match: `GPIO17`, `SDA1`).
    public func pin(named name: String) -> BoardPin? {
        for pin in pins where pin.name == name || pin.aliases.contains(name) { return pin }
        return nil
    }

    /// The I2C bus called `name` (`i2c-1`).
    public func i2cBus(named name: String) -> BoardI2CBus? {
        for bus in i2cBuses where bus.name == name { return bus }
        return nil
    }

    /// Every pin name and alias, for "did you mean" hints.
    var allPinNames: [String] {
        var names: [String] = []
        for pin in pins {
            names.append(pin.name)
            names += pin.aliases
        }
        return names
    }
}

/// A GPIO controller as the kernel names it. Chips are found by `label` at run time, because gpiochip
/// numbers change between kernels (the Pi 5's header moved from gpiochip4 to gpiochip0).
public struct BoardGPIOChip: Equatable, Sendable {
    /// The id pins refer to in the board file (`header`).
    public var id: String
    /// The kernel's label of the chip (`pinctrl-bcm2711`).
    public var label: String
    /// Number of lines of the chip; every pin's line is below it.
    public var lineCount: Int

    public init(id: String, label: String, lineCount: Int) {
        self.id = id
        self.label = label
        self.lineCount = lineCount
    }
}

/// One usable pin.
public struct BoardPin: Equatable, Sendable {
    /// The pin's name (`GPIO17`).
    public var name: String
    /// Other names it answers to (`SDA1`).
    public var aliases: [String]
    /// The id of its chip in the board file, and that chip's kernel label.
    public var chipID: String
    public var chipLabel: String
    /// Line offset on that chip.
    public var line: Int
    /// Physical position on the header (1...40), or nil for a pin not on the header.
    public var header: Int?

    public init(name: String, aliases: [String], chipID: String, chipLabel: String, line: Int, header: Int?) {
        self.name = name
        self.aliases = aliases
        self.chipID = chipID
        self.chipLabel = chipLabel
        self.line = line
        self.header = header
    }
}

/// An I2C bus of the board.
public struct BoardI2CBus: Equatable, Sendable {
    /// Its name in configs (`i2c-1`).
    public var name: String
    /// The i2c-dev node (`/dev/i2c-1`), or `sim:<name>` on the simulated board.
    public var device: String
    /// The pins carrying SDA and SCL (canonical pin names); they cannot be used as GPIO while the bus is.
    public var sda: String
    public var scl: String

    public init(name: String, device: String, sda: String, scl: String) {
        self.name = name
        self.device = device
        self.sda = sda
        self.scl = scl
    }
}

/// What the simulated board wires up: outputs looped back to inputs, and chips answering on its buses.
public struct BoardSimulation: Equatable, Sendable {
    public var loopbacks: [BoardLoopback]
    public var i2cDevices: [BoardSimulatedI2CDevice]
    /// Inputs driven by time (a door contact opening every minute, a bouncing button), for the demo,
    /// the benchmarks and the debounce tests.
    public var inputScripts: [BoardInputScript]

    public init(loopbacks: [BoardLoopback], i2cDevices: [BoardSimulatedI2CDevice], inputScripts: [BoardInputScript] = []) {
        self.loopbacks = loopbacks
        self.i2cDevices = i2cDevices
        self.inputScripts = inputScripts
    }
}

/// `simulation.inputs[i]`: the level of `pin`'s wire over time. Each step waits `delayMs` after the
/// previous one (after the start, for the first), then sets the level; `repeat` plays it in a loop.
public struct BoardInputScript: Equatable, Sendable {
    public var pin: String
    public var steps: [BoardScriptStep]
    public var repeating: Bool

    public init(pin: String, steps: [BoardScriptStep], repeating: Bool) {
        self.pin = pin
        self.steps = steps
        self.repeating = repeating
    }
}

public struct BoardScriptStep: Equatable, Sendable {
    public var delayMs: Int
    public var level: Bool

    public init(delayMs: Int, level: Bool) {
        self.delayMs = delayMs
        self.level = level
    }
}

/// An output pin wired to an input pin: the input reads what the output drives.
public struct BoardLoopback: Equatable, Sendable {
    public var output: String
    public var input: String

    public init(output: String, input: String) {
        self.output = output
        self.input = input
    }
}

/// A simulated chip answering at `address` on `bus`; `model` names the chip (`bme280`, `sht31`).
public struct BoardSimulatedI2CDevice: Equatable, Sendable {
    public var bus: String
    public var address: UInt8
    public var model: String

    public init(bus: String, address: UInt8, model: String) {
        self.bus = bus
        self.address = address
        self.model = model
    }
}
