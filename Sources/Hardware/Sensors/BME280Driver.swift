// Bosch BME280 (temperature, humidity, pressure) and BMP280 (temperature, pressure) in forced mode: each
// measurement is one conversion started by writing ctrl_meas, after which the chip sleeps again, so the
// poll interval sets the rate and the chip's self-heating stays negligible (the datasheet's "weather
// monitoring" setting).
//
// Keys: `temperature` degC, `pressure` hPa, `humidity` %RH (BME280 only).
// Options (each an oversampling factor 0 = skipped, 1, 2, 4, 8, 16; default 1):
//   `temperatureOversampling` (1...16: the pressure and humidity formulas need the temperature),
//   `pressureOversampling`, `humidityOversampling` (BME280 only);
//   `filter`: IIR filter coefficient 0 (off, default), 2, 4, 8, 16 (smooths pressure over measurements).

/// Which of the two Bosch chips (same register map; the BMP280 has no humidity).
public enum BME280Variant: Sendable, CustomStringConvertible {
    case bme280, bmp280

    public var description: String { self == .bme280 ? "bme280" : "bmp280" }
}

/// The register map (BME280 datasheet section 5.3), shared with the simulated chip.
enum BME280Register {
    static let calibration: UInt8 = 0x88
    static let chipID: UInt8 = 0xD0
    static let reset: UInt8 = 0xE0
    static let humidityCalibration: UInt8 = 0xE1
    static let controlHumidity: UInt8 = 0xF2
    static let status: UInt8 = 0xF3
    static let controlMeasurement: UInt8 = 0xF4
    static let config: UInt8 = 0xF5
    static let data: UInt8 = 0xF7
}

public final class BME280Driver<Bus: I2CBus>: SensorDriver {
    static var resetCommand: UInt8 { 0xB6 }
    static var bme280ID: UInt8 { 0x60 }
    /// 0x58 is the production BMP280; 0x56 and 0x57 are its engineering samples, still found on boards.
    static var bmp280IDs: [UInt8] { [0x58, 0x56, 0x57] }
    /// status bit 3: a conversion is running; bit 0: the NVM is being copied (after reset).
    static var statusMeasuring: UInt8 { 0x08 }
    static var statusUpdating: UInt8 { 0x01 }
    /// The oversampling factors by register code (osrs_x = 0...5).
    static var oversamplingFactors: [Double] { [0, 1, 2, 4, 8, 16] }
    /// The IIR filter coefficients by register code (filter = 0...4).
    static var filterCoefficients: [Double] { [0, 2, 4, 8, 16] }

    public let variant: BME280Variant
    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    /// Register codes (osrs_t, osrs_p, osrs_h, filter).
    let temperatureCode: UInt8, pressureCode: UInt8, humidityCode: UInt8, filterCode: UInt8
    private(set) public var calibration: BoschCalibration?

    public var driverName: String { variant == .bme280 ? "bme280" : "bmp280" }
    public var busName: String { bus.name }

    public init(_ variant: BME280Variant, bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.variant = variant
        self.bus = bus
        self.address = address
        let name = variant == .bme280 ? "bme280" : "bmp280"
        link = SensorLink(bus: bus, address: address, driverName: name)
        var reader = SensorOptionReader(options, driverName: name, busName: bus.name, address: address)
        let factors = Self.oversamplingFactors
        let temperature = try reader.choice("temperatureOversampling", allowed: factors, defaultIndex: 1)
        guard temperature > 0 else {
            throw reader.error("temperatureOversampling", "0 would skip the temperature, which pressure and humidity need")
        }
        temperatureCode = UInt8(temperature)
        pressureCode = UInt8(try reader.choice("pressureOversampling", allowed: factors, defaultIndex: 1))
        humidityCode = variant == .bme280
            ? UInt8(try reader.choice("humidityOversampling", allowed: factors, defaultIndex: 1)) : 0
        filterCode = UInt8(try reader.choice("filter", allowed: Self.filterCoefficients, defaultIndex: 0))
        try reader.finish()
    }

