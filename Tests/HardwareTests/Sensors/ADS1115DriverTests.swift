// The ADS1115 driver and simulated chip: code-to-volts for every full-scale range (datasheet table of
// LSB sizes), the config word on the wire, channel sequencing through `.notReady`, the OS bit.

import XCTest
@testable import Hardware

final class ADS1115DriverTests: XCTestCase {
    func testCodeToVoltageForEveryFullScaleRange() {
        // Datasheet: LSB = FSR / 2^15: 187.5 uV, 125 uV, 62.5 uV, 31.25 uV, 15.625 uV, 7.8125 uV.
        let lsbMicrovolts = [187.5, 125, 62.5, 31.25, 15.625, 7.8125]
        for (range, lsb) in zip(ADS1115Register.fullScaleVolts, lsbMicrovolts) {
            XCTAssertEqual(ADS1115Conversion.volts(code: 1, fullScale: range) * 1e6, lsb, accuracy: 1e-9)
            XCTAssertEqual(ADS1115Conversion.volts(code: 0x7FFF, fullScale: range), range - lsb * 1e-6, accuracy: 1e-12)
            XCTAssertEqual(ADS1115Conversion.volts(code: Int16(bitPattern: 0x8000), fullScale: range), -range)
            XCTAssertEqual(ADS1115Conversion.volts(code: -1, fullScale: range) * 1e6, -lsb, accuracy: 1e-9)
            XCTAssertEqual(ADS1115Conversion.volts(code: 0, fullScale: range), 0)
        }
    }

    func testInitWritesConfigAndReadsItBack() throws {
        let chip = SimulatedADS1115()
        let bus = SimulatedI2CBus()
        let wire = WireRecorder(chip)
        bus.attach(wire, at: 0x48)
        let driver = try ADS1115Driver(bus: bus, address: 0x48, options: ["gain": 1, "dataRate": 860, "channelMask": 0b0100])
        try driver.initialize()
        // MUX 110 (AIN2), PGA 001 (±4.096 V), MODE 1, DR 111 (860 SPS), COMP_QUE 11.
        let config: UInt16 = 0b0_110_001_1_111_0_0_0_11
        XCTAssertEqual(wire.transactions, [
            [.write([0x01, UInt8(config >> 8), UInt8(config & 0xFF)])],
            [.write([0x01]), .read(2)],
        ], wire.log)
        XCTAssertEqual(driver.conversionMilliseconds, 2)
    }

    func testAllFourChannelsAreConvertedInSequence() throws {
        let chip = SimulatedADS1115(inputs: [0.5, 1.25, 3.3, 0.0])
        chip.busyReads = 1
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x49)
        let driver = try makeSensorDriver(name: "ads1115", bus: bus, address: 0x49, options: ["fullScaleVolts": 4.096])
        try driver.initialize()
        XCTAssertEqual(try driver.startMeasurement(), 9)   // 128 SPS: 7.8 ms + 10 %
        var notReady = 0
        var readings: [SensorReading] = []
        while readings.isEmpty && notReady < 20 {
            do {
                readings = try driver.readMeasurement()
            } catch {
                XCTAssertEqual(error.kind, .notReady, "\(error)")
                notReady += 1
            }
        }
        XCTAssertEqual(notReady, 7, "per channel: one busy OS read; between channels: one conversion delay")
        XCTAssertEqual(readings.map(\.key), ["ain0", "ain1", "ain2", "ain3"])
        XCTAssertEqual(readings.map(\.unit), ["V", "V", "V", "V"])
        for (reading, volts) in zip(readings, [0.5, 1.25, 3.3, 0.0]) {
            XCTAssertEqual(reading.value, volts, accuracy: 0.000125 / 2 + 1e-12)
        }
        XCTAssertEqual(chip.conversionCount, 4)
    }

    func testInputBeyondFullScaleClipsAtTheLargestCode() throws {
        let chip = SimulatedADS1115(inputs: [5.0])
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x48)
        let driver = try ADS1115Driver(bus: bus, address: 0x48, options: ["gain": 16, "channelMask": 1])
        try driver.initialize()
        let readings = try runMeasurement(driver)
        XCTAssertEqual(readings, [SensorReading(key: "ain0", value: 0.256 * 32767 / 32768, unit: "V")])
    }

    func testAChipThatDoesNotKeepTheConfigIsTheWrongChip() throws {
        let bus = SimulatedI2CBus()
        bus.attach(SimulatedTMP102(temperature: 20), at: 0x48)   // shares the ADS1115's addresses
        let driver = try ADS1115Driver(bus: bus, address: 0x48)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .wrongChip)
        XCTAssertTrue(error?.description.contains("register 0x01") ?? false, error?.description ?? "")
    }

    func testGainOptions() throws {
        let bus = SimulatedI2CBus()
        XCTAssertEqual(try ADS1115Driver(bus: bus, address: 0x48, options: ["gain": 0.6667]).fullScaleVolts, 6.144)
        XCTAssertEqual(try ADS1115Driver(bus: bus, address: 0x48, options: ["gain": 8]).fullScaleVolts, 0.512)
        XCTAssertEqual(try ADS1115Driver(bus: bus, address: 0x48).fullScaleVolts, 2.048)
        XCTAssertEqual(expectSensorError { _ = try ADS1115Driver(bus: bus, address: 0x48, options: ["gain": 2, "fullScaleVolts": 2.048]) }?.kind,
                       .configuration)
        XCTAssertEqual(expectSensorError { _ = try ADS1115Driver(bus: bus, address: 0x48, options: ["dataRate": 100]) }?.kind,
                       .configuration)
        XCTAssertEqual(expectSensorError { _ = try ADS1115Driver(bus: bus, address: 0x48, options: ["channelMask": 0]) }?.kind,
                       .configuration)
    }
}
