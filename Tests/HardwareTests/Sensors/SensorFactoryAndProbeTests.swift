// The driver factory (names, aliases, errors) and the read-only bus probe on a simulated board carrying
// one of each chip.

import XCTest
@testable import Hardware

final class SensorFactoryTests: XCTestCase {
    func testEveryNameMakesItsDriver() throws {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let expected: [(String, String)] = [("bme280", "bme280"), ("bmp280", "bmp280"), ("sht3x", "sht3x"),
                                            ("sht31", "sht3x"), ("bh1750", "bh1750"), ("ads1115", "ads1115"),
                                            ("mcp9808", "mcp9808"), ("tmp102", "tmp102")]
        for (name, driverName) in expected {
            let driver = try makeSensorDriver(name: name, bus: bus, address: 0x40)
            XCTAssertEqual(driver.driverName, driverName)
            XCTAssertEqual(driver.sensorDescription, "\(driverName) on i2c-1 at 0x40")
        }
        XCTAssertEqual(bus.transferCount, 0, "making a driver sends nothing")
    }

    func testUnknownDriverAndBadAddress() {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let unknown = expectSensorError { _ = try makeSensorDriver(name: "dht22", bus: bus, address: 0x40) }
        XCTAssertEqual(unknown?.kind, .configuration)
        XCTAssertEqual(unknown?.description,
                       "dht22 on i2c-1 at 0x40: unknown driver (known: bme280, bmp280, sht3x, bh1750, ads1115, mcp9808, tmp102)")
        let address = expectSensorError { _ = try makeSensorDriver(name: "bme280", bus: bus, address: 0x78) }
        XCTAssertEqual(address?.problem, .invalidOption(name: "address", reason: "0x78 is outside the 7-bit range 0x03...0x77"))
    }

    func testMisspeltOptionIsNamed() {
        let bus = SimulatedI2CBus()
        let error = expectSensorError { _ = try makeSensorDriver(name: "ads1115", bus: bus, address: 0x48, options: ["datarate": 250]) }
        XCTAssertEqual(error?.problem, .invalidOption(name: "datarate",
                                                      reason: "unknown option for ads1115 (options: gain, fullScaleVolts, dataRate, channelMask)"))
    }

    func testDriversFromTheFactoryMeasureOnTheSimBoard() throws {
        let bus = SimBoard.make()
        let configs: [(String, UInt8, String, Double)] = [
            ("bme280", 0x76, "pressure", 1001.5), ("sht31", 0x44, "humidity", 61.0), ("bh1750", 0x23, "illuminance", 420),
            ("ads1115", 0x48, "ain1", 1.5), ("mcp9808", 0x18, "temperature", 19.5), ("tmp102", 0x49, "temperature", 24.25),
        ]
        for (name, address, key, expected) in configs {
            let driver = try makeSensorDriver(name: name, bus: bus, address: address)
            try driver.initialize()
            XCTAssertEqual(value(key, in: try runMeasurement(driver)), expected, accuracy: 0.03, name)  // BME280 at x1: 16-bit ADC
        }
    }
}

/// A simulated board with one of each chip at the addresses of boards/sim.json.
enum SimBoard {
    static func make() -> SimulatedI2CBus {
        let bus = SimulatedI2CBus(name: "i2c-1")
        bus.attach(SimulatedBME280(temperature: 21, humidity: 48, pressure: 1001.5), at: 0x76)
        bus.attach(SimulatedSHT3x(temperature: 21.2, humidity: 61), at: 0x44)
        bus.attach(SimulatedBH1750(illuminance: 420), at: 0x23)
        bus.attach(SimulatedADS1115(inputs: [0.25, 1.5, 2.5, 3.0]), at: 0x48)
        bus.attach(SimulatedMCP9808(temperature: 19.5), at: 0x18)
        bus.attach(SimulatedTMP102(temperature: 24.25), at: 0x49)
        return bus
    }
}

final class I2CProbeTests: XCTestCase {
    func testProbeFindsAndNamesTheSimChips() throws {
        let bus = SimBoard.make()
        let results = try probeI2CBus(bus)
        XCTAssertEqual(results.map(\.description), [
            "0x18: mcp9808",
            "0x23: unidentified (maybe bh1750)",
            "0x48: ads1115",
            "0x49: tmp102",
            "0x76: bme280",
        ])
        XCTAssertEqual(results.first { $0.address == 0x76 }?.candidates, ["bme280", "bmp280"])
    }

