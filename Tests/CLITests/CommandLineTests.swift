// The command line through the real binary: version, help, and every usage error with exit code 64.
import XCTest

final class CommandLineTests: XCTestCase {
    func testVersionNamesTheLinkedLibraries() throws {
        let result = try PinpostProcess.run(["--version"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("pinpost 0.1.0 (libmosquitto 2."), result.stdout)
        XCTAssertTrue(result.stdout.contains("libgpiod 1.6"), result.stdout)
        XCTAssertEqual(result.stderr, "")
    }

    func testHelpListsCommandsAndExitCodes() throws {
        for flag in ["--help", "-h", "help"] {
            let result = try PinpostProcess.run([flag])
            XCTAssertEqual(result.status, 0, flag)
            for expected in ["run   -c FILE", "check -c FILE", "--token TOKEN", "64  the command line is wrong"] {
                XCTAssertTrue(result.stdout.contains(expected), "\(flag): missing \(expected)")
            }
        }
    }

    func testNoArgumentsPrintsHelp() throws {
        let result = try PinpostProcess.run([])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.stdout.hasPrefix("usage: pinpost COMMAND"))
    }

    func testUsageErrorsExit64WithTheCause() throws {
        let cases: [([String], String)] = [
            (["frobnicate"], "pinpost: unknown command 'frobnicate' (commands: run, check, status, probe, claim; see pinpost --help)\n"),
            (["--frob"], "pinpost: unknown option '--frob' (a command comes first: pinpost run -c FILE)\n"),
            (["check", "-c"], "pinpost: check: option '-c' needs a value\n"),
            (["run", "-c", "a.json", "--port", "70000"], "pinpost: run: --port must be a number from 1 to 65535, got '70000'\n"),
            (["run", "--port=x1"], "pinpost: run: --port must be a number from 1 to 65535, got 'x1'\n"),
            (["check", "--host", "a", "--host", "b"], "pinpost: check: option '--host' given twice\n"),
            (["check", "extra"], "pinpost: check: unexpected argument 'extra' (options: -c FILE, --host, --port, --token, --ca, --log-level, -v)\n"),
            (["run", "--log-level", "loud"], "pinpost: run: --log-level must be one of error, warn, info, debug, got 'loud'\n"),
            (["--version", "now"], "pinpost: '--version' takes no arguments, got 'now'\n"),
            (["check", "--token="], "pinpost: check: option '--token' needs a non-empty value\n"),
            (["claim"], "pinpost: claim: name the device first: pinpost claim DEVICE [--secret S] [--duration-ms N] -c FILE\n"),
            (["claim", "Relays", "--duration-ms", "-5"], "pinpost: claim: --duration-ms must be a positive number of milliseconds, got '-5'\n"),
            (["claim", "Relays", "--bogus", "x"], "pinpost: claim: unknown option '--bogus' (options: -c FILE, --host, --port, --token, --ca, --log-level, -v)\n"),
        ]
        for (arguments, message) in cases {
            let result = try PinpostProcess.run(arguments)
            XCTAssertEqual(result.status, 64, "\(arguments)")
            XCTAssertEqual(result.stderr, message, "\(arguments)")
            XCTAssertEqual(result.stdout, "", "\(arguments)")
        }
    }

    func testTokenGivenOnTheCommandLineIsNeverEchoedInUsageErrors() throws {
        let result = try PinpostProcess.run(["check", "--token", "S3CR3T-token", "--bogus"])
        XCTAssertEqual(result.status, 64)
        XCTAssertFalse(result.stderr.contains("S3CR3T"), result.stderr)
    }
}
