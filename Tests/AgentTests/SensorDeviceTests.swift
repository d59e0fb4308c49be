// The sensor measurement cycle on the real drivers and simulated chips: readings, a sensor that vanishes
// and returns (one warning per outage, re-initialised on return), a stuck conversion.
import Hardware
import XCTest
@testable import Agent

final class SensorDeviceTests: XCTestCase {
    private func device(_ chip: SimulatedMCP9808, bus: SimulatedI2CBus) throws -> SensorDevice {
        bus.attach(chip, at: 0x18)
        var jitter = JitterSource(seed: 1)
        let driver = try makeSensorDriver(name: "mcp9808", bus: bus, address: 0x18)
        return SensorDevice(name: "Cellar", type: "mcp9808", driver: driver,
                            schedule: PollSchedule(intervalMs: 1000, nowMs: 0, jitter: &jitter))
    }

    /// Runs one cycle to its end, following the waits without sleeping (the sim converts instantly).
    private func cycle(_ device: SensorDevice) -> SensorStep {
        var step = device.begin()
        var guardCount = 0
        while case .wait = step {
            step = device.collect()
            guardCount += 1
            if guardCount > 20 { XCTFail("cycle never ended"); break }
        }
        return step
    }

    func testReadingsOfACycle() throws {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let sensor = try device(SimulatedMCP9808(temperature: 21.5), bus: bus)
        guard case .readings(let readings) = cycle(sensor) else { return XCTFail("expected readings") }
        XCTAssertEqual(readings.map { $0.key }, ["temperature"])
        XCTAssertEqual(readings[0].value, 21.5, accuracy: 0.0625)
        XCTAssertTrue(sensor.isInitialized)
        XCTAssertFalse(sensor.isMeasuring)
    }

    func testVanishingSensorWarnsOnceAndRecovers() throws {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let chip = SimulatedMCP9808(temperature: 20)
        let sensor = try device(chip, bus: bus)
        guard case .readings = cycle(sensor) else { return XCTFail("expected readings") }

        chip.isAnswering = false
        guard case .failed(let error, let first) = cycle(sensor) else { return XCTFail("expected a failure") }
        XCTAssertTrue(first)
        XCTAssertEqual(error.kind, .sensorMissing)
        XCTAssertTrue(error.description.contains("i2c-1"), error.description)
        XCTAssertFalse(sensor.isInitialized, "a vanished sensor is initialised again when it returns")
        guard case .failed(_, let second) = cycle(sensor) else { return XCTFail("expected a failure") }
        XCTAssertFalse(second, "one warning per outage")
        XCTAssertNotNil(sensor.lastError)

        chip.isAnswering = true
        chip.temperature = 23
        guard case .readings(let readings) = cycle(sensor) else { return XCTFail("expected recovery") }
        XCTAssertEqual(readings[0].value, 23, accuracy: 0.0625)
        XCTAssertNil(sensor.lastError)
        XCTAssertFalse(sensor.isFailing)
    }
}
