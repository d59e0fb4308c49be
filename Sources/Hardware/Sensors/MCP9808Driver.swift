// Microchip MCP9808 digital temperature sensor, converting continuously; the ambient temperature register
// is double-buffered, so a reading never waits (except for the first conversion after configuration).
//
// Key: `temperature` degC (13-bit two's complement, 0.0625 degC per LSB at the finest resolution; the
// three alert flag bits 15:13 are masked off. The datasheet's sample code writes negative values as
// 256 - x; the register text and the bit weights say two's complement, which is what this decodes).
// Options: `resolution` in degC: 0.5, 0.25, 0.125, 0.0625 (default), with conversion times of 30, 65,
// 130 and 250 ms.

/// The register map (MCP9808 datasheet section 5.1), shared with the simulated chip.
enum MCP9808Register {
    static let config: UInt8 = 0x01
    static let upperLimit: UInt8 = 0x02
    static let lowerLimit: UInt8 = 0x03
    static let criticalLimit: UInt8 = 0x04
    static let ambientTemperature: UInt8 = 0x05
    static let manufacturerID: UInt8 = 0x06
    static let deviceID: UInt8 = 0x07
    static let resolution: UInt8 = 0x08

    static let manufacturer: UInt16 = 0x0054
    /// The upper byte of register 0x07; the lower byte is the revision.
    static let device: UInt8 = 0x04
    /// CONFIG bit 8: shutdown (no conversions).
    static let shutdown: UInt16 = 0x0100
    static let resolutions: [Double] = [0.5, 0.25, 0.125, 0.0625]
    static let conversionMilliseconds: [Int] = [30, 65, 130, 250]
}

public final class MCP9808Driver<Bus: I2CBus>: SensorDriver {
    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    let resolutionCode: Int
    private(set) var initialized = false
    /// True until the first conversion after `initialize()` has had its time.
    private var firstConversionPending = true

    public var driverName: String { "mcp9808" }
    public var busName: String { bus.name }

    public init(bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.bus = bus
        self.address = address
        link = SensorLink(bus: bus, address: address, driverName: "mcp9808")
        var reader = SensorOptionReader(options, driverName: "mcp9808", busName: bus.name, address: address)
        resolutionCode = try reader.choice("resolution", allowed: MCP9808Register.resolutions, defaultIndex: 3)
        try reader.finish()
    }

    /// Manufacturer and device id check, then continuous conversion (CONFIG = 0: no shutdown, alert
    /// output off) at the chosen resolution. The chip has no soft reset.
    public func initialize() throws(SensorError) {
        initialized = false
        let manufacturer = try link.readBigEndian16(MCP9808Register.manufacturerID)
        guard manufacturer == MCP9808Register.manufacturer else {
            throw link.error(.wrongChip(register: MCP9808Register.manufacturerID, expected: "0x0054 (Microchip)", found: manufacturer))
        }
        let device = try link.readBigEndian16(MCP9808Register.deviceID)
        guard UInt8(device >> 8) == MCP9808Register.device else {
            throw link.error(.wrongChip(register: MCP9808Register.deviceID, expected: "0x04xx (MCP9808)", found: device))
        }
        try link.writeBigEndian16(MCP9808Register.config, 0x0000)
        try link.writeRegister(MCP9808Register.resolution, UInt8(resolutionCode))
        firstConversionPending = true
        initialized = true
    }

    public func startMeasurement() throws(SensorError) -> Int {
        guard initialized else { throw link.error(.notInitialized) }
        guard firstConversionPending else { return 0 }
        firstConversionPending = false
        return MCP9808Register.conversionMilliseconds[resolutionCode]
    }

    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard initialized else { throw link.error(.notInitialized) }
        let raw = try link.readBigEndian16(MCP9808Register.ambientTemperature)
        return [SensorKey.temperature(MCP9808Conversion.celsius(register: raw))]
    }
}

public enum MCP9808Conversion {
    /// T_A register to degC: bits 12:0 as two's complement in 1/16 degC; bits 15:13 are alert flags.
    public static func celsius(register: UInt16) -> Double {
        let bits = Int(register & 0x1FFF)
        let signed = bits >= 0x1000 ? bits - 0x2000 : bits
        return Double(signed) * 0.0625
    }
}
