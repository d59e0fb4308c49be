// Hostile input: thousands of mutated downlinks (byte flips, truncations, insertions, type swaps, spliced
// fragments) on every topic must each give a Downlink or a ProtocolError, never a trap; a 100 MB payload
// and 10,000-deep nesting are refused quickly with typed errors.
import GatewayProtocol
import JSON
import XCTest

final class DownlinkFuzzTests: XCTestCase {
    private let seeds: [(String, String)] = [
        ("v1/gateway/attributes", #"{"device":"Device A","data":{"attribute1":"value1","attribute2":42}}"#),
        ("v1/gateway/attributes", #"{"device":"Device A","data":{"deleted":["attribute1"]}}"#),
        ("v1/gateway/attributes", #"{"Device A":{"attribute1":"value1"},"device":{"x":1}}"#),
        ("v1/gateway/attributes/response", #"{"id":1,"device":"Device A","value":"value1"}"#),
        ("v1/gateway/attributes/response", #"{"id":1,"device":"Device A","values":{"a":1,"b":2}}"#),
        ("v1/gateway/rpc", #"{"device":"Device A","data":{"id":1,"method":"toggle_gpio","params":{"pin":1}}}"#),
        ("v1/gateway/rpc", #"{"device":"Device A","id":1,"data":{"success":true}}"#),
        ("v1/gateway/disconnect", #"{"device":"Device A","reason":150}"#),
        ("v1/gateway/connect", #"{"device":"Device A","type":"relay"}"#),
        ("v1/gateway/telemetry", #"{"Device A":[{"ts":1483228800000,"values":{"temperature":42,"humidity":80}},{"t":1}]}"#),
        ("v1/gateway/claim", #"{"Device A":{"secretKey":"value_A","durationMs":60000}}"#),
        ("v1/gateway/attributes/request", #"{"id":1,"device":"Device A","client":true,"keys":["a","b"]}"#),
        ("v1/devices/me/attributes", #"{"key":"value","deleted":["x"]}"#),
        ("v1/devices/me/attributes/response/3", #"{"client":{"a":1},"shared":{"c":"x"}}"#),
        ("v1/devices/me/rpc/request/7", #"{"method":"gateway_device_renamed","params":{"Old":"New"}}"#),
        ("v1/devices/me/rpc/request/8", #"{"method":"gateway_device_deleted","params":"Name"}"#),
        ("v1/devices/me/rpc/request/9", #"{"method":"getSessionLimits","params":{}}"#),
        ("v1/devices/me/rpc/response/1", #"{"maxPayloadSize":65536,"maxInflightMessages":100,"rateLimits":{"messages":"200:1,6000:60"},"gatewayRateLimits":{"telemetryDataPoints":"50:1"}}"#),
        ("v1/devices/me/attributes/request/2", #"{"clientKeys":"a,b","sharedKeys":"c,d"}"#),
        ("v1/devices/me/telemetry", #"[{"ts":1,"values":{"a":1}},{"b":2}]"#),
    ]
    private let tokens: [String] = ["null", "true", "0", "-1", "1.5", "2147483648", "1e999", "\"\"", "\"x\"", "[]", "{}",
                                    "[[[[", "}}}", "\"\\u0000\"", "\"\\ud800\"", ",", ":", "\"device\"", "\"data\"", "\"id\""]

    private func mutate(_ input: [UInt8], _ random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<(1 + random.next() % 3) {
            let position = bytes.isEmpty ? 0 : Int(random.next() % UInt64(bytes.count))
            switch random.next() % 6 {
            case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << (random.next() % 8))
            case 1: bytes = Array(bytes.prefix(position))
            case 2: bytes.insert(UInt8(truncatingIfNeeded: random.next()), at: position)
            case 3:  // type swap: a JSON token over the value or punctuation here
                let token = Array(tokens[Int(random.next() % UInt64(tokens.count))].utf8)
                let end = min(bytes.count, position + Int(random.next() % 8))
                bytes.replaceSubrange(position..<end, with: token)
            case 4:  // splice in a fragment of another seed
                let other = Array(seeds[Int(random.next() % UInt64(seeds.count))].1.utf8)
                let start = Int(random.next() % UInt64(other.count))
                bytes.insert(contentsOf: other[start..<min(other.count, start + 12)], at: position)
            case 5 where !bytes.isEmpty: bytes.remove(at: position)
            default: break
            }
        }
        return bytes
    }

    func testMutatedPayloadsNeverTrap() {
        var random = SeededGenerator(seed: 42)
        var accepted = 0, rejected = 0
        let topics = seeds.map { $0.0 } + ["v1/devices/me/rpc/request/x", "v1/gateway/rpc/", "v1/devices/me/rpc/response/00"]
        for round in 0..<20_000 {
            let seed = seeds[round % seeds.count]
            let topic = random.next() % 10 == 0 ? topics[Int(random.next() % UInt64(topics.count))] : seed.0
            let payload = mutate(Array(seed.1.utf8), &random)
            do {
                let downlink = try DownlinkDecoder.decode(topic: topic, payload: payload)
                XCTAssertFalse(downlink.description.isEmpty)
                accepted += 1
            } catch {
                // Typed by the signature; it must also locate itself and read as text.
                XCTAssertEqual(error.topic, topic)
                XCTAssertFalse(error.description.isEmpty)
                rejected += 1
            }
        }
        // Both outcomes occur: the mutations are neither all fatal nor all harmless.
        XCTAssertGreaterThan(accepted, 1000)
        XCTAssertGreaterThan(rejected, 1000)
        print("fuzz: \(accepted) accepted, \(rejected) rejected")
    }

    func testEverySeedDecodes() {
        for (topic, payload) in seeds { XCTAssertNotNil(decoded(topic, payload), payload) }
    }

    func testHundredMegabytesIsRefusedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: "["), count: 100_000_000)
        let start = Date()
        let error = rejection("v1/gateway/rpc", huge)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(error?.reason, .invalidJSON(JSONError(.inputTooLarge(limit: 65_536), at: 65_536)))
        XCTAssertEqual(error?.description, "v1/gateway/rpc: invalid JSON at byte 65536: input larger than 65536 bytes")
        XCTAssertLessThan(elapsed, 0.5)
        // One byte over the MQTT maximum is refused too; the maximum itself is read.
        let justOver = Array(("\"" + String(repeating: "a", count: 65_535) + "\"").utf8)
        XCTAssertEqual(rejection("v1/devices/me/rpc/response/1", justOver)?.reason,
                       .invalidJSON(JSONError(.inputTooLarge(limit: 65_536), at: 65_536)))
        let atLimit = Array(("\"" + String(repeating: "a", count: 65_534) + "\"").utf8)
        XCTAssertNotNil(decoded("v1/devices/me/rpc/response/1", String(decoding: atLimit, as: UTF8.self)))
    }

    func testTenThousandDeepNestingIsRefused() {
        let arrays = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let start = Date()
        XCTAssertEqual(rejection("v1/devices/me/rpc/response/1", arrays)?.reason,
                       .invalidJSON(JSONError(.tooDeep(limit: 32), at: 32)))
        let prefix = #"{"device":"A","data":{"id":1,"method":"m","params":"#
        let objects = prefix + String(repeating: #"{"a":"#, count: 10_000)
        // Two levels are open when params starts; the 33rd brace is the 31st `{"a":` (5 bytes each).
        let offset = prefix.utf8.count + 30 * 5
        XCTAssertEqual(rejection("v1/gateway/rpc", objects)?.description,
                       "v1/gateway/rpc: invalid JSON at byte \(offset): nesting deeper than 32")
        XCTAssertLessThan(Date().timeIntervalSince(start), 0.5)
    }
}
