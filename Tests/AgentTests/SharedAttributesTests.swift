// Shared-attribute updates: outputs set by key, poll interval bounds, inputs and unknown keys left alone.
import JSON
import XCTest
@testable import Agent

final class SharedAttributesTests: XCTestCase {
    private func apply(_ json: String, _ bank: TablePins?, sensor: Bool = false) throws -> SharedAttributeResult {
        let data = try XCTUnwrap(try JSONParser.parse(json).objectValue)
        return SharedAttributes.apply(data, pins: bank, acceptsPollInterval: sensor)
    }

    func testOutputKeysDriveTheirPins() throws {
        let bank = TablePins([(1, .output, false), (2, .output, true), (7, .input, false)])
        let result = try apply(#"{"1":true,"2":0,"firmware":"x"}"#, bank)
        XCTAssertEqual(result.changedOutputs, [PinLevel(key: 1, level: true), PinLevel(key: 2, level: false)])
        XCTAssertEqual(bank.levels[1], true)
        XCTAssertEqual(bank.levels[2], false)
        XCTAssertEqual(result.ignoredKeys, ["firmware"])
        XCTAssertEqual(result.problems, [])
    }

    func testInputsAndBadValuesAreProblemsAndTouchNothing() throws {
        let bank = TablePins([(1, .output, false), (7, .input, false)])
        let result = try apply(#"{"7":true,"1":"on","9":true}"#, bank)
        XCTAssertTrue(bank.writes.isEmpty)
        XCTAssertEqual(result.problems, ["pin 7 is an input; a shared attribute cannot set it",
                                         #"pin 1 must be set to true, false, 0 or 1, got "on""#])
        XCTAssertEqual(result.ignoredKeys, ["9"])
    }

    func testPollIntervalOnlyForSensorsAndWithinBounds() throws {
        XCTAssertEqual(try apply(#"{"pollIntervalMs":5000}"#, nil as TablePins?, sensor: true).pollIntervalMs, 5000)
        XCTAssertEqual(try apply(#"{"pollIntervalMs":5000.0}"#, nil as TablePins?, sensor: true).pollIntervalMs, 5000)
        let tooFast = try apply(#"{"pollIntervalMs":10}"#, nil as TablePins?, sensor: true)
        XCTAssertNil(tooFast.pollIntervalMs)
        XCTAssertEqual(tooFast.problems, ["pollIntervalMs must be an integer from 100 to 86400000, got 10"])
        let gpio = try apply(#"{"pollIntervalMs":5000}"#, TablePins([(1, .output, false)]))
        XCTAssertNil(gpio.pollIntervalMs)
        XCTAssertEqual(gpio.ignoredKeys, ["pollIntervalMs"])
    }

    func testHardwareFaultIsAProblem() throws {
        let bank = TablePins([(1, .output, false)])
        bank.failing = 1
        XCTAssertEqual(try apply(#"{"1":true}"#, bank).problems, ["gpiochip0 line 17: write: I/O error"])
    }
}
