// The BH1750 driver and simulated chip: the datasheet's example conversion, opcodes on the wire (one
// per write), MTreg and mode 2 scaling, end to end.

import XCTest
@testable import Hardware

final class BH1750DriverTests: XCTestCase {
    func testDatasheetExample() {
        // Datasheet "I2C Bus Access", read format example: 1000_0011 1001_0000 -> 28067 lx.
        XCTAssertEqual(BH1750Conversion.lux(count: 0b1000_0011_1001_0000), 28067, accuracy: 0.5)
        XCTAssertEqual(BH1750Conversion.lux(count: 0x8390), 33680 / 1.2, accuracy: 1e-9)
        XCTAssertEqual(BH1750Conversion.lux(count: 0x8390, mode2: true), 33680 / 1.2 / 2, accuracy: 1e-9)
        XCTAssertEqual(BH1750Conversion.lux(count: 0x8390, measurementTime: 138), 33680 / 1.2 / 2, accuracy: 1e-9)
    }

    func testInitAndOneTimeMeasurementOnTheWire() throws {
        let chip = SimulatedBH1750(illuminance: 350)
        let bus = SimulatedI2CBus()
        let wire = WireRecorder(chip)
        bus.attach(wire, at: 0x23)
        let driver = try BH1750Driver(bus: bus, address: 0x23)
        try driver.initialize()
        XCTAssertEqual(try driver.startMeasurement(), 180)
        let readings = try driver.readMeasurement()
        XCTAssertEqual(wire.transactions, [
            [.write([0x01])],   // power on
            [.write([0x07])],   // reset data register
            [.write([0x42])],   // MTreg[7:5] = 010 (69)
            [.write([0x65])],   // MTreg[4:0] = 00101
            [.write([0x00])],   // power down until a measurement
            [.write([0x20])],   // one-time H-resolution
            [.read(2)],
        ], wire.log)
        XCTAssertEqual(readings, [SensorReading(key: "illuminance", value: 350, unit: "lx")])
        XCTAssertFalse(chip.poweredOn, "one-time mode powers down after its conversion")
    }

    func testMeasurementTimeRegisterAndModes() throws {
        let chip = SimulatedBH1750(illuminance: 12.3)
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x5C)
        let driver = try BH1750Driver(bus: bus, address: 0x5C, options: ["resolution": 0.5, "mtreg": 254])
        try driver.initialize()
        XCTAssertEqual(chip.measurementTime, 254)
        XCTAssertEqual(chip.opcodes, [0x01, 0x07, 0x47, 0x7E, 0x00])   // 254 = 0b111_11110
        XCTAssertEqual(try driver.startMeasurement(), 663)              // 180 ms * 254 / 69
        XCTAssertEqual(chip.opcodes.last, 0x21)
        // Count = 12.3 * 1.2 * 254/69 * 2 = 108.67 -> 109; back: 109 / 1.2 * 69/254 / 2.
        XCTAssertEqual(value("illuminance", in: try driver.readMeasurement()), 109 / 1.2 * 69 / 254 / 2, accuracy: 1e-9)

        let low = try BH1750Driver(bus: bus, address: 0x5C, options: ["resolution": 4])
        try low.initialize()
        XCTAssertEqual(try low.startMeasurement(), 24)
        XCTAssertEqual(chip.measurementTime, 69, "a new configuration puts MTreg back to its default")
        XCTAssertEqual(chip.opcodes.last, 0x23)
        XCTAssertEqual(value("illuminance", in: try low.readMeasurement()), 12.3, accuracy: 0.5)
    }

    func testReadBeforeConversionEndsReturnsPreviousData() throws {
        let chip = SimulatedBH1750(illuminance: 100)
        chip.busyReads = 1
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x23)
        let driver = try BH1750Driver(bus: bus, address: 0x23)
        try driver.initialize()
        _ = try driver.startMeasurement()
        XCTAssertEqual(value("illuminance", in: try driver.readMeasurement()), 0, "reset cleared the data register")
        XCTAssertEqual(value("illuminance", in: try driver.readMeasurement()), 100, accuracy: 0.5)
    }

    func testOptionsAreChecked() {
        let bus = SimulatedI2CBus()
        let error = expectSensorError { _ = try BH1750Driver(bus: bus, address: 0x23, options: ["mtreg": 30]) }
        XCTAssertEqual(error?.problem, .invalidOption(name: "mtreg", reason: "30.0 is not a whole number in 31...254"))
        XCTAssertEqual(expectSensorError { _ = try BH1750Driver(bus: bus, address: 0x23, options: ["resolution": 2]) }?.kind,
                       .configuration)
    }
}
