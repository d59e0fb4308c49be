// Valid configs resolve to the expected values: defaults filled in, pins resolved to chip label and line,
// addresses to bytes, device types defaulted, and the shipped examples validate.
import Config
import JSON
import XCTest

final class ValidConfigTests: XCTestCase {
    func testMinimalConfigGetsEveryDefault() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config())
        XCTAssertEqual(config.board.name, "sim")
        XCTAssertEqual(config.board.source, "builtin:sim")
        XCTAssertEqual(config.connection, ConnectionConfig(
            host: "127.0.0.1", port: 1883, mqttVersion: .v311, clientId: "pinpost-testhost", keepAliveSeconds: 60,
            credentials: .accessToken("T0KEN"), tls: nil, maxPayloadBytes: 16384, maxInflight: 100))
        XCTAssertEqual(config.buffer, BufferConfig(mode: .file, path: "/var/lib/pinpost/buffer.ring", sizeBytes: 4 * 1024 * 1024,
                                                   sync: BufferSyncPolicy(everyRecords: 32, everyMs: 1000)))
        XCTAssertEqual(config.gateway, GatewayConfig(telemetryIntervalMs: 60000, statusFile: nil))
        XCTAssertEqual(config.logLevel, .info)
        XCTAssertEqual(config.devices, [])
        XCTAssertEqual(config.claims, [])
        XCTAssertEqual(config.warnings, [])
    }

    func testTLSChangesTheDefaultPortAndKeepsTheDefaultCA() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(
            connection: #"{"host": "tb.example.com", "credentials": {"accessToken": "x"}, "tls": {}}"#))
        XCTAssertEqual(config.connection.port, 8883)
        XCTAssertEqual(config.connection.tls, TLSConfig(caFile: "/etc/ssl/certs/ca-certificates.crt", verifyServer: true))
    }

    func testDemoExampleResolvesPinsSensorsAndTypes() throws {
        let url = ConfigFixtures.repositoryRoot.appendingPathComponent("examples/demo.json")
        let config = try ConfigFixtures.loader(checkFiles: true).load(path: url.path)
        // A checkout is usually 0644; then (and only then) the demo token earns the permissions warning.
        XCTAssertTrue(config.warnings.allSatisfy { $0.field == "connection.credentials" && $0.reason.hasPrefix("this file holds credentials") },
                      "\(config.warnings)")
        XCTAssertEqual(config.connection.host, "127.0.0.1")
        XCTAssertEqual(config.connection.port, 1883)
        XCTAssertEqual(config.buffer.mode, .memory)
        XCTAssertEqual(config.devices.map(\.name), ["Demo Relays", "Demo Door", "Demo Climate", "Demo Humidity", "Demo Light"])
        XCTAssertEqual(config.devices.map(\.type), ["relay", "door", "climate", "sht3x", "bh1750"])
        // The door contact is the sim board's scripted input.
        XCTAssertEqual(config.devices[1].gpioPins.map(\.pin.name), ["GPIO6"])
        XCTAssertEqual(config.board.simulation?.inputScripts.map(\.pin), ["GPIO6"])

        let relays = config.devices[0].gpioPins
        XCTAssertEqual(relays.map(\.key), [1, 2, 11, 12])
        XCTAssertEqual(relays.map(\.pin.name), ["GPIO17", "GPIO22", "GPIO27", "GPIO23"])
        XCTAssertEqual(relays.map(\.pin.line), [17, 22, 27, 23])
        XCTAssertEqual(relays.map(\.pin.chipLabel), ["pinpost-sim", "pinpost-sim", "pinpost-sim", "pinpost-sim"])
        XCTAssertEqual(relays[0].mode, .output(GPIOOutputConfig(initial: false, activeLow: false, drive: .pushPull)))
        XCTAssertEqual(relays[2].mode, .input(GPIOInputConfig(activeLow: false, bias: .pullDown, edge: .both,
                                                              debounceMs: 10, reportIntervalMs: 300000)))
        // The inputs are the loopback partners of the outputs on the sim board.
        let loopbacks = config.board.simulation?.loopbacks ?? []
        XCTAssertEqual(loopbacks, [BoardLoopback(output: "GPIO17", input: "GPIO27"), BoardLoopback(output: "GPIO22", input: "GPIO23")])

        let sensors = config.devices.compactMap(\.sensor)
        XCTAssertEqual(sensors.map(\.driver), [.bme280, .sht3x, .bh1750])
        XCTAssertEqual(sensors.map(\.address), [0x76, 0x44, 0x23])
        XCTAssertEqual(sensors.map(\.bus.device), ["sim:i2c-1", "sim:i2c-1", "sim:i2c-1"])
        XCTAssertEqual(sensors.map(\.pollIntervalMs), [5000, 5000, 5000])
    }

    func testPiExampleValidatesWithTLSOptionsAndClaims() throws {
        let url = ConfigFixtures.repositoryRoot.appendingPathComponent("examples/pinpost.json")
        // The example names /etc/pinpost/ca.pem of the Pi it is written for, so files are not checked here.
        let config = try ConfigFixtures.loader(checkFiles: false).load(path: url.path)
        XCTAssertEqual(config.board.name, "rpi4b")
        XCTAssertEqual(config.connection.tls, TLSConfig(caFile: "/etc/pinpost/ca.pem", verifyServer: true))
        XCTAssertEqual(config.connection.port, 8883)
        XCTAssertEqual(config.connection.clientId, "pinpost-greenhouse-1")
        XCTAssertEqual(config.buffer.sizeBytes, 8388608)
        XCTAssertEqual(config.gateway.statusFile, "/run/pinpost/status.json")
        let relays = config.devices[0].gpioPins
        XCTAssertEqual(relays.map(\.pin.chipLabel), ["pinctrl-bcm2711", "pinctrl-bcm2711", "pinctrl-bcm2711"])
        XCTAssertEqual(relays[2].mode, .output(GPIOOutputConfig(initial: false, activeLow: true, drive: .openDrain)))
        let door = config.devices[1].gpioPins[0]
        XCTAssertEqual(door.pin.line, 5)
        XCTAssertEqual(door.pin.header, 29)
        XCTAssertEqual(door.mode, .input(GPIOInputConfig(activeLow: true, bias: .pullUp, edge: .both, debounceMs: 50,
                                                         reportIntervalMs: 300000)))
        let climate = try XCTUnwrap(config.devices[2].sensor)
        XCTAssertEqual(climate.numericOptions, ["pressureOversampling": 4, "filter": 4])
        XCTAssertEqual(config.devices[3].sensor?.address, 35)
        XCTAssertEqual(config.claims, [ClaimConfig(device: "Greenhouse Climate", secretKey: "REPLACE_WITH_CLAIM_SECRET",
                                                   durationMs: 3600000)])
    }

    func testAliasesResolveToTheCanonicalPin() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(devices: """
            [{"name": "Door", "gpio": [{"key": 0, "pin": "TXD0", "mode": "input", "edge": "falling"}]}]
            """))
        let pin = config.devices[0].gpioPins[0]
        XCTAssertEqual(pin.pin.name, "GPIO14")
        XCTAssertEqual(pin.writtenName, "TXD0")
        XCTAssertEqual(pin.pin.line, 14)
        XCTAssertEqual(config.devices[0].type, "gpio")
    }

    func testAddressesAsNumbersOrHexStringsAndOptionsPassThrough() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(devices: """
            [{"name": "A", "i2c": {"driver": "ads1115", "bus": "i2c-1", "address": 72, "options": {"gain": 1, "dataRate": 250}}},
             {"name": "B", "i2c": {"driver": "mcp9808", "bus": "i2c-1", "address": "0X18", "pollIntervalMs": 100}},
             {"name": "C", "i2c": {"driver": "tmp102", "bus": "i2c-1", "address": "0x49"}}]
            """))
        XCTAssertEqual(config.devices.compactMap(\.sensor).map(\.address), [0x48, 0x18, 0x49])
        XCTAssertEqual(config.devices[0].sensor?.options, ["gain": 1, "dataRate": 250])
        XCTAssertEqual(config.devices[1].sensor?.pollIntervalMs, 100)
        XCTAssertEqual(config.devices[2].sensor?.pollIntervalMs, 10000)
        XCTAssertEqual(config.devices[2].sensor?.addressHex, "0x49")
    }

    func testBasicCredentialsClientIdBecomesTheMQTTClientId() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(connection: """
            {"host": "h", "mqttVersion": "5", "credentials": {"basic": {"clientId": "gw-1", "username": "u", "password": "p"}}}
            """))
        XCTAssertEqual(config.connection.clientId, "gw-1")
        XCTAssertEqual(config.connection.mqttVersion, .v5)
        XCTAssertEqual(config.connection.credentials, .basic(BasicCredentials(clientId: "gw-1", username: "u", password: "p")))
    }

    func testNullMeansDefault() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.config(extra: #""log": {"level": null}, "buffer": null"#))
        XCTAssertEqual(config.logLevel, .info)
        XCTAssertEqual(config.buffer, BufferConfig())
    }
}
