// Reading from disk: a missing or unreadable file names the path and strerror, a JSON error its byte
// offset, line and column, and credentials in a file other users can read earn a warning.
import Config
import Foundation
import XCTest

final class ConfigFileTests: XCTestCase {
    func testMissingFileNamesPathAndReason() {
        XCTAssertThrowsError(try ConfigFixtures.loader().load(path: "/nonexistent/pinpost.json")) { error in
            XCTAssertEqual((error as? ConfigErrors)?.description, "/nonexistent/pinpost.json: cannot open: No such file or directory")
        }
    }

    func testDirectoryIsNotAConfigFile() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        XCTAssertThrowsError(try ConfigFixtures.loader().load(path: directory.path)) { error in
            XCTAssertEqual((error as? ConfigErrors)?.description, "\(directory.path): not a regular file")
        }
    }

    func testUnreadableFileNamesTheReason() throws {
        guard getuid() != 0 else { throw XCTSkip("root reads files whatever their mode") }
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let url = directory.appendingPathComponent("pinpost.json")
        try ConfigFixtures.write(ConfigFixtures.config(), to: url, permissions: 0o000)
        XCTAssertThrowsError(try ConfigFixtures.loader().load(path: url.path)) { error in
            XCTAssertEqual((error as? ConfigErrors)?.description, "\(url.path): cannot open: Permission denied")
        }
    }

    func testSyntaxErrorGivesOffsetLineAndColumn() {
        let text = "{\n  \"board\": \"sim\",\n  \"connection\": {\"host\": \"h\",}\n}"
        let offset = Array(text.utf8).firstIndex(of: UInt8(ascii: "}"))!
        XCTAssertEqual(ConfigFixtures.errorLines(text, path: "p.json"),
                       ["p.json:offset \(offset): unexpected byte 0x7d (line 3, column 30)"])
        XCTAssertEqual(ConfigFixtures.errorLines("", path: "p.json"), ["p.json:offset 0: empty input (line 1, column 1)"])
    }

    func testCredentialsInAGroupReadableFileAreWarnedAbout() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let url = directory.appendingPathComponent("pinpost.json")
        try ConfigFixtures.write(ConfigFixtures.config(), to: url, permissions: 0o640)
        let config = try ConfigFixtures.loader().load(path: url.path)
        XCTAssertEqual(config.warnings.map(\.description), [
            "\(url.path):connection.credentials: this file holds credentials and is readable by other users (mode 0640): chmod 600 \(url.path)",
        ])
        try ConfigFixtures.write(ConfigFixtures.config(), to: url, permissions: 0o600)
        XCTAssertEqual(try ConfigFixtures.loader().load(path: url.path).warnings, [])
    }

    func testATokenGivenOnlyOnTheCommandLineIsNotInTheFile() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let url = directory.appendingPathComponent("pinpost.json")
        try ConfigFixtures.write(#"{"board": "sim", "connection": {"host": "h"}}"#, to: url, permissions: 0o644)
        let config = try ConfigFixtures.loader(ConfigOverrides(accessToken: "t")).load(path: url.path)
        XCTAssertEqual(config.warnings.map(\.field), ["devices"])  // "no devices", but nothing about credentials
    }

    func testClaimSecretsCountAsCredentials() throws {
        let directory = try ConfigFixtures.temporaryDirectory(self)
        let url = directory.appendingPathComponent("pinpost.json")
        try ConfigFixtures.write(#"""
            {"board": "sim", "connection": {"host": "h", "tls": {}, "credentials": {"x509": {"certFile": "/c", "keyFile": "/k"}}},
             "devices": [{"name": "A", "gpio": [{"key": 1, "pin": "GPIO4", "mode": "output"}]}],
             "claims": [{"device": "A", "secretKey": "s3cret"}]}
            """#, to: url, permissions: 0o604)
        let config = try ConfigFixtures.loader().load(path: url.path)
        XCTAssertEqual(config.warnings.map(\.field), ["claims[0].secretKey"])
    }
}
