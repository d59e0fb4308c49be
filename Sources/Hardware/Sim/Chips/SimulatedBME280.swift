// A Bosch BME280 / BMP280 at register level: register pointer with auto-increment on reads, register /
// data pairs on writes, chip id, calibration NVM, soft reset (with the NVM-copy status bit), ctrl_hum
// latched by the next ctrl_meas write, forced and normal mode, the measuring status bit, data registers
// shadowed per conversion and truncated to the resolution the oversampling gives.
//
// The chip reports either raw ADC values (for datasheet fixtures) or physical values, which it turns into
// the raw values that the datasheet's compensation, with this chip's calibration, maps back to them.

public final class SimulatedBME280: SimulatedI2CDevice {
    public let variant: BME280Variant
    public let calibration: BoschCalibration
    /// false: the chip NAKs everything (unplugged, unpowered); true again: it answers with its state kept.
    public var isAnswering = true
    /// The raw ADC values the next conversion loads (20-bit temperature and pressure, 16-bit humidity).
    public var rawTemperature: Int32
    public var rawPressure: Int32
    public var rawHumidity: Int32
    /// How many status reads show "measuring" after a forced-mode start before the data is loaded
    /// (0: the conversion completes at once).
    public var busyStatusReads = 0
    /// How many status reads show "NVM copy" after a soft reset.
    public var nvmCopyStatusReads = 1
    public private(set) var resetCount = 0
    public private(set) var conversionCount = 0

    private var registers = [UInt8](repeating: 0, count: 256)
    private var pointer: UInt8 = 0
    private var latchedHumidityControl: UInt8 = 0
    private var measuringReadsLeft = 0
    private var nvmReadsLeft = 0

    /// Calibration of a typical part: the temperature and pressure words of the BMP280 datasheet's
    /// worked example (section 3.12) and plausible humidity words (dig_H5 negative, to exercise the
    /// 12-bit sign of the packed H4/H5 fields).
    public static let typicalCalibration = BoschCalibration(
        t1: 27504, t2: 26435, t3: -1000,
        p1: 36477, p2: -10685, p3: 3024, p4: 2855, p5: 140, p6: -7, p7: 15500, p8: -14600, p9: 6000,
        h1: 75, h2: 362, h3: 0, h4: 313, h5: -50, h6: 30)

    public init(variant: BME280Variant = .bme280, calibration: BoschCalibration = SimulatedBME280.typicalCalibration,
                rawTemperature: Int32, rawPressure: Int32, rawHumidity: Int32 = 0x8000) {
        self.variant = variant
        self.calibration = calibration
        self.rawTemperature = rawTemperature
        self.rawPressure = rawPressure
        self.rawHumidity = rawHumidity
        powerOn()
    }

    /// A chip reporting `temperature` degC, `humidity` %RH (ignored by a BMP280) and `pressure` hPa.
    public convenience init(variant: BME280Variant = .bme280, calibration: BoschCalibration = SimulatedBME280.typicalCalibration,
                            temperature: Double, humidity: Double, pressure: Double) {
        self.init(variant: variant, calibration: calibration, rawTemperature: 0x80000, rawPressure: 0x80000)
        setPhysical(temperature: temperature, humidity: humidity, pressure: pressure)
    }

    /// Sets the raw values that compensate to these physical values (to the ADC's resolution).
    public func setPhysical(temperature: Double, humidity: Double, pressure: Double) {
        let calibration = self.calibration
        rawTemperature = invertMonotonic(0...0xFFFFF, target: temperature) { calibration.temperature(adc: $0).celsius }
        let fine = calibration.temperature(adc: rawTemperature).fine
        rawPressure = invertMonotonic(0...0xFFFFF, target: pressure * 100.0) { calibration.pressure(adc: $0, fine: fine) ?? 0 }
        rawHumidity = invertMonotonic(0...0xFFFF, target: humidity) { calibration.humidity(adc: $0, fine: fine) }
    }

    private func powerOn() {
        registers = [UInt8](repeating: 0, count: 256)
        registers[Int(BME280Register.chipID)] = variant == .bme280 ? 0x60 : 0x58
        let blocks = calibration.encoded()
        for (offset, byte) in blocks.mainBlock.enumerated() { registers[0x88 + offset] = byte }
        if variant == .bme280 {
            for (offset, byte) in blocks.humidityBlock.enumerated() { registers[0xE1 + offset] = byte }
        }
        // Data registers hold their reset values (0x80000 / 0x8000) until the first conversion.
        storeData(temperature: 0x80000, pressure: 0x80000, humidity: 0x8000)
        latchedHumidityControl = 0
        measuringReadsLeft = 0
    }

