// ROHM BH1750FVI ambient light sensor in one-time mode: each measurement is one opcode; the chip powers
// down by itself afterwards. The chip takes one opcode per write (a STOP after each), has no registers
// to read back and no id: its acknowledging of the opcodes is the presence check.
//
// Key: `illuminance` lx = count / 1.2 * (69 / MTreg), halved in H-resolution mode 2.
// Options: `resolution` in lx: 1 (H-resolution mode, default; 180 ms max), 0.5 (H-resolution mode 2;
// 180 ms max), 4 (L-resolution mode; 24 ms max). `mtreg`: measurement time register 31...254 (default 69):
// a larger value raises sensitivity (through a window that absorbs light) and the time proportionally.

enum BH1750Opcode {
    static let powerDown: UInt8 = 0x00
    static let powerOn: UInt8 = 0x01
    /// Clears the data register; accepted only when powered on.
    static let reset: UInt8 = 0x07
    /// One-time H-resolution, H-resolution mode 2, L-resolution.
    static let oneTimeHigh: UInt8 = 0x20
    static let oneTimeHigh2: UInt8 = 0x21
    static let oneTimeLow: UInt8 = 0x23
    /// Continuous modes (the sim accepts them too).
    static let continuousHigh: UInt8 = 0x10
    static let continuousHigh2: UInt8 = 0x11
    static let continuousLow: UInt8 = 0x13
    /// MTreg is written in two opcodes: 01000_MT[7:5] and 011_MT[4:0].
    static let measurementTimeHigh: UInt8 = 0x40
    static let measurementTimeLow: UInt8 = 0x60
    static let defaultMeasurementTime = 69
}

/// One-time measurement modes: H-resolution (1 lx), H-resolution mode 2 (0.5 lx), L-resolution (4 lx).
public enum BH1750Mode: Int, Sendable {
    case high = 0, high2 = 1, low = 2
}

public final class BH1750Driver<Bus: I2CBus>: SensorDriver {
    public let bus: Bus
    public let address: UInt8
    let link: SensorLink<Bus>
    public let mode: BH1750Mode
    public let measurementTime: Int
    private(set) var initialized = false

    public var driverName: String { "bh1750" }
    public var busName: String { bus.name }

    public init(bus: Bus, address: UInt8, options: SensorOptions = [:]) throws(SensorError) {
        self.bus = bus
        self.address = address
        link = SensorLink(bus: bus, address: address, driverName: "bh1750")
        var reader = SensorOptionReader(options, driverName: "bh1750", busName: bus.name, address: address)
        let index = try reader.choice("resolution", allowed: [1, 0.5, 4], defaultIndex: 0)
        mode = index == 0 ? .high : (index == 1 ? .high2 : .low)
        measurementTime = try reader.integer("mtreg", in: 31...254, default: BH1750Opcode.defaultMeasurementTime)
        try reader.finish()
    }

    /// Power on, reset the data register, set MTreg, power down again. MTreg is written even at its
    /// default: the reset opcode clears only the data register, so a chip that stayed powered keeps
    /// whatever MTreg an earlier configuration set.
    public func initialize() throws(SensorError) {
        initialized = false
        try link.write([BH1750Opcode.powerOn])
        try link.write([BH1750Opcode.reset])
        try link.write([BH1750Opcode.measurementTimeHigh | UInt8(measurementTime >> 5)])
        try link.write([BH1750Opcode.measurementTimeLow | UInt8(measurementTime & 0x1F)])
        try link.write([BH1750Opcode.powerDown])
        initialized = true
    }

    /// One-time mode opcode; returns the datasheet's maximum time (180 ms H, 24 ms L) scaled by MTreg/69.
    public func startMeasurement() throws(SensorError) -> Int {
        guard initialized else { throw link.error(.notInitialized) }
        let opcode: UInt8
        let maximum: Int
        switch mode {
        case .high: opcode = BH1750Opcode.oneTimeHigh; maximum = 180
        case .high2: opcode = BH1750Opcode.oneTimeHigh2; maximum = 180
        case .low: opcode = BH1750Opcode.oneTimeLow; maximum = 24
        }
        try link.write([opcode])
        return (maximum * measurementTime + 68) / 69
    }

    public func readMeasurement() throws(SensorError) -> [SensorReading] {
        guard initialized else { throw link.error(.notInitialized) }
        let bytes = try link.read(count: 2)
        let count = UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        return [SensorKey.illuminance(BH1750Conversion.lux(count: count, measurementTime: measurementTime, mode2: mode == .high2))]
    }
}

/// The datasheet's conversion: lx = count / 1.2 at MTreg 69, scaled by 69 / MTreg, halved in mode 2.
public enum BH1750Conversion {
    public static func lux(count: UInt16, measurementTime: Int = 69, mode2: Bool = false) -> Double {
        let lux = Double(count) / 1.2 * 69.0 / Double(measurementTime)
        return mode2 ? lux / 2.0 : lux
    }
}
