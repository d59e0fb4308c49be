// Command-line overrides are applied before validation: they fill what the file lacks, replace what it
// has, and are validated like the file's own values.
import Config
import XCTest

final class OverrideTests: XCTestCase {
    let noToken = #"{"board": "sim", "connection": {"host": "10.0.0.1"}}"#

    func testTokenSatisfiesAMissingCredential() throws {
        XCTAssertEqual(ConfigFixtures.errorLines(noToken),
                       ["\(ConfigFixtures.configPath):connection.credentials: missing (required: one of accessToken, basic, x509; or --token)"])
        let config = try ConfigFixtures.load(noToken, overrides: ConfigOverrides(accessToken: "cli-token"))
        XCTAssertEqual(config.connection.credentials, .accessToken("cli-token"))
    }

    func testTokenReplacesOtherCredentials() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(
            connection: #"{"host": "h", "credentials": {"basic": {"username": "u", "password": "p"}}}"#),
            overrides: ConfigOverrides(accessToken: "cli-token"))
        XCTAssertEqual(config.connection.credentials, .accessToken("cli-token"))
    }

    func testHostPortAndLogLevel() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(), overrides: ConfigOverrides(
            host: "broker.local", port: 2883, logLevel: "debug"))
        XCTAssertEqual(config.connection.host, "broker.local")
        XCTAssertEqual(config.connection.port, 2883)
        XCTAssertEqual(config.logLevel, .debug)
        // With no connection section at all, --host and --token make one.
        let minimal = try ConfigFixtures.load(#"{"board": "sim"}"#, overrides: ConfigOverrides(host: "h", accessToken: "t"))
        XCTAssertEqual(minimal.connection.host, "h")
    }

    func testCATurnsTLSOnAndMovesTheDefaultPort() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(), overrides: ConfigOverrides(caFile: "/etc/pinpost/ca.pem"))
        XCTAssertEqual(config.connection.tls, TLSConfig(caFile: "/etc/pinpost/ca.pem", verifyServer: true))
        XCTAssertEqual(config.connection.port, 8883)
    }

    func testOverridesAreValidatedLikeTheFile() {
        let lines = ConfigFixtures.errorLines(ConfigFixtures.config(), overrides: ConfigOverrides(caFile: "/nonexistent/ca.pem", logLevel: "loud"),
                                              checkFiles: true)
        XCTAssertEqual(lines, [
            "\(ConfigFixtures.configPath):connection.tls.caFile: cannot read /nonexistent/ca.pem: No such file or directory",
            "\(ConfigFixtures.configPath):log.level: unknown value \"loud\" (one of error, warn, info, debug)",
        ])
    }

    func testOverridesDoNotHideASectionOfTheWrongType() {
        XCTAssertEqual(ConfigFixtures.errorLines(#"{"board": "sim", "connection": "h"}"#, overrides: ConfigOverrides(host: "h", accessToken: "t")),
                       ["\(ConfigFixtures.configPath):connection: expected an object, got string"])
    }
}
