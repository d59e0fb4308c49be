// The SHT3x driver and simulated chip: the datasheet's CRC example and conversion formulas, the init
// sequence on the wire, single-shot measurements end to end, CRC mismatch, and the NAK while converting.

import XCTest
@testable import Hardware

final class SHT3xDriverTests: XCTestCase {
    func makeBoard(_ chip: SimulatedSHT3x, address: UInt8 = 0x44) -> (SimulatedI2CBus, WireRecorder) {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let recorder = WireRecorder(chip)
        bus.attach(recorder, at: address)
        return (bus, recorder)
    }

    func testCRCMatchesDatasheetExample() {
        XCTAssertEqual(SensirionCRC.checksum([0xBE, 0xEF]), 0x92)  // datasheet table 20
        XCTAssertEqual(SensirionCRC.checksum([]), 0xFF)            // the initial value, untouched
        XCTAssertEqual(SensirionCRC.checksum([0x00, 0x00]), 0x81)
    }

    func testConversionFormulasAtTheEndsAndMiddle() {
        XCTAssertEqual(SHT3xConversion.celsius(raw: 0), -45)
        XCTAssertEqual(SHT3xConversion.celsius(raw: 0xFFFF), 130)
        XCTAssertEqual(SHT3xConversion.celsius(raw: 0x6666), -45 + 175 * 26214 / 65535.0, accuracy: 1e-12)
        XCTAssertEqual(SHT3xConversion.relativeHumidity(raw: 0), 0)
        XCTAssertEqual(SHT3xConversion.relativeHumidity(raw: 0xFFFF), 100)
        XCTAssertEqual(SHT3xConversion.relativeHumidity(raw: 0x8000), 50.00076, accuracy: 0.00001)
    }

    func testInitSequenceOnTheWire() throws {
        let chip = SimulatedSHT3x(temperature: 22, humidity: 45)
        let (bus, wire) = makeBoard(chip)
        let driver = try SHT3xDriver(bus: bus, address: 0x44)
        try driver.initialize()
        XCTAssertEqual(wire.transactions, [
            [.write([0x30, 0xA2])],       // soft reset
            [.write([0xF3, 0x2D])],       // read status
            [.read(3)],                   // status word + CRC
            [.write([0x30, 0x41])],       // clear status
        ], wire.log)
        XCTAssertEqual(driver.statusAtInitialization, 0x8010, "alert pending and reset detected after reset")
        XCTAssertEqual(chip.status & 0x8C10, 0, "flags cleared")
    }

    func testSingleShotMeasurementEndToEnd() throws {
        let chip = SimulatedSHT3x(temperature: 22.37, humidity: 45.6)
        let (bus, wire) = makeBoard(chip)
        let driver = try SHT3xDriver(bus: bus, address: 0x44)
        try driver.initialize()
        wire.clear()
        XCTAssertEqual(try driver.startMeasurement(), 16)   // high repeatability: 15.5 ms max
        let readings = try driver.readMeasurement()
        XCTAssertEqual(wire.transactions, [[.write([0x24, 0x00])], [.read(6)]], wire.log)
        XCTAssertEqual(readings.map(\.key), ["temperature", "humidity"])
        XCTAssertEqual(value("temperature", in: readings), 22.37, accuracy: 0.002)  // 175/65535 per count
        XCTAssertEqual(value("humidity", in: readings), 45.6, accuracy: 0.001)
    }

    func testRepeatabilityOptionSelectsCommandAndDuration() throws {
        let chip = SimulatedSHT3x(temperature: 22, humidity: 45)
        let (bus, _) = makeBoard(chip, address: 0x45)
        for (repeatability, command, duration) in [(0.0, UInt16(0x2416), 5), (1, 0x240B, 7), (2, 0x2400, 16)] {
            let driver = try SHT3xDriver(bus: bus, address: 0x45, options: ["repeatability": repeatability])
            try driver.initialize()
            XCTAssertEqual(try driver.startMeasurement(), duration)
            XCTAssertEqual(chip.commands.last, command)
            _ = try driver.readMeasurement()
        }
        XCTAssertEqual(expectSensorError { _ = try SHT3xDriver(bus: bus, address: 0x45, options: ["repeatability": 3]) }?.kind,
                       .configuration)
    }

    func testCRCMismatchNamesTheBytes() throws {
        let chip = SimulatedSHT3x(rawTemperature: 0x6666, rawHumidity: 0x8000)
        let (bus, _) = makeBoard(chip)
        let driver = try SHT3xDriver(bus: bus, address: 0x44)
        try driver.initialize()
        chip.corruptNextCRC = true
        _ = try driver.startMeasurement()
        let error = expectSensorError { _ = try driver.readMeasurement() }
        let good = SensirionCRC.checksum([0x66, 0x66])
        XCTAssertEqual(error?.kind, .badData)
        XCTAssertEqual(error?.problem, .crcMismatch(bytes: [0x66, 0x66], computed: good, received: good ^ 0x01))
        XCTAssertEqual(error?.description,
                       "sht3x on i2c-1 at 0x44: CRC mismatch over bytes 0x66 0x66: computed 0x\(String(format: "%02x", good)), received 0x\(String(format: "%02x", good ^ 1))")
    }

    func testReadWhileConvertingIsNAKedAndThenSucceeds() throws {
        let chip = SimulatedSHT3x(temperature: 10, humidity: 80)
        chip.busyReads = 1
        let (bus, _) = makeBoard(chip)
        let driver = try SHT3xDriver(bus: bus, address: 0x44)
        try driver.initialize()
        _ = try driver.startMeasurement()
        XCTAssertEqual(expectSensorError { _ = try driver.readMeasurement() }?.i2cErrorKind, .noAcknowledge)
        XCTAssertEqual(value("humidity", in: try driver.readMeasurement()), 80, accuracy: 0.001)
        // The data is consumed: a second read without a new measurement is NAKed, as on the chip.
        XCTAssertEqual(expectSensorError { _ = try driver.readMeasurement() }?.kind, .sensorMissing)
    }

    func testChipThatStopsAnswering() throws {
        let chip = SimulatedSHT3x(temperature: 10, humidity: 80)
        let (bus, _) = makeBoard(chip)
        let driver = try SHT3xDriver(bus: bus, address: 0x44)
        chip.isAnswering = false
        let error = expectSensorError { try driver.initialize() }
        XCTAssertEqual(error?.kind, .sensorMissing)
        XCTAssertEqual(error?.address, 0x44)
        chip.isAnswering = true
        try driver.initialize()
        XCTAssertEqual(value("temperature", in: try runMeasurement(driver)), 10, accuracy: 0.002)
    }
}