    private func storeData(temperature: Int32, pressure: Int32, humidity: Int32) {
        let data: [UInt8] = [
            UInt8(truncatingIfNeeded: pressure >> 12), UInt8(truncatingIfNeeded: pressure >> 4), UInt8(truncatingIfNeeded: pressure << 4),
            UInt8(truncatingIfNeeded: temperature >> 12), UInt8(truncatingIfNeeded: temperature >> 4), UInt8(truncatingIfNeeded: temperature << 4),
        ]
        for (offset, byte) in data.enumerated() { registers[0xF7 + offset] = byte }
        if variant == .bme280 {
            registers[0xFD] = UInt8(truncatingIfNeeded: humidity >> 8)
            registers[0xFE] = UInt8(truncatingIfNeeded: humidity)
        }
    }

    /// The end of a conversion: each value is measured only when its oversampling is not 0 (else the
    /// register holds the skipped value), at 16 + (osrs - 1) bits unless the IIR filter gives 20 bits.
    private func completeConversion() {
        let control = registers[Int(BME280Register.controlMeasurement)]
        let filtered = (registers[Int(BME280Register.config)] >> 2) & 0x07 != 0
        func sample(_ raw: Int32, code: UInt8) -> Int32 {
            if code == 0 { return 0x80000 }
            if filtered { return raw & 0xFFFFF }
            let dropped = Int32(5 - min(code, 5))
            return ((raw & 0xFFFFF) >> dropped) << dropped
        }
        let humidity: Int32 = latchedHumidityControl & 0x07 == 0 ? 0x8000 : rawHumidity & 0xFFFF
        storeData(temperature: sample(rawTemperature, code: control >> 5),
                  pressure: sample(rawPressure, code: (control >> 2) & 0x07), humidity: humidity)
        conversionCount += 1
        // Forced mode returns to sleep when done; normal mode keeps its mode bits.
        if control & 0x03 == 0x01 || control & 0x03 == 0x02 {
            registers[Int(BME280Register.controlMeasurement)] = control & 0xFC
        }
    }

    public func receive(_ bytes: [UInt8]) -> Bool {
        guard isAnswering else { return false }
        guard !bytes.isEmpty else { return true }
        pointer = bytes[0]
        // A write carries register / value pairs: [reg, value, reg, value, ...].
        var index = 0
        while index + 1 < bytes.count {
            write(register: bytes[index], bytes[index + 1])
            index += 2
        }
        return true
    }

    private func write(register: UInt8, _ value: UInt8) {
        switch register {
        case BME280Register.reset:
            if value == 0xB6 {
                powerOn()
                resetCount += 1
                nvmReadsLeft = nvmCopyStatusReads
            }
        case BME280Register.controlHumidity:
            if variant == .bme280 { registers[Int(register)] = value & 0x07 }
        case BME280Register.config:
            registers[Int(register)] = value & 0xFD
        case BME280Register.controlMeasurement:
            registers[Int(register)] = value
            latchedHumidityControl = registers[Int(BME280Register.controlHumidity)]
            switch value & 0x03 {
            case 0x01, 0x02:
                measuringReadsLeft = busyStatusReads
                if measuringReadsLeft == 0 { completeConversion() }
            case 0x03:
                completeConversion()
            default:
                break
            }
        default:
            break  // id, calibration, status and data registers are read-only
        }
    }

    public func transmit(count: Int) -> [UInt8]? {
        guard isAnswering else { return nil }
        var bytes: [UInt8] = []
        for _ in 0..<max(count, 0) {
            bytes.append(readRegister(pointer))
            pointer = pointer &+ 1
        }
        return bytes
    }

    private func readRegister(_ register: UInt8) -> UInt8 {
        if register == BME280Register.status {
            var status: UInt8 = 0
            if measuringReadsLeft > 0 { status |= 0x08 }
            if nvmReadsLeft > 0 { status |= 0x01 }
            if nvmReadsLeft > 0 { nvmReadsLeft -= 1 }
            if measuringReadsLeft > 0 {
                measuringReadsLeft -= 1
                if measuringReadsLeft == 0 { completeConversion() }
            }
            return status
        }
        // Normal mode converts continuously: every read of the data sees a fresh conversion.
        if register == 0xF7 && registers[Int(BME280Register.controlMeasurement)] & 0x03 == 0x03 {
            completeConversion()
        }
        return registers[Int(register)]
    }
}

/// The integer in `range` whose image under the monotonic `function` is nearest `target` (bisection, so
/// either direction of monotony works).
func invertMonotonic(_ range: ClosedRange<Int32>, target: Double, _ function: (Int32) -> Double) -> Int32 {
    var low = range.lowerBound, high = range.upperBound
    let increasing = function(high) >= function(low)
    while high - low > 1 {
        let middle = low + (high - low) / 2
        if (function(middle) < target) == increasing { low = middle } else { high = middle }
    }
    let lowError = function(low) - target, highError = function(high) - target
    return (lowError < 0 ? -lowError : lowError) <= (highError < 0 ? -highError : highError) ? low : high
}
