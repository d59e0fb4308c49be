// The BME280 / BMP280 driver on the simulated chip: the datasheet's init sequence byte for byte, forced
// measurements end to end, the datasheet example through the wire, and every failure it must name.

import XCTest
@testable import Hardware

final class BME280DriverTests: XCTestCase {
    func makeBoard(_ chip: SimulatedBME280, address: UInt8 = 0x76) -> (SimulatedI2CBus, WireRecorder) {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let recorder = WireRecorder(chip)
        bus.attach(recorder, at: address)
        return (bus, recorder)
    }

    func testInitSequenceOnTheWire() throws {
        let chip = SimulatedBME280(temperature: 21.5, humidity: 40, pressure: 1000)
        chip.nvmCopyStatusReads = 2
        let (bus, wire) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76,
                                      options: ["temperatureOversampling": 2, "pressureOversampling": 16,
                                                "humidityOversampling": 1, "filter": 4])
        try driver.initialize()
        XCTAssertEqual(wire.transactions, [
            [.write([0xD0]), .read(1)],                  // chip id
            [.write([0xE0, 0xB6])],                      // soft reset
            [.write([0xF3]), .read(1)],                  // status: NVM copy running
            [.write([0xF3]), .read(1)],                  // status: still copying
            [.write([0xF3]), .read(1)],                  // status: done
            [.write([0x88]), .read(26)],                 // calib00..calib25
            [.write([0xE1]), .read(7)],                  // calib26..calib32
            [.write([0xF2, 0x01])],                      // ctrl_hum: osrs_h x1 (latched by ctrl_meas)
            [.write([0xF5, 0x08])],                      // config: filter 4 (code 2 << 2)
            [.write([0xF4, 0b010_101_00])],              // ctrl_meas: osrs_t x2, osrs_p x16, sleep
        ], wire.log)
        XCTAssertEqual(chip.resetCount, 1)
        XCTAssertEqual(driver.calibration, SimulatedBME280.typicalCalibration)
    }

    func testForcedMeasurementStartsWithCtrlMeasAndReadsOneBurst() throws {
        let chip = SimulatedBME280(temperature: 21.5, humidity: 40, pressure: 1000)
        let (bus, wire) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76)
        try driver.initialize()
        wire.clear()
        // x1/x1/x1: 1.25 + 2.3 + (2.3 + 0.575) * 2 = 9.3 ms, rounded up.
        XCTAssertEqual(try driver.startMeasurement(), 10)
        _ = try driver.readMeasurement()
        XCTAssertEqual(wire.transactions, [
            [.write([0xF4, 0b001_001_01])],              // forced mode
            [.write([0xF3]), .read(1)],                  // status: not measuring
            [.write([0xF7]), .read(8)],                  // press, temp, hum in one burst
        ], wire.log)
    }

    func testReportsPhysicalValuesEndToEnd() throws {
        let chip = SimulatedBME280(temperature: 23.45, humidity: 56.7, pressure: 1013.25)
        let (bus, _) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76,
                                      options: ["temperatureOversampling": 16, "pressureOversampling": 16, "humidityOversampling": 16])
        try driver.initialize()
        let readings = try runMeasurement(driver)
        XCTAssertEqual(readings.map(\.key), ["temperature", "pressure", "humidity"])
        XCTAssertEqual(readings.map(\.unit), ["degC", "hPa", "%RH"])
        XCTAssertEqual(value("temperature", in: readings), 23.45, accuracy: 0.01)
        XCTAssertEqual(value("pressure", in: readings), 1013.25, accuracy: 0.01)
        XCTAssertEqual(value("humidity", in: readings), 56.7, accuracy: 0.01)

        chip.setPhysical(temperature: -12.5, humidity: 95, pressure: 870)
        let cold = try runMeasurement(driver)
        XCTAssertEqual(value("temperature", in: cold), -12.5, accuracy: 0.01)
        XCTAssertEqual(value("pressure", in: cold), 870, accuracy: 0.01)
        XCTAssertEqual(value("humidity", in: cold), 95, accuracy: 0.01)
        XCTAssertEqual(chip.conversionCount, 2)
    }

    func testDatasheetExampleThroughTheWire() throws {
        // The BMP280 datasheet's ADC values, loaded into a BMP280 with the example's trimming words.
        let chip = SimulatedBME280(variant: .bmp280, rawTemperature: 519888, rawPressure: 415148)
        let (bus, _) = makeBoard(chip, address: 0x77)
        let driver = try BME280Driver(.bmp280, bus: bus, address: 0x77,
                                      options: ["temperatureOversampling": 16, "pressureOversampling": 16])
        try driver.initialize()
        let readings = try runMeasurement(driver)
        XCTAssertEqual(readings.map(\.key), ["temperature", "pressure"])
        XCTAssertEqual(value("temperature", in: readings), 25.08, accuracy: 0.005)
        XCTAssertEqual(value("pressure", in: readings), 1006.5327, accuracy: 0.00005)
    }

    func testLowOversamplingTruncatesTheADCLikeTheChip() throws {
        // At x1 the chip gives 16 of 20 bits: the reading is within one 16-bit step, not exact.
        let chip = SimulatedBME280(variant: .bmp280, rawTemperature: 0x7EED7, rawPressure: 415148)
        let (bus, _) = makeBoard(chip)
        let driver = try BME280Driver(.bmp280, bus: bus, address: 0x76)
        try driver.initialize()
        let readings = try runMeasurement(driver)
        let calibration = SimulatedBME280.typicalCalibration
        XCTAssertEqual(value("temperature", in: readings), calibration.temperature(adc: 0x7EED0).celsius, accuracy: 1e-9)
        XCTAssertNotEqual(value("temperature", in: readings), calibration.temperature(adc: 0x7EED7).celsius, accuracy: 1e-6)
    }

    func testSkippedPressureAndHumidityAreNotReported() throws {
        let chip = SimulatedBME280(temperature: 20, humidity: 50, pressure: 1000)
        let (bus, _) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76,
                                      options: ["pressureOversampling": 0, "humidityOversampling": 0])
        try driver.initialize()
        XCTAssertEqual(try driver.startMeasurement(), 4)  // 1.25 + 2.3 ms
        XCTAssertEqual(try driver.readMeasurement().map(\.key), ["temperature"])
    }

    func testMeasuringStatusBitGivesNotReadyThenTheResult() throws {
        let chip = SimulatedBME280(temperature: 30, humidity: 30, pressure: 990)
        chip.busyStatusReads = 2
        let (bus, _) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76)
        try driver.initialize()
        _ = try driver.startMeasurement()
        for _ in 0..<2 {
            let error = expectSensorError { _ = try driver.readMeasurement() }
            XCTAssertEqual(error?.kind, .notReady)
            XCTAssertEqual(error?.retryInMs, 2)
        }
        XCTAssertEqual(value("temperature", in: try driver.readMeasurement()), 30, accuracy: 0.02)
    }

    func testWrongChipIDNamesExpectedAndFound() throws {
        let chip = SimulatedBME280(temperature: 20, humidity: 50, pressure: 1000)  // a BME280 (0x60)
        let (bus, wire) = makeBoard(chip)
        let driver = try BME280Driver(.bmp280, bus: bus, address: 0x76)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .wrongChip)
        XCTAssertEqual(error?.problem, .wrongChip(register: 0xD0, expected: "0x58 (BMP280)", found: 0x60))
        XCTAssertEqual(error?.description, "bmp280 on i2c-1 at 0x76: wrong chip: register 0xd0 reads 0x0060, expected 0x58 (BMP280)")
        XCTAssertEqual(wire.transactions.count, 1, "nothing is written to a chip that is not the expected one")
        XCTAssertEqual(chip.resetCount, 0)
    }

    func testMissingSensorIsNoAcknowledgeNamingBusAndAddress() throws {
        let bus = SimulatedI2CBus(name: "i2c-3")
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x77)
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .sensorMissing)
        XCTAssertEqual(error?.i2cErrorKind, .noAcknowledge)
        XCTAssertEqual(error?.bus, "i2c-3")
        XCTAssertEqual(error?.address, 0x77)
        XCTAssertEqual(error?.driver, "bme280")
        XCTAssertTrue(error?.description.hasPrefix("bme280 on i2c-3 at 0x77: ") ?? false, error?.description ?? "")
    }

    func testSensorThatDisappearsAndReturns() throws {
        let chip = SimulatedBME280(temperature: 20, humidity: 50, pressure: 1000)
        let (bus, _) = makeBoard(chip)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76)
        try driver.initialize()
        _ = try runMeasurement(driver)

        chip.isAnswering = false
        XCTAssertEqual(expectSensorError { _ = try driver.startMeasurement() }?.kind, .sensorMissing)
        bus.injectTimeouts(1)
        chip.isAnswering = true
        XCTAssertEqual(expectSensorError { _ = try driver.startMeasurement() }?.kind, .busFailure)

        // Back: re-initialisation resets it and measurements resume.
        try driver.initialize()
        XCTAssertEqual(value("humidity", in: try runMeasurement(driver)), 50, accuracy: 0.05)
        XCTAssertEqual(chip.resetCount, 2)
    }

    func testMeasuringBeforeInitializeIsAnError() throws {
        let (bus, wire) = makeBoard(SimulatedBME280(temperature: 20, humidity: 50, pressure: 1000))
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76)
        XCTAssertEqual(expectSensorError { _ = try driver.startMeasurement() }?.kind, .notInitialized)
        XCTAssertEqual(expectSensorError { _ = try driver.readMeasurement() }?.kind, .notInitialized)
        XCTAssertTrue(wire.transactions.isEmpty)
    }

    func testOptionErrorsNameTheOption() {
        let bus = SimulatedI2CBus()
        let bad = expectSensorError { _ = try BME280Driver(.bme280, bus: bus, address: 0x76, options: ["pressureOversampling": 3]) }
        XCTAssertEqual(bad?.kind, .configuration)
        XCTAssertEqual(bad?.problem, .invalidOption(name: "pressureOversampling", reason: "3.0 is not one of 0.0, 1.0, 2.0, 4.0, 8.0, 16.0"))
        let skipT = expectSensorError { _ = try BME280Driver(.bme280, bus: bus, address: 0x76, options: ["temperatureOversampling": 0]) }
        XCTAssertEqual(skipT?.kind, .configuration)
        let unknown = expectSensorError { _ = try BME280Driver(.bmp280, bus: bus, address: 0x76, options: ["humidityOversampling": 1]) }
        if case .invalidOption(let name, let reason)? = unknown?.problem {
            XCTAssertEqual(name, "humidityOversampling")
            XCTAssertTrue(reason.hasPrefix("unknown option for bmp280"), reason)
        } else {
            XCTFail("\(String(describing: unknown))")
        }
    }
}
