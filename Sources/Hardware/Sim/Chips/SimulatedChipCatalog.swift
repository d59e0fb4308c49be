// The simulated chips by model name, as `boards/sim.json` lists them under "simulation.i2cDevices", each
// with a plausible indoor reading so the demo board reports something sensible from the start.

public enum SimulatedChipCatalog {
    /// The model names `makeChip` knows (sht30/sht31/sht35 are one model here).
    public static let models = ["bme280", "bmp280", "sht3x", "sht30", "sht31", "sht35", "bh1750", "ads1115", "mcp9808", "tmp102"]

    /// A chip of `model` with default readings: 21.5 degC, 45 %RH, 1013.25 hPa, 320 lx, ADS1115 inputs
    /// 0.5 / 1.0 / 1.5 / 2.0 V. Nil for an unknown model.
    public static func makeChip(model: String) -> (any SimulatedI2CDevice)? {
        switch model {
        case "bme280": return SimulatedBME280(temperature: 21.5, humidity: 45, pressure: 1013.25)
        case "bmp280": return SimulatedBME280(variant: .bmp280, temperature: 21.5, humidity: 0, pressure: 1013.25)
        case "sht3x", "sht30", "sht31", "sht35": return SimulatedSHT3x(temperature: 21.5, humidity: 45)
        case "bh1750": return SimulatedBH1750(illuminance: 320)
        case "ads1115": return SimulatedADS1115(inputs: [0.5, 1.0, 1.5, 2.0])
        case "mcp9808": return SimulatedMCP9808(temperature: 21.5)
        case "tmp102": return SimulatedTMP102(temperature: 21.5)
        default: return nil
        }
    }
}
