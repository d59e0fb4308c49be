// Boards: the built-in ones match boards/*.json byte for byte and carry the verified chip labels and
// lines; a config can name a built-in board or a board file; a broken board file reports every problem.
import Config
import Foundation
import XCTest

final class BoardTests: XCTestCase {
    var boardsDirectory: URL { ConfigFixtures.repositoryRoot.appendingPathComponent("boards") }

    func testBuiltinBoardsAreInSyncWithBoardFiles() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: boardsDirectory.path)
            .filter { $0.hasSuffix(".json") }.sorted()
        XCTAssertEqual(files.map { String($0.dropLast(5)) }, BuiltinBoards.names,
                       "boards/ and BuiltinBoards.swift list different boards: run python3 scripts/gen-boards.py")
        for name in BuiltinBoards.names {
            let onDisk = try String(contentsOf: boardsDirectory.appendingPathComponent("\(name).json"), encoding: .utf8)
            XCTAssertEqual(BuiltinBoards.text(named: name), onDisk,
                           "BuiltinBoards.swift differs from boards/\(name).json: run python3 scripts/gen-boards.py")
        }
        XCTAssertNil(BuiltinBoards.text(named: "rpi2"))
    }

    func testEveryBuiltinBoardLoadsWithTheVerifiedChip() throws {
        let expected: [String: (String, Int)] = [
            "rpi3b": ("pinctrl-bcm2835", 54), "rpizero2w": ("pinctrl-bcm2835", 54),
            "rpi4b": ("pinctrl-bcm2711", 58), "rpi5": ("pinctrl-rp1", 54), "sim": ("pinpost-sim", 54),
        ]
        for name in BuiltinBoards.names {
            let board = try Board.load(builtin: name)
            XCTAssertEqual(board.name, name)
            XCTAssertEqual(board.source, "builtin:\(name)")
            let chip = try XCTUnwrap(expected[name])
            XCTAssertEqual(board.gpioChips, [BoardGPIOChip(id: "header", label: chip.0, lineCount: chip.1)])
            // BCM GPIO N is line N of the header chip, on every Pi.
            XCTAssertEqual(board.pins.map(\.name), (2...27).map { "GPIO\($0)" })
            XCTAssertEqual(board.pins.map(\.line), Array(2...27))
            XCTAssertEqual(Set(board.pins.compactMap(\.header)).count, 26)
            XCTAssertEqual(board.pin(named: "GPIO17")?.header, 11)
            XCTAssertEqual(board.pin(named: "SCL1")?.name, "GPIO3")
            XCTAssertEqual(board.i2cBus(named: "i2c-1")?.sda, "GPIO2")
            XCTAssertEqual(board.i2cBus(named: "i2c-1")?.device, name == "sim" ? "sim:i2c-1" : "/dev/i2c-1")
        }
        XCTAssertEqual(try Board.load(builtin: "sim").targets.first, "x86_64-linux-musl")
        XCTAssertEqual(try Board.load(builtin: "rpi4b").targets.first, "aarch64-linux-musl")
        XCTAssertEqual(try Board.load(builtin: "sim").simulation?.i2cDevices.first,
                       BoardSimulatedI2CDevice(bus: "i2c-1", address: 0x76, model: "bme280"))
        XCTAssertFalse(try Board.load(builtin: "rpi5").isSimulated)
    }

    func testConfigNamesABoardFileByRelativeOrAbsolutePath() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let boardText = try XCTUnwrap(BuiltinBoards.text(named: "rpi4b")).replacingOccurrences(of: "\"rpi4b\"", with: "\"custom\"")
        try ConfigFixtures.write(boardText, to: directory.appendingPathComponent("custom.json"))
        let configURL = directory.appendingPathComponent("pinpost.json")
        try ConfigFixtures.write(#"{"board": "custom.json", "connection": {"host": "h", "credentials": {"accessToken": "t"}}, "devices": []}"#,
                                 to: configURL)
        let relative = try ConfigFixtures.loader().load(path: configURL.path)
        XCTAssertEqual(relative.board.name, "custom")
        XCTAssertEqual(relative.board.source, directory.appendingPathComponent("custom.json").path)

        let absolute = try ConfigFixtures.load(ConfigFixtures.config().replacingOccurrences(
            of: #""board": "sim""#, with: #""board": "\#(directory.path)/custom.json""#))
        XCTAssertEqual(absolute.board.gpioChips.first?.label, "pinctrl-bcm2711")
    }

    func testMissingBoardFileIsReported() {
        let text = ConfigFixtures.config().replacingOccurrences(of: #""board": "sim""#, with: #""board": "/nonexistent/board.json""#)
        XCTAssertEqual(ConfigFixtures.errorLines(text), [
            "/nonexistent/board.json: cannot open: No such file or directory",
            "\(ConfigFixtures.configPath):board: board \"/nonexistent/board.json\" has errors (listed above)",
        ])
    }

    func testBrokenBoardFileReportsEveryProblem() throws {
        let broken = """
            {
              "name": "broken",
              "targets": [],
              "gpiochips": [{"id": "main", "label": "chip-a", "lines": 32}, {"id": "main", "label": "chip-b", "lines": 8}],
              "pins": [
                {"name": "P1", "chip": "main", "line": 1, "header": 3},
                {"name": "P2", "chip": "main", "line": 40, "header": 5},
                {"name": "P3", "chip": "aux", "line": 2},
                {"name": "P1", "chip": "main", "line": 4},
                {"name": "P5", "chip": "main", "line": 1, "aliases": ["P1"]},
                {"name": "P6", "chip": "main", "line": 6, "header": 3, "colour": "red"}
              ],
              "i2c": [{"name": "i2c-1", "device": "/dev/i2c-1", "sda": "P1", "scl": "P9"}]
            }
            """
        XCTAssertThrowsError(try Board.parse(Array(broken.utf8), source: "broken.json")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.map(\.description), [
                "broken.json:targets: must not be empty",
                #"broken.json:gpiochips[1].id: duplicate chip id "main""#,
                "broken.json:pins[1].line: line 40 is beyond chip \"main\", which has 32 lines (0...31)",
                "broken.json:pins[2].chip: chip \"aux\" is not declared in gpiochips (declared: main)",
                #"broken.json:pins[3].name: name "P1" is already used by pins[0]"#,
                #"broken.json:pins[4].aliases[0]: name "P1" is already used by pins[0]"#,
                "broken.json:pins[4].line: line 1 of chip \"main\" is already pin P1",
                "broken.json:pins[5].colour: unknown key",
                "broken.json:pins[5].header: header position 3 is already pin P1",
                #"broken.json:i2c[0].scl: unknown pin "P9""#,
            ])
        }
    }

    func testBoardErrorsSurfaceThroughTheConfig() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let boardURL = directory.appendingPathComponent("bad.json")
        let boardText = #"{"name": "bad", "targets": ["x"], "gpiochips": [], "pins": [{"name": "P1", "chip": "c", "line": 0}],}"#
        try ConfigFixtures.write(boardText, to: boardURL)
        let offset = boardText.utf8.count - 1  // the "}" after the trailing comma
        let text = ConfigFixtures.config().replacingOccurrences(of: #""board": "sim""#, with: #""board": "\#(boardURL.path)""#)
        XCTAssertEqual(ConfigFixtures.errorLines(text), [
            "\(boardURL.path):offset \(offset): unexpected byte 0x7d (line 1, column \(offset + 1))",
            "\(ConfigFixtures.configPath):board: board \"\(boardURL.path)\" has errors (listed above)",
        ])
    }

    func testSimulationWiringIsChecked() {
        let text = """
            {"name": "s", "targets": ["x"], "gpiochips": [{"id": "c", "label": "l", "lines": 8}],
             "pins": [{"name": "A", "chip": "c", "line": 0}, {"name": "B", "chip": "c", "line": 1}],
             "i2c": [{"name": "bus", "device": "sim:bus", "sda": "A", "scl": "B"}],
             "simulation": {"loopbacks": [{"output": "A", "input": "A"}, {"output": "A", "input": "Z"}],
                            "i2cDevices": [{"bus": "nobus", "address": "0x10", "model": "m"},
                                           {"bus": "bus", "address": 16, "model": "m"}, {"bus": "bus", "address": "0x10", "model": "n"}]}}
            """
        XCTAssertThrowsError(try Board.parse(Array(text.utf8), source: "s.json")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.map(\.description), [
                "s.json:simulation.loopbacks[0].input: a pin cannot be looped back to itself (A)",
                #"s.json:simulation.loopbacks[1].input: unknown pin "Z""#,
                #"s.json:simulation.i2cDevices[0].bus: unknown bus "nobus""#,
                "s.json:simulation.i2cDevices[2].address: two simulated devices at 0x10 on bus",
            ])
        }
    }

    func testScriptedInputsAreParsedAndChecked() throws {
        let board = """
            {"name": "s", "targets": ["x"], "gpiochips": [{"id": "c", "label": "l", "lines": 8}],
             "pins": [{"name": "A", "chip": "c", "line": 0}, {"name": "B", "chip": "c", "line": 1}, {"name": "C", "chip": "c", "line": 2}],
             "i2c": [],
             "simulation": {"loopbacks": [{"output": "A", "input": "B"}], "i2cDevices": [],
                            "inputs": [%@]}}
            """
        let good = board.replacingOccurrences(of: "%@", with: #"{"pin": "C", "steps": [{"delayMs": 0, "level": true}, {"delayMs": 500, "level": false}], "repeat": true}"#)
        let parsed = try Board.parse(Array(good.utf8), source: "s.json")
        XCTAssertEqual(parsed.simulation?.inputScripts, [BoardInputScript(pin: "C", steps: [BoardScriptStep(delayMs: 0, level: true),
                                                                                             BoardScriptStep(delayMs: 500, level: false)], repeating: true)])
        let bad = board.replacingOccurrences(of: "%@", with: #"""
            {"pin": "B", "steps": [{"delayMs": 5, "level": true}]},
            {"pin": "C", "steps": [{"delayMs": 0, "level": true}], "repeat": true},
            {"pin": "Z", "steps": [{"delayMs": -1, "level": true}, {"delayMs": 1}]},
            {"pin": "C", "steps": []}
            """#)
        XCTAssertThrowsError(try Board.parse(Array(bad.utf8), source: "s.json")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.errors.map(\.description), [
                "s.json:simulation.inputs[0].pin: B is in a loopback; a scripted input needs a free pin",
                "s.json:simulation.inputs[1].steps: a repeating script needs a total delay above 0 ms",
                #"s.json:simulation.inputs[2].pin: unknown pin "Z""#,
                "s.json:simulation.inputs[2].steps[0].delayMs: must be from 0 to 86400000, got -1",
                "s.json:simulation.inputs[2].steps[1].level: missing (required)",
                #"s.json:simulation.inputs[3].steps: at least one step {"delayMs": N, "level": true|false} is required"#,
            ])
        }
    }
}