    /// Chip id check, soft reset, wait for the NVM copy, calibration read, configuration (sleep mode).
    public func initialize() throws(SensorError) {
        calibration = nil
        let id = try link.readRegister(BME280Register.chipID)
        let expected = variant == .bme280 ? [Self.bme280ID] : Self.bmp280IDs
        guard expected.contains(id) else {
            let text = variant == .bme280 ? "0x60 (BME280)" : "0x58 (BMP280)"
            throw link.error(.wrongChip(register: BME280Register.chipID, expected: text, found: UInt16(id)))
        }
        try link.writeRegister(BME280Register.reset, Self.resetCommand)
        try waitForNVMCopy()

        let main = try link.readRegisters(BME280Register.calibration, count: BoschCalibration.mainBlockLength)
        var humidity: [UInt8]? = nil
        if variant == .bme280 {
            humidity = try link.readRegisters(BME280Register.humidityCalibration, count: BoschCalibration.humidityBlockLength)
        }
        let words = BoschCalibration(mainBlock: main, humidityBlock: humidity)
        // An erased NVM reads all zeros or all ones; dig_T1 and dig_P1 are never 0 or 0xFFFF on a good part.
        guard words.t1 != 0, words.t1 != 0xFFFF, words.p1 != 0, words.p1 != 0xFFFF else {
            throw link.error(.badData("calibration words dig_T1=\(words.t1) dig_P1=\(words.p1) (NVM unreadable)"))
        }

        // ctrl_hum takes effect only at the next ctrl_meas write, so it goes first; config is written in
        // sleep mode, where the chip accepts it.
        if variant == .bme280 {
            try link.writeRegister(BME280Register.controlHumidity, humidityCode)
        }
        try link.writeRegister(BME280Register.config, filterCode << 2)
        try link.writeRegister(BME280Register.controlMeasurement, measurementControl(mode: 0))
        calibration = words
    }

    /// The datasheet's start-up time is 2 ms; after that, status bit 0 clears when the NVM copy is done.
    /// The chip may NAK while it restarts, so failures are retried a few times before they count.
    private func waitForNVMCopy() throws(SensorError) {
        var lastError: SensorError? = nil
        for _ in 0..<10 {
            pauseMilliseconds(2)
            do {
                let status = try link.readRegister(BME280Register.status)
                if status & Self.statusUpdating == 0 { return }
                lastError = nil
            } catch {
                lastError = error
            }
        }
        throw lastError ?? link.error(.badData("status register stays in NVM copy (0xF3 bit 0) after reset"))
    }

    func measurementControl(mode: UInt8) -> UInt8 {
        temperatureCode << 5 | pressureCode << 2 | mode
    }

    /// Writes ctrl_meas with forced mode (01). Returns the datasheet's maximum measurement time:
    /// 1.25 ms + 2.3 ms per temperature sample + (2.3 ms per sample + 0.575 ms) for pressure and humidity.
    public func startMeasurement() throws(SensorError) -> Int {
        guard calibration != nil else { throw link.error(.notInitialized) }
        try link.writeRegister(BME280Register.controlMeasurement, measurementControl(mode: 1))
        return measurementTimeMilliseconds
    }

    public var measurementTimeMilliseconds: Int {
        let factors = Self.oversamplingFactors
        var micros = 1250 + 2300 * Int(factors[Int(temperatureCode)])
        if pressureCode > 0 { micros += 2300 * Int(factors[Int(pressureCode)]) + 575 }
        if humidityCode > 0 { micros += 2300 * Int(factors[Int(humidityCode)]) + 575 }
        return (micros + 999) / 1000
    }

    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard let calibration else { throw link.error(.notInitialized) }
        let status = try link.readRegister(BME280Register.status)
        if status & Self.statusMeasuring != 0 { throw link.error(.notReady(retryInMs: 2)) }
        // One burst from 0xF7 so the chip's shadowing keeps the bytes of one measurement together.
        let count = variant == .bme280 ? 8 : 6
        let data = try link.readRegisters(BME280Register.data, count: count)
        let adcP = Int32(data[0]) << 12 | Int32(data[1]) << 4 | Int32(data[2] >> 4)
        let adcT = Int32(data[3]) << 12 | Int32(data[4]) << 4 | Int32(data[5] >> 4)
        // 0x80000 is the reset value: no conversion ever ran (or the chip was reset behind our back).
        guard adcT != 0x80000 else {
            throw link.error(.badData("temperature ADC holds its reset value 0x80000 (no conversion ran)"))
        }
        let (celsius, fine) = calibration.temperature(adc: adcT)
        var readings = [SensorKey.temperature(celsius)]
        // A measured value never reads as the "skipped" value: if it does, the chip lost its configuration
        // (a power cycle clears ctrl_hum), and needs `initialize()` again.
        if pressureCode > 0 && adcP == 0x80000 {
            throw link.error(.badData("pressure ADC holds its skipped value 0x80000 (chip reset? initialize again)"))
        }
        if pressureCode > 0 {
            guard let pascal = calibration.pressure(adc: adcP, fine: fine) else {
                throw link.error(.badData("pressure compensation divides by zero (dig_P1=\(calibration.p1))"))
            }
            readings.append(SensorKey.pressure(hectopascals: pascal / 100.0))
        }
        if variant == .bme280 && humidityCode > 0 {
            let adcH = Int32(data[6]) << 8 | Int32(data[7])
            guard adcH != 0x8000 else {
                throw link.error(.badData("humidity ADC holds its skipped value 0x8000 (chip reset? initialize again)"))
            }
            readings.append(SensorKey.humidity(calibration.humidity(adc: adcH, fine: fine)))
        }
        return readings
    }
}