    func testProbeWritesNothingButRegisterPointersAtKnownAddresses() throws {
        let bus = SimulatedI2CBus()
        let unknown = WireRecorder(SimulatedMCP9808(temperature: 20))   // a register chip at an address no driver uses
        let bme = WireRecorder(SimulatedBME280(variant: .bmp280, temperature: 20, humidity: 0, pressure: 1000))
        bus.attach(unknown, at: 0x30)
        bus.attach(bme, at: 0x77)
        let results = try probeI2CBus(bus)
        XCTAssertEqual(results, [I2CProbeResult(address: 0x30, chip: nil, candidates: []),
                                 I2CProbeResult(address: 0x77, chip: "bmp280", candidates: ["bme280", "bmp280"])])
        XCTAssertEqual(unknown.transactions, [[.read(1)]], "an unknown chip only sees the 1-byte read")
        XCTAssertEqual(bme.transactions, [[.read(1)], [.write([0xD0]), .read(1)]], bme.log)
        XCTAssertEqual(bus.transferCount, 0x77 - 0x08 + 1 + 1, "one read per address, one id read")
    }

    func testChipThatStopsAnsweringIsNotListedAndTheSHT3xNeedsAMeasurementToAnswer() throws {
        let bus = SimBoard.make()
        (bus.device(at: 0x18) as? SimulatedMCP9808)?.isAnswering = false
        let addresses = try probeI2CBus(bus, addresses: 0x10...0x50).map(\.address)
        XCTAssertEqual(addresses, [0x23, 0x48, 0x49], "no 0x18 (NAK), no 0x44 (SHT3x NAKs bare reads)")
    }

    func testRangeOutsideSevenBitAddressesIsRejected() {
        XCTAssertThrowsError(try probeI2CBus(SimulatedI2CBus(), addresses: 0x00...0x77)) { error in
            XCTAssertEqual((error as? I2CError)?.kind, .invalidArgument)
        }
    }
}

final class SensorRecoveryTests: XCTestCase {
    func testEveryCatalogModelRunsItsDriver() throws {
        let bus = SimulatedI2CBus()
        var address: UInt8 = 0x10
        for model in SimulatedChipCatalog.models {
            let chip = try XCTUnwrap(SimulatedChipCatalog.makeChip(model: model), model)
            bus.attach(chip, at: address)
            let driver = try makeSensorDriver(name: model, bus: bus, address: address)
            try driver.initialize()
            XCTAssertFalse(try runMeasurement(driver).isEmpty, model)
            address += 1
        }
        XCTAssertNil(SimulatedChipCatalog.makeChip(model: "dht22"))
    }

    func testBME280ThatLostItsConfigurationSaysSoInsteadOfReportingGarbage() throws {
        let chip = SimulatedBME280(temperature: 20, humidity: 50, pressure: 1000)
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x76)
        let driver = try BME280Driver(.bme280, bus: bus, address: 0x76)
        try driver.initialize()
        // A power cycle behind the driver's back: ctrl_hum is 0 again, so humidity would be skipped.
        try bus.writeByteData(0x76, register: 0xE0, 0xB6)
        let error = expectSensorError { _ = try runMeasurement(driver) }
        XCTAssertEqual(error?.kind, .badData)
        XCTAssertTrue(error?.description.contains("initialize again") ?? false, error?.description ?? "")
        try driver.initialize()
        XCTAssertEqual(value("humidity", in: try runMeasurement(driver)), 50, accuracy: 0.05)
    }

    func testTMP102OneShotThatLostItsConfigurationSaysSo() throws {
        let chip = SimulatedTMP102(temperature: 20)
        let bus = SimulatedI2CBus()
        bus.attach(chip, at: 0x48)
        let driver = try TMP102Driver(bus: bus, address: 0x48, options: ["oneShot": 1])
        try driver.initialize()
        _ = try driver.startMeasurement()
        try bus.writeRegisterBigEndian16(0x48, register: 0x01, 0x60A0)   // back to power-on config
        XCTAssertEqual(expectSensorError { _ = try driver.readMeasurement() }?.kind, .badData)
    }
}
