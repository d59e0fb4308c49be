// The GPIO RPC method table: reply bytes for every method of design.md, the pin allowlist, writes to
// inputs refused, bad params, hardware faults as error replies.
import JSON
import XCTest
@testable import Agent

/// A device's pins as a plain table: key -> (direction, level), with an optional failing key.
final class TablePins: PinBank {
    var directions: [Int: PinDirection]
    var levels: [Int: Bool]
    var failing: Int? = nil
    var writes: [(Int, Bool)] = []

    init(_ pins: [(Int, PinDirection, Bool)]) {
        directions = [:]
        levels = [:]
        for (key, direction, level) in pins {
            directions[key] = direction
            levels[key] = level
        }
    }

    var pinKeys: [Int] { directions.keys.sorted() }
    func direction(of key: Int) -> PinDirection? { directions[key] }
    func level(of key: Int) throws(PinFault) -> Bool {
        if key == failing { throw PinFault("gpiochip0 line 17: read: I/O error") }
        return levels[key]!
    }
    func setLevel(of key: Int, to level: Bool) throws(PinFault) {
        if key == failing { throw PinFault("gpiochip0 line 17: write: I/O error") }
        writes.append((key, level))
        levels[key] = level
    }
}

final class GPIOMethodsTests: XCTestCase {
    private func pins() -> TablePins { TablePins([(1, .output, false), (2, .output, true), (7, .input, true)]) }

    private func call(_ method: String, _ params: String?, _ bank: TablePins) throws -> (String, [PinLevel]) {
        let value = try params.map { try JSONParser.parse($0) }
        let outcome = GPIOMethods.handle(method: method, params: value, pins: bank)
        return (outcome.reply.encodedString(), outcome.changedOutputs)
    }

    func testToggleFlipsTheOutputAndRepliesWithTheNewLevel() throws {
        let bank = pins()
        XCTAssertEqual(try call("toggle_gpio", #"{"pin":1}"#, bank).0, #"{"success":true,"pin":1,"value":true}"#)
        XCTAssertEqual(bank.levels[1], true)
        let (reply, changed) = try call("toggle_gpio", #"{"pin":1}"#, bank)
        XCTAssertEqual(reply, #"{"success":true,"pin":1,"value":false}"#)
        XCTAssertEqual(changed, [PinLevel(key: 1, level: false)])
    }

    func testSetAcceptsBooleansAndZeroOne() throws {
        let bank = pins()
        XCTAssertEqual(try call("set_gpio", #"{"pin":2,"value":false}"#, bank).0, #"{"success":true,"pin":2,"value":false}"#)
        XCTAssertEqual(try call("set_gpio", #"{"pin":2,"value":1}"#, bank).0, #"{"success":true,"pin":2,"value":true}"#)
        XCTAssertEqual(try call("set_gpio", #"{"pin":"1","value":0}"#, bank).0, #"{"success":true,"pin":1,"value":false}"#)
        XCTAssertEqual(bank.writes.map { $0.1 }, [false, true, false])
    }

    func testGetReadsInputsAndOutputs() throws {
        let bank = pins()
        XCTAssertEqual(try call("get_gpio", #"{"pin":7}"#, bank).0, #"{"pin":7,"value":true}"#)
        XCTAssertEqual(try call("get_gpio", #"{"pin":1}"#, bank).0, #"{"pin":1,"value":false}"#)
        XCTAssertTrue(bank.writes.isEmpty)
    }

    func testGpioStatusMapsEveryKey() throws {
        let bank = pins()
        XCTAssertEqual(try call("getGpioStatus", nil, bank).0, #"{"1":false,"2":true,"7":true}"#)
        let (reply, changed) = try call("setGpioStatus", #"{"pin":1,"enabled":true}"#, bank)
        XCTAssertEqual(reply, #"{"1":true,"2":true,"7":true}"#)
        XCTAssertEqual(changed, [PinLevel(key: 1, level: true)])
    }

    func testErrorsAreRepliesThatSayWhy() throws {
        let cases: [(String, String?, String)] = [
            ("toggle_gpio", #"{"pin":17}"#, "pin 17 is not configured on this device (its pins: 1, 2, 7)"),
            ("toggle_gpio", #"{"pin":7}"#, "pin 7 is an input and cannot be written"),
            ("set_gpio", #"{"pin":7,"value":true}"#, "pin 7 is an input and cannot be written"),
            ("set_gpio", #"{"pin":1}"#, "params.value is missing (true, false, 0 or 1)"),
            ("set_gpio", #"{"pin":1,"value":"on"}"#, #"params.value must be true, false, 0 or 1, got string "on""#),
            ("set_gpio", #"{"pin":1,"value":2}"#, "params.value must be true, false, 0 or 1, got number 2"),
            ("toggle_gpio", nil, #"params are missing: expected {"pin": K}"#),
            ("toggle_gpio", "[1]", #"params must be an object like {"pin": K}, got array"#),
            ("toggle_gpio", "{}", "params.pin is missing"),
            ("toggle_gpio", #"{"pin":-1}"#, "params.pin must be a pin key (a non-negative integer), got number -1"),
            ("toggle_gpio", #"{"pin":1.5}"#, "params.pin must be a pin key (a non-negative integer), got number 1.5"),
            ("reboot", nil, "unknown method 'reboot' (this device answers: toggle_gpio, set_gpio, get_gpio, setGpioStatus, getGpioStatus)"),
        ]
        for (method, params, reason) in cases {
            let bank = pins()
            let (reply, changed) = try call(method, params, bank)
            let expected = JSONValue.object(JSONObject([JSONMember("success", false), JSONMember("error", .string(reason))]))
            XCTAssertEqual(reply, expected.encodedString(), "\(method) \(params ?? "nil")")
            XCTAssertTrue(changed.isEmpty)
            XCTAssertTrue(bank.writes.isEmpty, "a refused RPC must not touch a pin")
        }
    }

    func testHardwareFaultBecomesAnErrorReply() throws {
        let bank = pins()
        bank.failing = 1
        XCTAssertEqual(try call("toggle_gpio", #"{"pin":1}"#, bank).0,
                       #"{"success":false,"error":"gpiochip0 line 17: read: I/O error"}"#)
        XCTAssertEqual(try call("getGpioStatus", nil, bank).0,
                       #"{"2":true,"7":true,"errors":["gpiochip0 line 17: read: I/O error"]}"#)
    }
}
