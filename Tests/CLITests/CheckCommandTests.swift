// `pinpost check` through the real binary: the example resolves, a broken config lists every problem with
// exit code 2, overrides apply before validation, and secrets never reach the output.
import Foundation
import XCTest

final class CheckCommandTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("pinpost-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func write(_ text: String, name: String = "pinpost.json") throws -> String {
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: url.path)
        return url.path
    }

    func testDemoConfigResolves() throws {
        let result = try PinpostProcess.run(["check", "-c", "examples/demo.json"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("board: sim (builtin:sim)"), result.stdout)
        XCTAssertTrue(result.stdout.contains("key 1 -> GPIO17 -> pinpost-sim line 17, header pin 11: output"), result.stdout)
        XCTAssertTrue(result.stdout.contains("sensor bme280 on i2c-1 (sim:i2c-1) at 0x76"), result.stdout)
        XCTAssertFalse(result.stdout.contains("demo-token"), "the access token must never be printed")
    }

    func testBrokenConfigListsEveryProblemAndExits2() throws {
        let path = try write("""
        {
          "board": "sim",
          "conection": {},
          "devices": [
            {"name": "Relays", "gpio": [{"key": 1, "pin": "GPIO99", "mode": "output"},
                                        {"key": 1, "pin": "GPIO17", "mode": "output"}]},
            {"name": "Climate", "i2c": {"driver": "bme280", "bus": "i2c-1", "address": "0x99"}}
          ]
        }
        """)
        let result = try PinpostProcess.run(["check", "-c", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertEqual(result.stdout, "")
        let lines = result.stderr.split(separator: "\n").map(String.init)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(path):conection: ") }, result.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(path):devices[0].gpio[0].pin: ") && $0.contains("GPIO99") }, result.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(path):devices[0].gpio[1].key: ") }, result.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(path):devices[1].i2c.address: ") }, result.stderr)
        XCTAssertTrue(lines.contains { $0.hasPrefix("\(path):connection: ") && $0.contains("credentials") }, result.stderr)
        XCTAssertTrue(result.stderr.hasSuffix("; nothing was started\n"), result.stderr)
    }

    func testOverridesApplyBeforeValidation() throws {
        let path = try write("""
        {"board": "sim", "connection": {"host": "tb.example.com"}, "buffer": {"mode": "memory"},
         "devices": [{"name": "Relays", "gpio": [{"key": 1, "pin": "GPIO17", "mode": "output"}]}]}
        """)
        let missingToken = try PinpostProcess.run(["check", "-c", path])
        XCTAssertEqual(missingToken.status, 2, "no credentials in the file: invalid")

        let result = try PinpostProcess.run(["check", "-c", path, "--token", "S3CR3T", "--host", "127.0.0.1", "--port", "1884"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertTrue(result.stdout.contains("connection: 127.0.0.1:1884"), result.stdout)
        XCTAssertFalse(result.stdout.contains("S3CR3T") || result.stderr.contains("S3CR3T"))
    }

    func testMissingConfigFileNamesThePath() throws {
        let result = try PinpostProcess.run(["check", "-c", "/nonexistent/pinpost.json"])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix("/nonexistent/pinpost.json: "), result.stderr)
        XCTAssertTrue(result.stderr.contains("No such file or directory"), result.stderr)
    }

    func testMalformedJSONNamesTheOffset() throws {
        let path = try write(#"{"board": "sim", "devices": [}"#)
        let result = try PinpostProcess.run(["check", "-c", path])
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.stderr.hasPrefix(path), result.stderr)
        XCTAssertTrue(result.stderr.contains("29"), "the byte offset of the error: \(result.stderr)")
    }
}
