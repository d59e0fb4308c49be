// Test support for the sensor drivers: a wire recorder that sits between the simulated bus and a chip and
// logs each transaction as the chip sees it (so tests can check exact bytes of a whole sequence), and a
// measurement loop that honours `.notReady` the way the agent does.

import XCTest
@testable import Hardware

/// One operation as the chip saw it.
enum WireOperation: Equatable, CustomStringConvertible {
    case write([UInt8])
    case read(Int)

    var description: String {
        switch self {
        case .write(let bytes): return "W[" + bytes.map { String(format: "%02x", $0) }.joined(separator: " ") + "]"
        case .read(let count): return "R\(count)"
        }
    }
}

/// Wraps a simulated chip; every transaction that reaches it is logged (a STOP closes one).
final class WireRecorder: SimulatedI2CDevice {
    let chip: any SimulatedI2CDevice
    private(set) var transactions: [[WireOperation]] = []
    private var current: [WireOperation] = []

    init(_ chip: any SimulatedI2CDevice) { self.chip = chip }

    func receive(_ bytes: [UInt8]) -> Bool {
        current.append(.write(bytes))
        return chip.receive(bytes)
    }

    func transmit(count: Int) -> [UInt8]? {
        current.append(.read(count))
        return chip.transmit(count: count)
    }

    func stop() {
        chip.stop()
        transactions.append(current)
        current = []
    }

    func clear() { transactions = [] }

    /// Transactions as text, e.g. "W[d0] R1 | W[e0 b6]".
    var log: String { transactions.map { $0.map(\.description).joined(separator: " ") }.joined(separator: " | ") }
}

/// Starts a measurement and reads it, retrying `.notReady` up to `maxSteps` times (the delays are not
/// waited for: the simulated chips count status reads, not time).
func runMeasurement(_ driver: any SensorDriver, maxSteps: Int = 20) throws -> [SensorReading] {
    _ = try driver.startMeasurement()
    for _ in 0..<maxSteps {
        let result: Result<[SensorReading], SensorError> = Result { () throws(SensorError) in try driver.readMeasurement() }
        switch result {
        case .success(let readings): return readings
        case .failure(let error) where error.kind == .notReady: continue
        case .failure(let error): throw error
        }
    }
    XCTFail("measurement not ready after \(maxSteps) steps")
    return []
}

func value(_ key: String, in readings: [SensorReading], file: StaticString = #filePath, line: UInt = #line) -> Double {
    guard let reading = readings.first(where: { $0.key == key }) else {
        XCTFail("no \(key) in \(readings)", file: file, line: line)
        return .nan
    }
    return reading.value
}

/// Runs `body`, expecting a SensorError; returns it for further checks.
func expectSensorError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> SensorError? {
    do {
        try body()
        XCTFail("expected a SensorError", file: file, line: line)
        return nil
    } catch let error as SensorError {
        return error
    } catch {
        XCTFail("unexpected error \(error)", file: file, line: line)
        return nil
    }
}
