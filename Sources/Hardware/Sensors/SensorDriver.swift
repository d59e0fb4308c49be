// The contract between the agent and every I2C sensor driver: a two-phase measurement, so that a slow
// conversion (a BH1750 takes up to 180 ms) is scheduled on the poll loop's timer instead of waited for.
//
// The agent holds drivers of different chips in one list, so the protocol is class-bound (Embedded Swift
// only allows `any P` for class-bound protocols). Each driver is a class generic over its bus.

/// One measured value: a telemetry key and its value in the unit documented for that key.
public struct SensorReading: Equatable, Sendable, CustomStringConvertible {
    /// The telemetry key (`temperature`, `humidity`, `pressure`, `illuminance`, `ain0`...`ain3`).
    public var key: String
    public var value: Double
    /// The unit of `value`, for logs and documentation (`degC`, `%RH`, `hPa`, `lx`, `V`).
    public var unit: String

    public init(key: String, value: Double, unit: String) {
        self.key = key
        self.value = value
        self.unit = unit
    }

    public var description: String { "\(key)=\(value) \(unit)" }
}

/// The telemetry keys drivers report, with their units. A key always carries the same unit whatever the
/// chip, so a dashboard does not care which sensor is fitted.
public enum SensorKey {
    /// Degrees Celsius.
    public static let temperature = "temperature"
    /// Relative humidity, percent (0...100).
    public static let humidity = "humidity"
    /// Barometric pressure in hectopascals (station pressure, not reduced to sea level).
    public static let pressure = "pressure"
    /// Illuminance in lux.
    public static let illuminance = "illuminance"
    /// ADC input N (`ain0`...`ain3`) in volts, single-ended against GND.
    public static func analogInput(_ channel: Int) -> String { "ain\(channel)" }

    public static func temperature(_ value: Double) -> SensorReading {
        SensorReading(key: temperature, value: value, unit: "degC")
    }
    public static func humidity(_ value: Double) -> SensorReading {
        SensorReading(key: humidity, value: value, unit: "%RH")
    }
    public static func pressure(hectopascals value: Double) -> SensorReading {
        SensorReading(key: pressure, value: value, unit: "hPa")
    }
    public static func illuminance(_ value: Double) -> SensorReading {
        SensorReading(key: illuminance, value: value, unit: "lx")
    }
    public static func analogInput(_ channel: Int, volts: Double) -> SensorReading {
        SensorReading(key: analogInput(channel), value: volts, unit: "V")
    }
}

/// A sensor on an I2C bus.
///
/// Use: `initialize()` once (and again after the sensor came back from a failure); then for each poll,
/// `startMeasurement()` returns how many milliseconds the conversion takes; after that delay,
/// `readMeasurement()` returns the readings.
///
/// `readMeasurement()` may throw a `SensorError` whose problem is `.notReady(retryInMs:)`: this is not a
/// failure. It means "call `readMeasurement()` again after that many milliseconds": the chip reported its
/// conversion still running (BME280 status, ADS1115 and TMP102 OS bit), or the measurement has several
/// steps (the ADS1115 converts one channel at a time). The caller should bound the number of retries.
/// Every other error is a failure; `SensorError.kind` tells a missing sensor (NAK) from a broken bus.
public protocol SensorDriver: AnyObject {
    /// The driver name as in the config (`bme280`).
    var driverName: String { get }
    /// The bus name (`i2c-1`).
    var busName: String { get }
    /// The 7-bit address.
    var address: UInt8 { get }
    /// `bme280 on i2c-1 at 0x76`, for logs and error replies (a default implementation is provided).
    var sensorDescription: String { get }

    /// The datasheet's start-up sequence: identify the chip, reset it, read its calibration, configure it.
    /// May pause for a few milliseconds (a soft reset), never longer.
    func initialize() throws(SensorError)
    /// Starts a conversion. Returns the milliseconds until the result is ready (0: read at once).
    func startMeasurement() throws(SensorError) -> Int
    /// Reads and converts the result of the conversion started last.
    func readMeasurement() throws(SensorError) -> [SensorReading]
}

extension SensorDriver {
    // A requirement with a default, not an extension-only member: Embedded Swift traps at run time when
    // an extension-only member is called on an existential (`any SensorDriver`), as the agent does.
    public var sensorDescription: String {
        driverName + " on " + busName + " at 0x" + hexByte(address)
    }
}
