// A Microchip MCP9808 at register level: pointer register, manufacturer (0x0054) and device (0x0400) ids,
// CONFIG with shutdown, the limit registers, T_A as 13-bit two's complement at the chosen resolution
// with the three alert flags (T_A >= T_CRIT, > T_UPPER, < T_LOWER), and the 8-bit resolution register.

public final class SimulatedMCP9808: SimulatedI2CDevice, RegisterPointerChip {
    /// false: the chip NAKs everything; true again: it answers with its state kept.
    public var isAnswering = true
    /// The temperature of the die, degC.
    public var temperature: Double
    public private(set) var config: UInt16 = 0
    public private(set) var upperLimit: UInt16 = 0
    public private(set) var lowerLimit: UInt16 = 0
    public private(set) var criticalLimit: UInt16 = 0
    public private(set) var resolution: UInt8 = 0x03

    private var wire = SimulatedRegisterPointerWire()
    /// T_A as last converted; frozen in shutdown.
    private var lastConversion: Int = 0

    public init(temperature: Double) {
        self.temperature = temperature
    }

    /// Limit registers hold a 0.25 degC two's complement value in bits 12:2.
    static func limitCelsius(_ register: UInt16) -> Double {
        let bits = Int(register & 0x1FFC)
        return Double(bits >= 0x1000 ? bits - 0x2000 : bits) * 0.0625
    }

    func hasRegister(_ pointer: UInt8) -> Bool { pointer <= 0x08 }

    func readRegister(_ pointer: UInt8) -> UInt16 {
        switch pointer {
        case MCP9808Register.config: return config
        case MCP9808Register.upperLimit: return upperLimit
        case MCP9808Register.lowerLimit: return lowerLimit
        case MCP9808Register.criticalLimit: return criticalLimit
        case MCP9808Register.ambientTemperature: return ambientRegister()
        case MCP9808Register.manufacturerID: return MCP9808Register.manufacturer
        case MCP9808Register.deviceID: return 0x0400
        // The 8-bit resolution register: its byte comes first (a 2-byte read sees it, then itself).
        case MCP9808Register.resolution: return UInt16(resolution) << 8 | UInt16(resolution)
        default: return 0
        }
    }

    private func ambientRegister() -> UInt16 {
        if config & MCP9808Register.shutdown == 0 {
            // Counts of 1/16 degC, truncated to the resolution (0.5 degC keeps bits 12:3).
            let dropped = 3 - Int(resolution & 0x03)
            var counts = roundToInt(temperature / 0.0625 / Double(1 << dropped)) << dropped
            counts = max(-0x1000, min(0x0FFF, counts))
            lastConversion = counts
        }
        var value = UInt16(lastConversion & 0x1FFF)
        let celsius = Double(lastConversion) * 0.0625
        if celsius >= Self.limitCelsius(criticalLimit) { value |= 0x8000 }
        if celsius > Self.limitCelsius(upperLimit) { value |= 0x4000 }
        if celsius < Self.limitCelsius(lowerLimit) { value |= 0x2000 }
        return value
    }

    func writeRegister(_ pointer: UInt8, _ bytes: [UInt8]) {
        if pointer == MCP9808Register.resolution {
            resolution = bytes[0] & 0x03
            return
        }
        guard bytes.count == 2 else { return }
        let value = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        switch pointer {
        case MCP9808Register.config: config = value & 0x07FF
        case MCP9808Register.upperLimit: upperLimit = value & 0x1FFC
        case MCP9808Register.lowerLimit: lowerLimit = value & 0x1FFC
        case MCP9808Register.criticalLimit: criticalLimit = value & 0x1FFC
        default: break  // T_A and the ids are read-only
        }
    }

    public func receive(_ bytes: [UInt8]) -> Bool {
        guard isAnswering else { return false }
        return wire.receive(bytes, chip: self)
    }

    public func transmit(count: Int) -> [UInt8]? {
        guard isAnswering else { return nil }
        if wire.pointer == MCP9808Register.resolution {
            return [UInt8](repeating: resolution, count: max(count, 0))
        }
        return wire.transmit(count: count, chip: self)
    }
}
