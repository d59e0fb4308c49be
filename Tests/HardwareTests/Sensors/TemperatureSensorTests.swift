// MCP9808 and TMP102: the datasheets' conversion tables, identification, and both chips end to end.

import XCTest
@testable import Hardware

final class MCP9808DriverTests: XCTestCase {
    func testAmbientRegisterConversionFromTheBitWeights() {
        // Bits 12:0 two's complement, 2^7 ... 2^-4 degC; bits 15:13 are flags and must not matter.
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x0190), 25)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0xE190), 25)        // all three flags set
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x0001), 0.0625)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x0FFF), 255.9375)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x1FFF), -0.0625)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x1E70), -25)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x1C90), -55)
        XCTAssertEqual(MCP9808Conversion.celsius(register: 0x3C90), -55)       // T_LOWER flag
    }

    func testInitChecksIDsAndConfigures() throws {
        let chip = SimulatedMCP9808(temperature: 21.3)
        let bus = SimulatedI2CBus()
        let wire = WireRecorder(chip)
        bus.attach(wire, at: 0x18)
        let driver = try MCP9808Driver(bus: bus, address: 0x18, options: ["resolution": 0.25])
        try driver.initialize()
        XCTAssertEqual(wire.transactions, [
            [.write([0x06]), .read(2)],          // manufacturer id
            [.write([0x07]), .read(2)],          // device id / revision
            [.write([0x01, 0x00, 0x00])],        // CONFIG: continuous conversion
            [.write([0x08, 0x01])],              // resolution 0.25 degC
        ], wire.log)
        XCTAssertEqual(try driver.startMeasurement(), 65, "the first conversion at 0.25 degC")
        XCTAssertEqual(try driver.readMeasurement(), [SensorReading(key: "temperature", value: 21.25, unit: "degC")])
        XCTAssertEqual(try driver.startMeasurement(), 0, "then the double-buffered register is always ready")
        chip.temperature = -10.1
        XCTAssertEqual(value("temperature", in: try driver.readMeasurement()), -10.0, accuracy: 1e-12)
    }

    func testFinestResolutionAndFlagsFromDefaultLimits() throws {
        let chip = SimulatedMCP9808(temperature: 25.0625)
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x1F)
        let driver = try MCP9808Driver(bus: bus, address: 0x1F)
        try driver.initialize()
        // Limits are 0 at power-on, so the chip sets the T_CRIT and T_UPPER flags: they must be masked.
        XCTAssertEqual(try bus.readRegisterBigEndian16(0x1F, register: 0x05), 0xC191)
        XCTAssertEqual(value("temperature", in: try runMeasurement(driver)), 25.0625)
    }

    func testWrongManufacturerIsTheWrongChip() throws {
        let bus = SimulatedI2CBus()
        bus.attach(ConstantRegisterChip(0x1234), at: 0x18)
        let driver = try MCP9808Driver(bus: bus, address: 0x18)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .wrongChip)
        XCTAssertEqual(error?.problem, .wrongChip(register: 0x06, expected: "0x0054 (Microchip)", found: 0x1234))
    }

    func testNoChipIsSensorMissing() throws {
        let driver = try MCP9808Driver(bus: SimulatedI2CBus(name: "i2c-0"), address: 0x1A)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .sensorMissing)
        XCTAssertTrue(error?.description.hasPrefix("mcp9808 on i2c-0 at 0x1a: ") ?? false)
    }
}

/// A register chip of another maker: every register reads the same word.
final class ConstantRegisterChip: SimulatedI2CDevice {
    let word: UInt16
    init(_ word: UInt16) { self.word = word }
    func receive(_ bytes: [UInt8]) -> Bool { true }
    func transmit(count: Int) -> [UInt8]? {
        (0..<count).map { $0 % 2 == 0 ? UInt8(word >> 8) : UInt8(word & 0xFF) }
    }
}

final class TMP102DriverTests: XCTestCase {
    func testTwelveBitTableFromTheDatasheet() {
        // TMP102 datasheet table "12-bit temperature data format" (register = code << 4).
        let table: [(Double, UInt16)] = [(127.9375, 0x7FF), (100, 0x640), (80, 0x500), (75, 0x4B0), (50, 0x320),
                                         (25, 0x190), (0.25, 0x004), (0, 0x000), (-0.25, 0xFFC), (-25, 0xE70), (-55, 0xC90)]
        for (celsius, code) in table {
            XCTAssertEqual(TMP102Conversion.celsius(register: code << 4), celsius, "code 0x\(String(code, radix: 16))")
        }
    }

    func testThirteenBitTableFromTheDatasheet() {
        // Extended mode table (register = code << 3 | 1).
        let table: [(Double, UInt16)] = [(150, 0x0960), (128, 0x0800), (127.9375, 0x07FF), (25, 0x0190),
                                         (0.25, 0x0004), (0, 0x0000), (-0.25, 0x1FFC), (-25, 0x1E70), (-55, 0x1C90)]
        for (celsius, code) in table {
            XCTAssertEqual(TMP102Conversion.celsius(register: code << 3 | 1), celsius, "code 0x\(String(code, radix: 16))")
        }
    }

    func testContinuousModeEndToEnd() throws {
        let chip = SimulatedTMP102(temperature: 23.5)
        let bus = SimulatedI2CBus()
        let wire = WireRecorder(chip)
        bus.attach(wire, at: 0x49)
        let driver = try TMP102Driver(bus: bus, address: 0x49)
        try driver.initialize()
        XCTAssertEqual(wire.transactions, [
            [.write([0x01]), .read(2)],          // config: identify by the fixed bits
            [.write([0x01, 0x60, 0x80])],        // 4 Hz, normal mode, continuous
        ], wire.log)
        XCTAssertEqual(try driver.startMeasurement(), 35)
        XCTAssertEqual(try driver.readMeasurement(), [SensorReading(key: "temperature", value: 23.5, unit: "degC")])
        XCTAssertEqual(try driver.startMeasurement(), 0)
    }

    func testExtendedOneShotEndToEnd() throws {
        let chip = SimulatedTMP102(temperature: 140.3)
        chip.busyReads = 1
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x48)
        let driver = try TMP102Driver(bus: bus, address: 0x48, options: ["extendedMode": 1, "oneShot": 1, "conversionRate": 8])
        try driver.initialize()
        XCTAssertEqual(chip.config, 0x61F0, "shutdown, 8 Hz, extended, AL")
        XCTAssertEqual(try driver.startMeasurement(), 35)
        XCTAssertEqual(expectSensorError { _ = try driver.readMeasurement() }?.kind, .notReady)
        XCTAssertEqual(value("temperature", in: try driver.readMeasurement()), 140.3125)
        XCTAssertEqual(chip.conversionCount, 1)
        chip.temperature = -40
        XCTAssertEqual(value("temperature", in: try runMeasurement(driver)), -40)
        XCTAssertEqual(chip.conversionCount, 2, "one conversion per measurement in shutdown mode")
    }

    func testADS1115AtTheSameAddressIsRejected() throws {
        let bus = SimulatedI2CBus()
        bus.attach(SimulatedADS1115(), at: 0x48)
        let driver = try TMP102Driver(bus: bus, address: 0x48)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.problem, .wrongChip(register: 0x01, expected: "bits 14:13 set and 3:0 clear (TMP102)", found: 0x8583))
    }
}
