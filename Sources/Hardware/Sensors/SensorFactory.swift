// Makes a driver from its config name. The one place that maps names to chips, so the config and the
// agent never name a driver type.

/// The driver names `makeSensorDriver` accepts (aliases: `sht30`, `sht31`, `sht35` for `sht3x`).
public enum SensorDriverNames {
    public static let all = ["bme280", "bmp280", "sht3x", "bh1750", "ads1115", "mcp9808", "tmp102"]
    static let sht3xAliases = ["sht30", "sht31", "sht35"]
}

/// A driver for chip `name` at `address` on `bus`, configured by `options` (documented per driver: see
/// the header of each driver file). Nothing is sent to the chip until `initialize()`.
/// Throws `.unknownDriver` for a name not in `SensorDriverNames.all`, `.invalidOption` for an address
/// outside 0x03...0x77 or an unknown or unsupported option.
public func makeSensorDriver<Bus: I2CBus>(name: String, bus: Bus, address: UInt8,
                                          options: SensorOptions = [:]) throws(SensorError) -> any SensorDriver {
    guard address >= 0x03, address <= 0x77 else {
        throw SensorError(driver: name, bus: bus.name, address: address,
                          .invalidOption(name: "address", reason: "0x\(hexByte(address)) is outside the 7-bit range 0x03...0x77"))
    }
    switch name {
    case "bme280": return try BME280Driver(.bme280, bus: bus, address: address, options: options)
    case "bmp280": return try BME280Driver(.bmp280, bus: bus, address: address, options: options)
    case "sht3x", "sht30", "sht31", "sht35": return try SHT3xDriver(bus: bus, address: address, options: options)
    case "bh1750": return try BH1750Driver(bus: bus, address: address, options: options)
    case "ads1115": return try ADS1115Driver(bus: bus, address: address, options: options)
    case "mcp9808": return try MCP9808Driver(bus: bus, address: address, options: options)
    case "tmp102": return try TMP102Driver(bus: bus, address: address, options: options)
    default:
        var known = ""
        for driver in SensorDriverNames.all {
            if !known.isEmpty { known += ", " }
            known += driver
        }
        throw SensorError(driver: name, bus: bus.name, address: address, .unknownDriver(known: known))
    }
}
