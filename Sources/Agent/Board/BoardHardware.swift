// The board's hardware, opened on demand from the board file's data (after periph.io: pins are looked up
// by name in a registry, and nothing above this file knows a chip or a line number). On a real board the
// chips are the kernel's gpiochips found by label and the buses are /dev/i2c-N; on the simulated board
// they are in-memory chips wired as boards/sim.json says (loopbacks, simulated sensors).
import Config
import CSystem
import Hardware

/// An I2C bus of either backend. Drivers are generic over the bus, and Embedded Swift cannot open an
/// existential into a generic call, so the concrete bus type is kept and switched on.
public enum BoardBus {
    case linux(LinuxI2CBus)
    case simulated(SimulatedI2CBus)

    public var name: String {
        switch self {
        case .linux(let bus): return bus.name
        case .simulated(let bus): return bus.name
        }
    }

    public func makeDriver(_ driver: String, address: UInt8, options: SensorOptions) throws(SensorError) -> any SensorDriver {
        switch self {
        case .linux(let bus): return try makeSensorDriver(name: driver, bus: bus, address: address, options: options)
        case .simulated(let bus): return try makeSensorDriver(name: driver, bus: bus, address: address, options: options)
        }
    }

    public func probe() throws(I2CError) -> [I2CProbeResult] {
        switch self {
        case .linux(let bus): return try probeI2CBus(bus)
        case .simulated(let bus): return try probeI2CBus(bus)
        }
    }
}

/// Why a chip or bus could not be opened, naming it; the agent logs it and leaves the device out.
public struct BoardHardwareError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public final class BoardHardware {
    public let board: Board
    private var chips: [(id: String, chip: any GPIOChip)] = []
    private var simulatedChips: [SimulatedGPIOChip] = []
    private var buses: [(name: String, bus: BoardBus)] = []

    public init(board: Board) {
        self.board = board
    }

    /// The chip serving `pin`, opened on first use.
    public func chip(for pin: BoardPin) throws(BoardHardwareError) -> any GPIOChip {
        for entry in chips where entry.id == pin.chipID { return entry.chip }
        let chip: any GPIOChip
        if let simulation = board.simulation {
            let simulated = SimulatedGPIOChip(label: pin.chipLabel, lineCount: lineCount(of: pin.chipID))
            try wire(simulated, chipID: pin.chipID, simulation)
            try play(simulated, chipID: pin.chipID, simulation)
            simulatedChips.append(simulated)
            chip = simulated
        } else {
            do throws(GPIOError) {
                chip = try LinuxGPIOChip(label: pin.chipLabel)
            } catch {
                throw BoardHardwareError(message: "board \(board.name): \(error.description)")
            }
        }
        chips.append((pin.chipID, chip))
        return chip
    }

    /// The bus named in the board file, opened on first use.
    public func bus(_ boardBus: BoardI2CBus) throws(BoardHardwareError) -> BoardBus {
        for entry in buses where entry.name == boardBus.name { return entry.bus }
        let bus: BoardBus
        if let simulation = board.simulation {
            let simulated = SimulatedI2CBus(name: boardBus.name)
            for device in simulation.i2cDevices where device.bus == boardBus.name {
                guard let chip = SimulatedChipCatalog.makeChip(model: device.model) else {
                    throw BoardHardwareError(message: "board \(board.name): simulated chip model '\(device.model)' is unknown")
                }
                simulated.attach(chip, at: device.address)
            }
            bus = .simulated(simulated)
        } else {
            do throws(I2CError) {
                bus = .linux(try LinuxI2CBus(path: boardBus.device))
            } catch {
                throw BoardHardwareError(message: "board \(board.name): \(error.description)")
            }
        }
        buses.append((boardBus.name, bus))
        return bus
    }

    /// The simulated chips, for the agent's script timer (inputs driven by time); empty on real boards.
    public var simulated: [SimulatedGPIOChip] { simulatedChips }

    private func lineCount(of chipID: String) -> Int {
        for chip in board.gpioChips where chip.id == chipID { return chip.lineCount }
        return 64
    }

    /// Starts the board file's scripted inputs on this chip, on the monotonic clock `tick` is driven with.
    private func play(_ chip: SimulatedGPIOChip, chipID: String, _ simulation: BoardSimulation) throws(BoardHardwareError) {
        let start = csys_monotonic_ms()
        for script in simulation.inputScripts {
            guard let pin = board.pin(named: script.pin), pin.chipID == chipID else { continue }
            let steps = script.steps.map { GPIOScriptStep(delayMs: Int64($0.delayMs), level: $0.level) }
            do throws(GPIOError) {
                try chip.script(line: pin.line, steps, startMs: start, repeating: script.repeating)
            } catch {
                throw BoardHardwareError(message: "board \(board.name): input script on \(script.pin): \(error.description)")
            }
        }
    }

    /// Solders the board file's loopback wires between lines of the same simulated chip.
    private func wire(_ chip: SimulatedGPIOChip, chipID: String, _ simulation: BoardSimulation) throws(BoardHardwareError) {
        for loopback in simulation.loopbacks {
            guard let output = board.pin(named: loopback.output), let input = board.pin(named: loopback.input),
                  output.chipID == chipID, input.chipID == chipID else { continue }
            do throws(GPIOError) {
                try chip.loop(output: output.line, input: input.line)
            } catch {
                throw BoardHardwareError(message: "board \(board.name): loopback \(loopback.output) -> \(loopback.input): \(error.description)")
            }
        }
    }
}
