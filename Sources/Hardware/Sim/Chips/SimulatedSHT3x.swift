// A Sensirion SHT3x-DIS at command level: 16-bit commands, single-shot measurements (with and without
// clock stretching), soft reset, status register read and clear, heater; a read NAKs while no data is
// pending (and while "converting", for `busyReads` reads); every word goes out with its CRC-8.

public final class SimulatedSHT3x: SimulatedI2CDevice {
    /// false: the chip NAKs everything; true again: it answers with its state kept.
    public var isAnswering = true
    public var rawTemperature: UInt16
    public var rawHumidity: UInt16
    /// How many reads a started measurement NAKs before its data is ready (0: ready at once).
    public var busyReads = 0
    /// Corrupts the CRC of the next measurement's temperature word (for CRC mismatch tests).
    public var corruptNextCRC = false
    /// The status register (datasheet table 17): bit 15 alert pending, 13 heater, 4 reset detected,
    /// 1 last command not processed. 0x8010 after power-up and reset.
    public private(set) var status: UInt16 = 0x8010
    public private(set) var commands: [UInt16] = []
    public private(set) var measurementCount = 0

    /// What a read returns next: nothing (NAK), measurement words, or the status word.
    private enum Pending { case none, measurement, status }
    private var pending = Pending.none
    private var busyReadsLeft = 0

    public init(rawTemperature: UInt16, rawHumidity: UInt16) {
        self.rawTemperature = rawTemperature
        self.rawHumidity = rawHumidity
    }

    /// A chip reporting `temperature` degC and `humidity` %RH (to the 16-bit resolution).
    public convenience init(temperature: Double, humidity: Double) {
        self.init(rawTemperature: 0, rawHumidity: 0)
        setPhysical(temperature: temperature, humidity: humidity)
    }

    /// Inverts T = -45 + 175 S / 65535 and RH = 100 S / 65535, clamped to the 16-bit range.
    public func setPhysical(temperature: Double, humidity: Double) {
        rawTemperature = Self.clampedWord((temperature + 45.0) * 65535.0 / 175.0)
        rawHumidity = Self.clampedWord(humidity * 65535.0 / 100.0)
    }

    static func clampedWord(_ value: Double) -> UInt16 {
        let rounded = roundToInt(value)
        return UInt16(rounded < 0 ? 0 : (rounded > 0xFFFF ? 0xFFFF : rounded))
    }

    public func receive(_ bytes: [UInt8]) -> Bool {
        guard isAnswering else { return false }
        // While a measurement without clock stretching runs, the chip does not acknowledge its address.
        if busyReadsLeft > 0 { return false }
        guard !bytes.isEmpty else { return true }
        guard bytes.count == 2 else {
            status |= 0x0002  // not a command (commands with data are not modelled)
            return true
        }
        let command = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        commands.append(command)
        switch command {
        case 0x2400, 0x240B, 0x2416, 0x2C06, 0x2C0D, 0x2C10:
            pending = .measurement
            measurementCount += 1
            // With clock stretching the chip holds SCL until done: the read itself waits, never NAKs.
            busyReadsLeft = command >> 8 == 0x24 ? busyReads : 0
            status &= ~0x0002
        case SHT3xCommand.softReset:
            status = 0x8010
            pending = .none
        case SHT3xCommand.readStatus:
            pending = .status
            status &= ~0x0002
        case SHT3xCommand.clearStatus:
            status &= ~0x8C10  // alert pending, RH and T tracking alerts, reset detected
            status &= ~0x0002
        case SHT3xCommand.heaterOn:
            status |= 0x2000
        case SHT3xCommand.heaterOff, SHT3xCommand.breakPeriodic:
            status &= ~0x2000
        default:
            status |= 0x0002  // last command not processed
        }
        return true
    }

    public func transmit(count: Int) -> [UInt8]? {
        guard isAnswering else { return nil }
        if busyReadsLeft > 0 {
            busyReadsLeft -= 1
            return nil
        }
        var words: [UInt16]
        switch pending {
        case .none: return nil
        case .measurement: words = [rawTemperature, rawHumidity]
        case .status: words = [status]
        }
        var bytes: [UInt8] = []
        for (index, word) in words.enumerated() {
            let pair = [UInt8(truncatingIfNeeded: word >> 8), UInt8(truncatingIfNeeded: word)]
            var crc = SensirionCRC.checksum(pair)
            if index == 0 && pending == .measurement && corruptNextCRC {
                crc ^= 0x01
                corruptNextCRC = false
            }
            bytes += pair
            bytes.append(crc)
        }
        // The data is gone once read; the master may stop early, the chip never sends more than it has
        // (extra bytes read as 0xFF: SDA released).
        pending = .none
        while bytes.count < count { bytes.append(0xFF) }
        return Array(bytes.prefix(max(count, 0)))
    }
}
