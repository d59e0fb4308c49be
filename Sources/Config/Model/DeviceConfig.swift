// `devices[i]`: a child device of the gateway, either a set of GPIO pins or one I2C sensor.
import JSON

public struct DeviceConfig: Equatable, Sendable {
    /// The child device's name on the platform (unique).
    public var name: String
    /// Its device profile (`type` in `v1/gateway/connect`): as written, else the driver name, else "gpio".
    public var type: String
    public var kind: DeviceKind

    public init(name: String, type: String, kind: DeviceKind) {
        self.name = name
        self.type = type
        self.kind = kind
    }

    /// The GPIO pins, or [] for a sensor.
    public var gpioPins: [GPIOPinConfig] {
        if case .gpio(let pins) = kind { return pins }
        return []
    }

    /// The sensor, or nil for a GPIO device.
    public var sensor: I2CSensorConfig? {
        if case .i2c(let sensor) = kind { return sensor }
        return nil
    }
}

public enum DeviceKind: Equatable, Sendable {
    /// GPIO pins, in file order; keys are unique within the device.
    case gpio([GPIOPinConfig])
    case i2c(I2CSensorConfig)
}

/// `devices[i].gpio[j]`: one pin of a GPIO device.
public struct GPIOPinConfig: Equatable, Sendable {
    /// The key the platform uses for this pin (`{"pin": key}` in RPCs, attribute and telemetry names).
    public var key: Int
    /// The board pin (canonical name, chip label, line).
    public var pin: BoardPin
    /// The name as written in the config (may be an alias such as `SDA1`).
    public var writtenName: String
    public var mode: GPIOPinMode

    public init(key: Int, pin: BoardPin, writtenName: String, mode: GPIOPinMode) {
        self.key = key
        self.pin = pin
        self.writtenName = writtenName
        self.mode = mode
    }

    public var isOutput: Bool {
        if case .output = mode { return true }
        return false
    }
}

public enum GPIOPinMode: Equatable, Sendable, CustomStringConvertible {
    case output(GPIOOutputConfig)
    case input(GPIOInputConfig)

    public var description: String {
        switch self {
        case .output(let output): return output.description
        case .input(let input): return input.description
        }
    }
}

public struct GPIOOutputConfig: Equatable, Sendable, CustomStringConvertible {
    /// The logical level set when the line is requested (true = active).
    public var initial: Bool
    /// Active means electrically low (relay boards that switch on a low input).
    public var activeLow: Bool
    public var drive: GPIODrive

    public init(initial: Bool = false, activeLow: Bool = false, drive: GPIODrive = .pushPull) {
        self.initial = initial
        self.activeLow = activeLow
        self.drive = drive
    }

    public var description: String {
        "output, initial \(initial ? "on" : "off")" + (activeLow ? ", active-low" : "") + ", \(drive)"
    }
}

public struct GPIOInputConfig: Equatable, Sendable, CustomStringConvertible {
    /// The reported level is inverted (a contact that pulls the line low when closed reads true).
    public var activeLow: Bool
    public var bias: GPIOBias
    public var edge: GPIOEdge
    /// Edges closer than this to the last accepted one are ignored, ms (0: off).
    public var debounceMs: Int
    /// The current level is reported at least this often, ms, so the child session on the platform
    /// stays alive (it expires after 600 s without activity).
    public var reportIntervalMs: Int

    public init(activeLow: Bool = false, bias: GPIOBias = .asIs, edge: GPIOEdge = .both, debounceMs: Int = 10,
                reportIntervalMs: Int = 300_000) {
        self.activeLow = activeLow
        self.bias = bias
        self.edge = edge
        self.debounceMs = debounceMs
        self.reportIntervalMs = reportIntervalMs
    }

    public var description: String {
        "input" + (activeLow ? ", active-low" : "") + ", bias \(bias), edge \(edge), debounce \(debounceMs) ms, report every \(reportIntervalMs) ms"
    }
}

public enum GPIODrive: Equatable, Sendable, CustomStringConvertible {
    case pushPull, openDrain, openSource

