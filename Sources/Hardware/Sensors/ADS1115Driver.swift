// TI ADS1115 16-bit ADC in single-shot mode, single-ended inputs AIN0...AIN3 against GND. The chip has
// one converter: a measurement of several channels is a sequence of conversions, one per channel, each
// started by writing the config register with OS = 1 and finished when OS reads back 1.
//
// Keys: `ain0`...`ain3` in volts (volts = code * FSR / 32768; the input cannot go below GND by more than
// 0.3 V, so single-ended codes are 0...32767 in practice).
// Options: `gain` (PGA: 2/3 = ±6.144 V, 1 = ±4.096 V, 2 = ±2.048 V default, 4 = ±1.024 V, 8 = ±0.512 V,
// 16 = ±0.256 V) or `fullScaleVolts` (6.144, 4.096, 2.048, 1.024, 0.512, 0.256), not both;
// `dataRate` in samples/s: 8, 16, 32, 64, 128 (default), 250, 475, 860 (conversion time 1/DR);
// `channelMask`: bit N measures AINN, 1...15 (default 15: all four).

/// The register map and config fields (ADS1115 datasheet section 8.6), shared with the simulated chip.
enum ADS1115Register {
    static let conversion: UInt8 = 0x00
    static let config: UInt8 = 0x01
    static let lowThreshold: UInt8 = 0x02
    static let highThreshold: UInt8 = 0x03

    /// Write 1: start a single conversion. Read 0: converting; 1: idle.
    static let operationalStatus: UInt16 = 0x8000
    /// MUX = 100 + N: AINN against GND.
    static func singleEndedMux(_ channel: Int) -> UInt16 { UInt16(4 + channel) << 12 }
    /// MODE = 1: single-shot (power-down between conversions).
    static let singleShotMode: UInt16 = 0x0100
    /// COMP_QUE = 11: comparator off, ALERT/RDY high impedance.
    static let comparatorDisabled: UInt16 = 0x0003
    /// Full-scale ranges by PGA code 0...5 (codes 6 and 7 are ±0.256 V too).
    static let fullScaleVolts: [Double] = [6.144, 4.096, 2.048, 1.024, 0.512, 0.256]
    /// Data rates in samples per second by DR code 0...7.
    static let dataRates: [Int] = [8, 16, 32, 64, 128, 250, 475, 860]
    static let powerOnConfig: UInt16 = 0x8583
}

public final class ADS1115Driver<Bus: I2CBus>: SensorDriver {
    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    let gainCode: Int
    let rateCode: Int
    public let channels: [Int]
    private(set) var initialized = false
    /// The channel index (into `channels`) converting now, nil when no measurement runs.
    private var converting: Int? = nil
    private var collected: [SensorReading] = []

    public var driverName: String { "ads1115" }
    public var busName: String { bus.name }
    public var fullScaleVolts: Double { ADS1115Register.fullScaleVolts[gainCode] }
    public var dataRate: Int { ADS1115Register.dataRates[rateCode] }

    public init(bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.bus = bus
        self.address = address
        link = SensorLink(bus: bus, address: address, driverName: "ads1115")
        var reader = SensorOptionReader(options, driverName: "ads1115", busName: bus.name, address: address)
        if options["gain"] != nil && options["fullScaleVolts"] != nil {
            throw reader.error("gain", "give either gain or fullScaleVolts, not both")
        }
        let byGain = try reader.choice("gain", allowed: [2.0 / 3.0, 1, 2, 4, 8, 16], defaultIndex: 2)
        let byRange = try reader.choice("fullScaleVolts", allowed: ADS1115Register.fullScaleVolts, defaultIndex: 2)
        gainCode = options["fullScaleVolts"] != nil ? byRange : byGain
        rateCode = try reader.choice("dataRate", allowed: ADS1115Register.dataRates.map { Double($0) }, defaultIndex: 4)
        let mask = try reader.integer("channelMask", in: 1...15, default: 15)
        channels = (0..<4).filter { mask & (1 << $0) != 0 }
        try reader.finish()
    }

    func config(channel: Int, start: Bool) -> UInt16 {
        (start ? ADS1115Register.operationalStatus : 0) | ADS1115Register.singleEndedMux(channel)
            | UInt16(gainCode) << 9 | ADS1115Register.singleShotMode | UInt16(rateCode) << 5
            | ADS1115Register.comparatorDisabled
    }

    /// The ADS1115 has no id register: the driver writes its configuration (no conversion started) and
    /// reads it back; a chip that does not return the same bits is not an ADS1115 (or is broken).
    public func initialize() throws(SensorError) {
        initialized = false
        converting = nil
        let wanted = config(channel: channels[0], start: false)
        try link.writeBigEndian16(ADS1115Register.config, wanted)
        let found = try link.readBigEndian16(ADS1115Register.config)
        guard found & 0x7FFF == wanted else {
            throw link.error(.wrongChip(register: ADS1115Register.config, expected: "0x\(hexWord(wanted)) (written back)", found: found))
        }
        initialized = true
    }

    /// The datasheet's conversion time is 1/DR; the internal oscillator may be 10 % slow.
    public var conversionMilliseconds: Int { (1100 + dataRate - 1) / dataRate }

    public func startMeasurement() throws(SensorError) -> Int {
        guard initialized else { throw link.error(.notInitialized) }
        collected = []
        converting = nil
        try link.writeBigEndian16(ADS1115Register.config, config(channel: channels[0], start: true))
        converting = 0
        return conversionMilliseconds
    }

    /// Reads the channel that finished; if more channels remain, starts the next one and throws
    /// `.notReady` with its conversion time. Returns all channels' readings after the last one.
    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard initialized else { throw link.error(.notInitialized) }
        guard let index = converting else {
            throw link.error(.notReady(retryInMs: try startMeasurement()))
        }
        let status = try link.readBigEndian16(ADS1115Register.config)
        if status & ADS1115Register.operationalStatus == 0 {
            throw link.error(.notReady(retryInMs: 1))
        }
        let code = Int16(bitPattern: try link.readBigEndian16(ADS1115Register.conversion))
        collected.append(SensorKey.analogInput(channels[index], volts: ADS1115Conversion.volts(code: code, fullScale: fullScaleVolts)))
        if index + 1 < channels.count {
            try link.writeBigEndian16(ADS1115Register.config, config(channel: channels[index + 1], start: true))
            converting = index + 1
            throw link.error(.notReady(retryInMs: conversionMilliseconds))
        }
        converting = nil
        let readings = collected
        collected = []
        return readings
    }
}

/// Code to voltage (datasheet section 8.3.3): one LSB is FSR / 32768 (187.5 uV at ±6.144 V ... 7.8125 uV
/// at ±0.256 V); 0x7FFF is +FSR minus one LSB, 0x8000 is -FSR.
public enum ADS1115Conversion {
    public static func volts(code: Int16, fullScale: Double) -> Double {
        Double(code) * fullScale / 32768.0
    }
}
