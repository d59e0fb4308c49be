// What `pinpost check` prints, exactly, and that no credential ever appears in a summary, a description or
// an error message, whatever kind of credential the config holds.
import Config
import XCTest

final class SummaryAndSecretsTests: XCTestCase {
    func testSummaryText() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(devices: """
            [{"name": "Relays", "type": "relay", "gpio": [
               {"key": 1, "pin": "GPIO17", "mode": "output", "activeLow": true, "drive": "open-drain"},
               {"key": 2, "pin": "TXD0", "mode": "input", "bias": "pull-up", "edge": "falling", "debounceMs": 20}]},
             {"name": "Climate", "i2c": {"driver": "bme280", "bus": "i2c-1", "address": "0x76", "options": {"filter": 4}}}]
            """, extra: #""claims": [{"device": "Climate", "secretKey": "s", "durationMs": 60000}], "gateway": {"statusFile": "/run/pinpost/status.json"}"#))
        XCTAssertEqual(ConfigSummary.render(config), """
            config: /etc/pinpost/pinpost.json
            board: sim (builtin:sim), 26 pins, I2C i2c-1 (sim:i2c-1), simulated
            connection: 127.0.0.1:1883, MQTT 3.1.1, client id pinpost-testhost, TLS off, credentials: access token (redacted)
              keep-alive 60 s, max payload 16384 bytes, max in flight 100
            buffer: file /var/lib/pinpost/buffer.ring, 4194304 bytes, sync every 32 records or 1000 ms
            gateway: self-telemetry every 60000 ms, status file /run/pinpost/status.json
            log level: info
            devices (2):
              Relays (type relay): 2 GPIO pins
                key 1 -> GPIO17 -> pinpost-sim line 17, header pin 11: output, initial off, active-low, open-drain
                key 2 -> GPIO14 (as TXD0) -> pinpost-sim line 14, header pin 8: input, bias pull-up, edge falling, debounce 20 ms, report every 300000 ms
              Climate (type bme280): sensor bme280 on i2c-1 (sim:i2c-1) at 0x76, every 10000 ms, options {"filter":4}
            claims:
              claim Climate (secret key set, redacted, 60000 ms)

            """)
        XCTAssertEqual(config.description, ConfigSummary.render(config))
    }

    func testSummaryListsWarnings() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(
            connection: #"{"host": "h", "tls": {"caFile": "/ca.pem", "verifyServer": false}, "credentials": {"accessToken": "t"}}"#))
        let text = ConfigSummary.render(config)
        XCTAssertTrue(text.contains("connection: h:8883, MQTT 3.1.1, client id pinpost-testhost, TLS on WITHOUT server verification (CA /ca.pem)"), text)
        XCTAssertTrue(text.hasSuffix("""
            warnings (1):
              /etc/pinpost/pinpost.json:connection.tls.verifyServer: server certificate verification is off: anyone on the path can impersonate the server and read the credentials

            """), text)
    }

    /// Every credential kind, with distinctive secret values, plus a claim secret.
    let secrets = ["TOKEN-aaa111", "CLIENT-bbb222", "USER-ccc333", "PASSWORD-ddd444", "CLAIM-eee555"]

    func testSecretsNeverAppearInSummariesOrDescriptions() throws {
        let claims = #""claims": [{"device": "D", "secretKey": "CLAIM-eee555"}]"#
        let devices = #"[{"name": "D", "gpio": [{"key": 1, "pin": "GPIO4", "mode": "output"}]}]"#
        let withToken = try ConfigFixtures.load(ConfigFixtures.config(devices: devices,
            connection: #"{"host": "h", "credentials": {"accessToken": "TOKEN-aaa111"}}"#, extra: claims))
        let withBasic = try ConfigFixtures.load(ConfigFixtures.config(devices: devices,
            connection: #"{"host": "h", "credentials": {"basic": {"clientId": "CLIENT-bbb222", "username": "USER-ccc333", "password": "PASSWORD-ddd444"}}}"#,
            extra: claims))
        XCTAssertEqual(withBasic.connection.clientId, "CLIENT-bbb222")  // the value is there, just never printed
        for config in [withToken, withBasic] {
            let texts = [ConfigSummary.render(config), config.description, "\(config)", "\(config.connection)",
                         "\(config.connection.credentials)", String(describing: config.claims), "\(config.claims[0])"]
            for text in texts {
                for secret in secrets {
                    XCTAssertFalse(text.contains(secret), "\(secret) leaked into: \(text)")
                }
            }
            XCTAssertTrue(ConfigSummary.render(config).contains("credentials: \(config.connection.credentials.kind)"))
        }
    }

    func testSecretsNeverAppearInErrors() {
        do throws(ConfigErrors) {
            _ = try ConfigFixtures.load(ConfigFixtures.config(
                connection: #"{"host": "h", "clientId": "x", "credentials": {"accessToken": "TOKEN-aaa111 ", "basic": {"clientId": "CLIENT-bbb222", "password": "PASSWORD-ddd444"}}}"#))
            XCTFail("expected errors")
        } catch {
            XCTAssertFalse(error.errors.isEmpty)
            for secret in secrets { XCTAssertFalse(error.description.contains(secret), error.description) }
        }
        do throws(ConfigErrors) {
            _ = try ConfigFixtures.load(ConfigFixtures.config(connection: #"{"host": "h", "credentials": {"accessToken": "TOKEN-aaa111 x"}}"#))
            XCTFail("expected errors")
        } catch {
            XCTAssertEqual(error.description, "\(ConfigFixtures.configPath):connection.credentials.accessToken: must not contain spaces or control characters")
        }
    }
}
