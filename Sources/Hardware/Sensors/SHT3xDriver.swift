// Sensirion SHT30/31/35 (SHT3x-DIS) in single-shot mode without clock stretching: a 16-bit command starts
// one measurement; the chip NAKs reads until it is done, then sends temperature and humidity words, each
// followed by a CRC-8 that this driver checks.
//
// Keys: `temperature` degC (T = -45 + 175 * S / 65535), `humidity` %RH (RH = 100 * S / 65535).
// Options: `repeatability`: 0 = low (max 4.5 ms), 1 = medium (max 6.5 ms), 2 = high (max 15.5 ms, default).
// Note: because the chip NAKs a read while converting, reading before the returned delay fails with
// kind `sensorMissing`; honour the delay.

/// The commands (SHT3x-DIS datasheet section 4).
enum SHT3xCommand {
    /// Single shot, clock stretching disabled, by repeatability low / medium / high.
    static let singleShot: [UInt16] = [0x2416, 0x240B, 0x2400]
    /// Single shot with clock stretching, by repeatability low / medium / high (the sim accepts these too).
    static let singleShotStretching: [UInt16] = [0x2C10, 0x2C0D, 0x2C06]
    static let softReset: UInt16 = 0x30A2
    static let readStatus: UInt16 = 0xF32D
    static let clearStatus: UInt16 = 0x3041
    static let heaterOn: UInt16 = 0x306D
    static let heaterOff: UInt16 = 0x3066
    static let breakPeriodic: UInt16 = 0x3093
}

public final class SHT3xDriver<Bus: I2CBus>: SensorDriver {
    /// Maximum measurement durations in ms (rounded up) by repeatability low / medium / high.
    static var durations: [Int] { [5, 7, 16] }

    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    let repeatability: Int
    private(set) var initialized = false
    /// The status register read during `initialize()` (alert, heater, reset-detected bits).
    private(set) public var statusAtInitialization: UInt16 = 0

    public var driverName: String { "sht3x" }
    public var busName: String { bus.name }

    public init(bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.bus = bus
        self.address = address
        link = SensorLink(bus: bus, address: address, driverName: "sht3x")
        var reader = SensorOptionReader(options, driverName: "sht3x", busName: bus.name, address: address)
        repeatability = try reader.integer("repeatability", in: 0...2, default: 2)
        try reader.finish()
    }

    func send(_ command: UInt16) throws(SensorError) {
        try link.write([UInt8(truncatingIfNeeded: command >> 8), UInt8(truncatingIfNeeded: command)])
    }

    /// Reads `words` CRC-protected 16-bit words (3 bytes each) and checks each CRC.
    func readWords(_ words: Int) throws(SensorError) -> [UInt16] {
        let bytes = try link.read(count: words * 3)
        var result: [UInt16] = []
        for index in 0..<words {
            let pair = [bytes[index * 3], bytes[index * 3 + 1]]
            let computed = SensirionCRC.checksum(pair)
            guard computed == bytes[index * 3 + 2] else {
                throw link.error(.crcMismatch(bytes: pair, computed: computed, received: bytes[index * 3 + 2]))
            }
            result.append(UInt16(pair[0]) << 8 | UInt16(pair[1]))
        }
        return result
    }

    /// The SHT3x has no id register: the soft reset must be acknowledged and the status word must come
    /// back with a valid CRC (a chip of another family at 0x44/0x45 fails one of the two). Then the
    /// status flags are cleared so a later "reset detected" bit means the chip restarted.
    public func initialize() throws(SensorError) {
        initialized = false
        try send(SHT3xCommand.softReset)
        pauseMilliseconds(2)  // soft reset time: 1.5 ms maximum
        try send(SHT3xCommand.readStatus)
        statusAtInitialization = try readWords(1)[0]
        try send(SHT3xCommand.clearStatus)
        initialized = true
    }

    public func startMeasurement() throws(SensorError) -> Int {
        guard initialized else { throw link.error(.notInitialized) }
        try send(SHT3xCommand.singleShot[repeatability])
        return Self.durations[repeatability]
    }

    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard initialized else { throw link.error(.notInitialized) }
        let words = try readWords(2)
        return [SensorKey.temperature(SHT3xConversion.celsius(raw: words[0])),
                SensorKey.humidity(SHT3xConversion.relativeHumidity(raw: words[1]))]
    }
}

/// The datasheet's conversion of the raw words (section 4.13).
public enum SHT3xConversion {
    public static func celsius(raw: UInt16) -> Double { -45.0 + 175.0 * Double(raw) / 65535.0 }
    public static func relativeHumidity(raw: UInt16) -> Double { 100.0 * Double(raw) / 65535.0 }
}
