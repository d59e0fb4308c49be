// One config with many different mistakes: every one is reported, each as `file:field: reason`, in one run.
import Config
import XCTest

final class BrokenConfigTests: XCTestCase {
    static let broken = """
        {
          "board": "sim",
          "connection": {
            "host": "127.0.0.1",
            "port": 70000,
            "mqttVersion": "3.1",
            "keepaliveSeconds": 30,
            "credentials": {}
          },
          "buffer": {"sizeBytes": 1000},
          "log": {"level": "verbose"},
          "devices": [
            {"name": "Relays", "gpio": [
              {"key": 1, "pin": "GPIO71", "mode": "output"},
              {"key": 2, "pin": "GPIO17", "mode": "output", "bias": "pull-up"},
              {"key": 3, "pin": "GPIO17", "mode": "input"},
              {"key": 1, "pin": "GPIO4", "mode": "input", "edge": "up"}
            ]},
            {"name": "Relays", "i2c": {"driver": "sht31", "bus": "i2c-1", "address": "0x44"}},
            {"name": "Far", "i2c": {"driver": "tmp102", "bus": "i2c-1", "address": "0x80", "pollIntervalMs": 50}},
            {"name": "Other bus", "i2c": {"driver": "bh1750", "bus": "i2c-0", "address": 35}},
            {"name": "Weather", "i2c": {"driver": "bme280", "bus": "i2c-1", "address": "0x76"}},
            {"name": "Weather 2", "i2c": {"driver": "bmp280", "bus": "i2c-1", "address": 118}}
          ],
          "claims": [{"device": "Relay"}],
          "logging": {"level": "debug"}
        }
        """

    func testEveryMistakeIsReportedAtOnce() {
        let lines = ConfigFixtures.errorLines(Self.broken, path: "pinpost.json")
        XCTAssertEqual(lines, [
            #"pinpost.json:connection.port: must be from 1 to 65535, got 70000"#,
            #"pinpost.json:connection.mqttVersion: unknown value "3.1" (one of 3.1.1, 5) (did you mean "3.1.1"?)"#,
            #"pinpost.json:connection.credentials: give one of accessToken, basic, x509"#,
            #"pinpost.json:connection.keepaliveSeconds: unknown key (did you mean "keepAliveSeconds"?)"#,
            #"pinpost.json:buffer.sizeBytes: must be from 65536 to 1073741824, got 1000"#,
            #"pinpost.json:log.level: unknown value "verbose" (one of error, warn, info, debug)"#,
            #"pinpost.json:devices[0].gpio[0].pin: unknown pin "GPIO71" on board sim (did you mean "GPIO7"?)"#,
            #"pinpost.json:devices[0].gpio[1].bias: only for inputs (this pin is an output)"#,
            #"pinpost.json:devices[0].gpio[2].pin: GPIO17 is already an output at devices[0].gpio[1].pin: a pin is either an output or an input"#,
            #"pinpost.json:devices[0].gpio[3].key: duplicate key 1 in this device (also devices[0].gpio[0])"#,
            #"pinpost.json:devices[0].gpio[3].edge: unknown value "up" (one of both, rising, falling, none)"#,
            #"pinpost.json:devices[1].name: duplicate device name "Relays" (also devices[0])"#,
            #"pinpost.json:devices[1].i2c.driver: unknown value "sht31" (one of bme280, bmp280, sht3x, bh1750, ads1115, mcp9808, tmp102) (did you mean "sht3x"?)"#,
            #"pinpost.json:devices[2].i2c.address: 0x80 is outside the 7-bit address range 0x03...0x77"#,
            #"pinpost.json:devices[2].i2c.pollIntervalMs: must be from 100 to 86400000 ms, got 50"#,
            #"pinpost.json:devices[3].i2c.bus: unknown bus "i2c-0" on board sim (buses: i2c-1) (did you mean "i2c-1"?)"#,
            #"pinpost.json:devices[5].i2c.address: 0x76 on i2c-1 is already used at devices[4].i2c.address"#,
            #"pinpost.json:claims[0].device: unknown device "Relay" (claims name configured devices) (did you mean "Relays"?)"#,
            #"pinpost.json:logging: unknown key"#,
        ])
    }
}
