// A TI ADS1115 at register level: pointer register, config (power-on 0x8583) with the OS bit starting a
// single-shot conversion and reading 0 while it runs (for `busyReads` config reads), continuous mode,
// the input multiplexer (single-ended and differential), the PGA full-scale clipping, the conversion
// register (two's complement) and the threshold registers.

public final class SimulatedADS1115: SimulatedI2CDevice, RegisterPointerChip {
    /// false: the chip NAKs everything; true again: it answers with its state kept.
    public var isAnswering = true
    /// The voltages on AIN0...AIN3 against GND.
    public var inputs: [Double]
    /// How many config reads show OS = 0 (converting) after a single-shot start (0: done at once).
    public var busyReads = 0
    public private(set) var config: UInt16 = ADS1115Register.powerOnConfig
    public private(set) var conversion: Int16 = 0
    public private(set) var lowThreshold: UInt16 = 0x8000
    public private(set) var highThreshold: UInt16 = 0x7FFF
    public private(set) var conversionCount = 0

    private var wire = SimulatedRegisterPointerWire()
    private var busyReadsLeft = 0

    public init(inputs: [Double] = [0, 0, 0, 0]) {
        self.inputs = inputs
    }

    /// The code the converter produces for the current multiplexer and gain setting.
    func convert() -> Int16 {
        func input(_ index: Int) -> Double { index < inputs.count ? inputs[index] : 0 }
        let mux = Int(config >> 12) & 0x07
        let volts: Double
        switch mux {
        case 0: volts = input(0) - input(1)
        case 1: volts = input(0) - input(3)
        case 2: volts = input(1) - input(3)
        case 3: volts = input(2) - input(3)
        default: volts = input(mux - 4)
        }
        let gain = min(Int(config >> 9) & 0x07, 5)
        let code = roundToInt(volts / ADS1115Register.fullScaleVolts[gain] * 32768.0)
        conversionCount += 1
        return Int16(code > 32767 ? 32767 : (code < -32768 ? -32768 : code))
    }

    func hasRegister(_ pointer: UInt8) -> Bool { pointer <= 0x03 }

    func readRegister(_ pointer: UInt8) -> UInt16 {
        switch pointer {
        case ADS1115Register.conversion:
            if config & ADS1115Register.singleShotMode == 0 { conversion = convert() }  // continuous
            return UInt16(bitPattern: conversion)
        case ADS1115Register.config:
            if busyReadsLeft > 0 {
                busyReadsLeft -= 1
                if busyReadsLeft == 0 { conversion = convert() }
                return config & 0x7FFF
            }
            return config | ADS1115Register.operationalStatus
        case ADS1115Register.lowThreshold: return lowThreshold
        default: return highThreshold
        }
    }

    func writeRegister(_ pointer: UInt8, _ bytes: [UInt8]) {
        guard bytes.count == 2 else { return }  // a 16-bit register takes both bytes or nothing
        let value = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        switch pointer {
        case ADS1115Register.config:
            config = value & 0x7FFF
            if value & ADS1115Register.operationalStatus != 0 && value & ADS1115Register.singleShotMode != 0 && busyReadsLeft == 0 {
                busyReadsLeft = busyReads
                if busyReadsLeft == 0 { conversion = convert() }
            }
        case ADS1115Register.lowThreshold: lowThreshold = value
        case ADS1115Register.highThreshold: highThreshold = value
        default: break  // the conversion register is read-only
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
