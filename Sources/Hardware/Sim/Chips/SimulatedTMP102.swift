// A TI TMP102 at register level: pointer register, temperature register (12-bit, or 13-bit with bit 0
// set in extended mode), config (power-on 0x60A0; R1 R0 and AL read-only; written byte by byte),
// shutdown with one-shot conversions whose OS bit reads 0 while converting (for `busyReads` config
// reads), and the limit registers (power-on 75 and 80 degC).

public final class SimulatedTMP102: SimulatedI2CDevice, RegisterPointerChip {
    /// false: the chip NAKs everything; true again: it answers with its state kept.
    public var isAnswering = true
    /// The temperature of the die, degC.
    public var temperature: Double
    /// How many config reads show OS = 0 after a one-shot start (0: done at once).
    public var busyReads = 0
    public private(set) var config: UInt16 = TMP102Register.powerOnConfig
    public private(set) var lowLimit: UInt16 = 0x4B00
    public private(set) var highLimit: UInt16 = 0x5000
    public private(set) var conversionCount = 0

    private var wire = SimulatedRegisterPointerWire()
    private var temperatureRegister: UInt16 = 0
    private var busyReadsLeft = 0

    public init(temperature: Double) {
        self.temperature = temperature
    }

    private var shutdown: Bool { config & TMP102Register.shutdown != 0 }

    private func convert() {
        conversionCount += 1
        let counts = roundToInt(temperature / 0.0625)
        if config & TMP102Register.extended != 0 {
            let clamped = max(-0x1000, min(0x0FFF, counts))
            temperatureRegister = UInt16(truncatingIfNeeded: clamped << 3) | 0x0001
        } else {
            let clamped = max(-0x800, min(0x7FF, counts))
            temperatureRegister = UInt16(truncatingIfNeeded: clamped << 4)
        }
    }

    func hasRegister(_ pointer: UInt8) -> Bool { pointer <= 0x03 }

    func readRegister(_ pointer: UInt8) -> UInt16 {
        switch pointer {
        case TMP102Register.temperature:
            if !shutdown { convert() }  // continuous: the latest conversion
            return temperatureRegister
        case TMP102Register.config:
            if busyReadsLeft > 0 {
                // Still converting on this read; the result is there for the next one.
                busyReadsLeft -= 1
                if busyReadsLeft == 0 { convert() }
                return config
            }
            return shutdown ? config | TMP102Register.oneShot : config
        case TMP102Register.lowLimit: return lowLimit
        default: return highLimit
        }
    }

    func writeRegister(_ pointer: UInt8, _ bytes: [UInt8]) {
        switch pointer {
        case TMP102Register.config:
            // Byte 1: OS (trigger), F1 F0 POL TM SD writable, R1 R0 fixed at 11. Byte 2: CR1 CR0 EM
            // writable, AL read-only (1 while no alert), low nibble 0.
            let first = UInt16(bytes[0])
            var value = (config & 0x00FF) | (first & 0x1F) << 8 | TMP102Register.resolutionBits
            if bytes.count > 1 {
                value = (value & 0xFF00) | (UInt16(bytes[1]) & 0xD0) | TMP102Register.alert
            }
            config = value
            if first & 0x80 != 0 && shutdown && busyReadsLeft == 0 {
                busyReadsLeft = busyReads
                if busyReadsLeft == 0 { convert() }
            }
        case TMP102Register.lowLimit, TMP102Register.highLimit:
            guard bytes.count == 2 else { return }
            let value = (UInt16(bytes[0]) << 8 | UInt16(bytes[1])) & 0xFFF0
            if pointer == TMP102Register.lowLimit { lowLimit = value } else { highLimit = value }
        default:
            break  // the temperature register is read-only
        }
    }

    public func receive(_ bytes: [UInt8]) -> Bool {
        guard isAnswering else { return false }
        return wire.receive(bytes, chip: self)
    }

    public func transmit(count: Int) -> [UInt8]? {
        guard isAnswering else { return nil }
        return wire.transmit(count: count, chip: self)
    }
}