    public var description: String {
        switch self {
        case .pushPull: return "push-pull"
        case .openDrain: return "open-drain"
        case .openSource: return "open-source"
        }
    }

    static let choices: [(String, GPIODrive)] = [("push-pull", .pushPull), ("open-drain", .openDrain), ("open-source", .openSource)]
}

public enum GPIOBias: Equatable, Sendable, CustomStringConvertible {
    case pullUp, pullDown, disabled
    /// Leave the bias as the kernel or firmware set it.
    case asIs

    public var description: String {
        switch self {
        case .pullUp: return "pull-up"
        case .pullDown: return "pull-down"
        case .disabled: return "disabled"
        case .asIs: return "as-is"
        }
    }

    static let choices: [(String, GPIOBias)] = [("pull-up", .pullUp), ("pull-down", .pullDown), ("disabled", .disabled), ("as-is", .asIs)]
}

public enum GPIOEdge: Equatable, Sendable, CustomStringConvertible {
    case both, rising, falling
    /// No edge events: the level is only reported periodically and when read.
    case none

    public var description: String {
        switch self {
        case .both: return "both"
        case .rising: return "rising"
        case .falling: return "falling"
        case .none: return "none"
        }
    }

    static let choices: [(String, GPIOEdge)] = [("both", .both), ("rising", .rising), ("falling", .falling), ("none", .none)]
}

/// `devices[i].i2c`: one sensor.
public struct I2CSensorConfig: Equatable, Sendable, CustomStringConvertible {
    public var driver: I2CSensorDriver
    /// The board's bus (name and device node).
    public var bus: BoardI2CBus
    /// 7-bit address, 0x03...0x77.
    public var address: UInt8
    public var pollIntervalMs: Int
    /// Driver options as written (an object of numbers and booleans; each driver documents its own).
    public var options: JSONObject

    public init(driver: I2CSensorDriver, bus: BoardI2CBus, address: UInt8, pollIntervalMs: Int = 10_000,
                options: JSONObject = JSONObject()) {
        self.driver = driver
        self.bus = bus
        self.address = address
        self.pollIntervalMs = pollIntervalMs
        self.options = options
    }

    /// The options as the sensor drivers take them (Hardware's `SensorOptions`): numbers by name, with
    /// true/false as 1/0. The loader has checked that every option is a number or a boolean.
    public var numericOptions: [String: Double] {
        var result: [String: Double] = [:]
        for member in options.members {
            if let number = member.value.doubleValue {
                result[member.key] = number
            } else if let flag = member.value.boolValue {
                result[member.key] = flag ? 1 : 0
            }
        }
        return result
    }

    /// `0x76` (the address as datasheets write it).
    public var addressHex: String { "0x" + I2CAddressField.hex(Int(address)) }

    public var description: String {
        "\(driver) on \(bus.name) (\(bus.device)) at \(addressHex), every \(pollIntervalMs) ms"
            + (options.isEmpty ? "" : ", options \(JSONValue.object(options).encodedString())")
    }
}

/// `devices[i].i2c.driver`: the sensor chips pinpost has drivers for.
public enum I2CSensorDriver: Equatable, Sendable, CustomStringConvertible {
    case bme280, bmp280, sht3x, bh1750, ads1115, mcp9808, tmp102

    /// The name in configs, also the name Hardware's `makeSensorDriver` takes.
    public var description: String {
        switch self {
        case .bme280: return "bme280"
        case .bmp280: return "bmp280"
        case .sht3x: return "sht3x"
        case .bh1750: return "bh1750"
        case .ads1115: return "ads1115"
        case .mcp9808: return "mcp9808"
        case .tmp102: return "tmp102"
        }
    }

    public static let all: [I2CSensorDriver] = [.bme280, .bmp280, .sht3x, .bh1750, .ads1115, .mcp9808, .tmp102]

    static var choices: [(String, I2CSensorDriver)] {
        var result: [(String, I2CSensorDriver)] = []
        for driver in all { result.append((driver.description, driver)) }
        return result
    }
}
