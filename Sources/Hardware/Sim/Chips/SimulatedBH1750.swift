// A ROHM BH1750FVI at opcode level: power down / power on / reset (accepted only when powered on),
// continuous and one-time modes (one-time powers down after its conversion), the MTreg opcodes; one
// opcode per write (the datasheet forbids several without a STOP: the sim NAKs them to catch drivers
// that try); reads return the 16-bit data register, MSB first.

public final class SimulatedBH1750: SimulatedI2CDevice {
    /// false: the chip NAKs everything; true again: it answers with its state kept.
    public var isAnswering = true
    /// The illuminance on the sensor, lx.
    public var illuminance: Double
    /// How many reads after a one-time opcode still return the previous data (0: done at once).
    public var busyReads = 0
    public private(set) var opcodes: [UInt8] = []
    public private(set) var poweredOn = false
    public private(set) var measurementTime = 69
    public private(set) var dataRegister: UInt16 = 0

    private var mode: UInt8? = nil
    private var busyReadsLeft = 0

    public init(illuminance: Double) {
        self.illuminance = illuminance
    }

    /// The count the chip's ADC gives: lx * 1.2 * (MTreg / 69), doubled in H-resolution mode 2.
    private func count(for mode: UInt8) -> UInt16 {
        var value = illuminance * 1.2 * Double(measurementTime) / 69.0
        if mode & 0x03 == 0x01 { value *= 2 }
        let rounded = roundToInt(value)
        return UInt16(rounded < 0 ? 0 : (rounded > 0xFFFF ? 0xFFFF : rounded))
    }

    public func receive(_ bytes: [UInt8]) -> Bool {
        guard isAnswering else { return false }
        guard !bytes.isEmpty else { return true }
        guard bytes.count == 1 else { return false }
        let opcode = bytes[0]
        opcodes.append(opcode)
        switch opcode {
        case BH1750Opcode.powerDown:
            poweredOn = false
            mode = nil
        case BH1750Opcode.powerOn:
            poweredOn = true
        case BH1750Opcode.reset:
            if poweredOn { dataRegister = 0 }
        case 0x10, 0x11, 0x13:
            poweredOn = true
            mode = opcode
            dataRegister = count(for: opcode)
        case 0x20, 0x21, 0x23:
            poweredOn = true
            mode = opcode
            busyReadsLeft = busyReads
            if busyReadsLeft == 0 { finishOneTime() }
        case 0x40...0x47:
            measurementTime = (measurementTime & 0x1F) | Int(opcode & 0x07) << 5
        case 0x60...0x7F:
            measurementTime = (measurementTime & 0xE0) | Int(opcode & 0x1F)
        default:
            return false
        }
        return true
    }

    private func finishOneTime() {
        guard let mode else { return }
        dataRegister = count(for: mode)
        poweredOn = false
        self.mode = nil
    }

    public func transmit(count: Int) -> [UInt8]? {
        guard isAnswering else { return nil }
        var finishesNow = false
        if busyReadsLeft > 0 {
            // Still converting: the data register holds the previous result.
            busyReadsLeft -= 1
            finishesNow = busyReadsLeft == 0
        } else if let mode, mode & 0xF0 == 0x10 {
            dataRegister = self.count(for: mode)  // continuous: always the latest conversion
        }
        var bytes = [UInt8(truncatingIfNeeded: dataRegister >> 8), UInt8(truncatingIfNeeded: dataRegister)]
        if finishesNow { finishOneTime() }
        while bytes.count < count { bytes.append(0xFF) }
        return Array(bytes.prefix(max(count, 0)))
    }
}
