// TI TMP102 digital temperature sensor, either converting continuously (default) or, with `oneShot`,
// kept in shutdown and woken for one conversion per measurement (0.5 uA between polls).
//
// Key: `temperature` degC (12-bit two's complement, left-justified, 0.0625 degC per LSB; in extended mode
// 13 bits, flagged by bit 0 of the low byte, which this driver honours whatever it configured).
// Options: `extendedMode` 0/1 (13 bits, range to +150 degC; default 0); `oneShot` 0/1 (default 0);
// `conversionRate` in Hz for continuous mode: 0.25, 1, 4 (default), 8.

/// The register map (TMP102 datasheet section 7.5), shared with the simulated chip.
enum TMP102Register {
    static let temperature: UInt8 = 0x00
    static let config: UInt8 = 0x01
    static let lowLimit: UInt8 = 0x02
    static let highLimit: UInt8 = 0x03

    /// Byte 1: OS R1 R0 F1 F0 POL TM SD; byte 2: CR1 CR0 AL EM 0 0 0 0.
    static let oneShot: UInt16 = 0x8000
    /// R1 R0: read-only, always 11 (12-bit converter).
    static let resolutionBits: UInt16 = 0x6000
    static let shutdown: UInt16 = 0x0100
    static let alert: UInt16 = 0x0020
    static let extended: UInt16 = 0x0010
    static let powerOnConfig: UInt16 = 0x60A0
    /// Conversion rates by CR code 0...3.
    static let conversionRates: [Double] = [0.25, 1, 4, 8]
    /// One conversion: 26 ms typical, 35 ms maximum.
    static let conversionMilliseconds = 35
}

public final class TMP102Driver<Bus: I2CBus>: SensorDriver {
    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    public let extendedMode: Bool
    public let oneShot: Bool
    let rateCode: Int
    private(set) var initialized = false
    private var firstConversionPending = true

    public var driverName: String { "tmp102" }
    public var busName: String { bus.name }

    public init(bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.bus = bus
        self.address = address
        link = SensorLink(bus: bus, address: address, driverName: "tmp102")
        var reader = SensorOptionReader(options, driverName: "tmp102", busName: bus.name, address: address)
        extendedMode = try reader.flag("extendedMode", default: false)
        oneShot = try reader.flag("oneShot", default: false)
        rateCode = try reader.choice("conversionRate", allowed: TMP102Register.conversionRates, defaultIndex: 2)
        try reader.finish()
    }

    var configuration: UInt16 {
        TMP102Register.resolutionBits | (oneShot ? TMP102Register.shutdown : 0)
            | UInt16(rateCode) << 6 | (extendedMode ? TMP102Register.extended : 0)
    }

    /// The TMP102 has no id register: the read-only resolution bits (R1 R0 = 11) and the always-zero low
    /// nibble of the config register identify it well enough to reject an ADS1115 at the same addresses.
    public func initialize() throws(SensorError) {
        initialized = false
        let found = try link.readBigEndian16(TMP102Register.config)
        guard found & 0x600F == TMP102Register.resolutionBits else {
            throw link.error(.wrongChip(register: TMP102Register.config, expected: "bits 14:13 set and 3:0 clear (TMP102)", found: found))
        }
        try link.writeBigEndian16(TMP102Register.config, configuration)
        firstConversionPending = true
        initialized = true
    }

    public func startMeasurement() throws(SensorError) -> Int {
        guard initialized else { throw link.error(.notInitialized) }
        if oneShot {
            try link.writeBigEndian16(TMP102Register.config, configuration | TMP102Register.oneShot)
            return TMP102Register.conversionMilliseconds
        }
        guard firstConversionPending else { return 0 }
        firstConversionPending = false
        return TMP102Register.conversionMilliseconds
    }

    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard initialized else { throw link.error(.notInitialized) }
        if oneShot {
            // In shutdown, OS reads 0 while the single conversion runs and 1 when it is done.
            let status = try link.readBigEndian16(TMP102Register.config)
            // Out of shutdown, OS would never read 1: the chip was reset and lost its configuration.
            guard status & TMP102Register.shutdown != 0 else {
                throw link.error(.badData("config 0x\(hexWord(status)) is out of shutdown mode (chip reset? initialize again)"))
            }
            if status & TMP102Register.oneShot == 0 { throw link.error(.notReady(retryInMs: 5)) }
        }
        let raw = try link.readBigEndian16(TMP102Register.temperature)
        return [SensorKey.temperature(TMP102Conversion.celsius(register: raw))]
    }
}

public enum TMP102Conversion {
    /// Temperature register to degC. Bit 0 set: extended (13-bit) format, else 12-bit; both left-justified
    /// two's complement in 1/16 degC.
    public static func celsius(register: UInt16) -> Double {
        let value = Int16(bitPattern: register)
        let counts = register & 0x0001 != 0 ? value >> 3 : value >> 4
        return Double(counts) * 0.0625
    }
}
