// Helpers shared by the protocol tests: building valid names and entries, decoding with a clear failure,
// and a seeded generator so every randomised run can be replayed from its seed.
import GatewayProtocol
import JSON
import XCTest

func device(_ text: String, file: StaticString = #filePath, line: UInt = #line) -> DeviceName {
    do {
        return try DeviceName(text)
    } catch {
        XCTFail("device name \(text) refused: \(error)", file: file, line: line)
        fatalError("unusable test input")
    }
}

func entry(_ ts: Int64?, _ values: JSONObject, file: StaticString = #filePath, line: UInt = #line) -> TelemetryEntry {
    do {
        return try TelemetryEntry(ts: ts, values: values)
    } catch {
        XCTFail("entry refused: \(error)", file: file, line: line)
        fatalError("unusable test input")
    }
}

/// Decodes `text` on `topic`, failing the test when it is rejected.
func decoded(_ topic: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> Downlink? {
    do {
        return try DownlinkDecoder.decode(topic: topic, payload: Array(text.utf8))
    } catch {
        XCTFail("rejected \(text) on \(topic): \(error)", file: file, line: line)
        return nil
    }
}

/// The error for `text` on `topic`, failing the test when it is accepted.
func rejection(_ topic: String, _ text: String, file: StaticString = #filePath, line: UInt = #line) -> ProtocolError? {
    rejection(topic, Array(text.utf8), file: file, line: line)
}

func rejection(_ topic: String, _ bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line) -> ProtocolError? {
    do {
        let value = try DownlinkDecoder.decode(topic: topic, payload: bytes)
        XCTFail("accepted \(String(decoding: bytes.prefix(200), as: UTF8.self)) on \(topic) as \(value)", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// The error thrown by `body`, failing the test when it does not throw.
func thrown<T>(_ body: () throws -> T, file: StaticString = #filePath, line: UInt = #line) -> ProtocolError? {
    do {
        let value = try body()
        XCTFail("expected an error, got \(value)", file: file, line: line)
        return nil
    } catch let error as ProtocolError {
        return error
    } catch {
        XCTFail("expected a ProtocolError, got \(error)", file: file, line: line)
        return nil
    }
}

func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

func object(_ pairs: [(String, JSONValue)]) -> JSONObject {
    var result = JSONObject()
    for (key, value) in pairs { result[key] = value }
    return result
}

/// SplitMix64: small and fully determined by its seed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
