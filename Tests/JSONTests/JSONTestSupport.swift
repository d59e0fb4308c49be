// Shared helpers for the JSON tests: parse-or-fail assertions, a seeded random generator (so every
// property and fuzz run is reproducible), and a bit-exact comparison of values.

import JSON
import XCTest

/// Parses and fails the test (returning nil) if the parser rejects the input.
func parseOrFail(_ bytes: [UInt8], limits: JSONLimits = .default,
                 file: StaticString = #filePath, line: UInt = #line) -> JSONValue? {
    do {
        return try JSONParser.parse(bytes, limits: limits)
    } catch {
        XCTFail("rejected \(describe(bytes)): \(error)", file: file, line: line)
        return nil
    }
}

/// Parses and returns the error, failing the test if the input is accepted.
func parseError(_ bytes: [UInt8], limits: JSONLimits = .default,
                file: StaticString = #filePath, line: UInt = #line) -> JSONError? {
    do {
        let value = try JSONParser.parse(bytes, limits: limits)
        XCTFail("accepted \(describe(bytes)) as \(value.encodedString())", file: file, line: line)
        return nil
    } catch {
        return error
    }
}

/// A printable form of test input: text where it is printable, hex escapes otherwise.
func describe(_ bytes: [UInt8]) -> String {
    var text = ""
    for byte in bytes.prefix(80) {
        if byte >= 0x20 && byte < 0x7F { text.append(Character(Unicode.Scalar(byte))) } else {
            text += "\\x" + String(byte, radix: 16)
        }
    }
    return bytes.count > 80 ? text + "...(\(bytes.count) bytes)" : text
}

/// Equality that also tells -0.0 from 0.0 (JSONValue's == follows Double's, where they are equal).
func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)): return x.bitPattern == y.bitPattern
    case (.array(let xs), .array(let ys)):
        return xs.count == ys.count && zip(xs, ys).allSatisfy { identical($0, $1) }
    case (.object(let x), .object(let y)):
        return x.count == y.count && zip(x.members, y.members).allSatisfy {
            Array($0.key.utf8) == Array($1.key.utf8) && identical($0.value, $1.value)
        }
    case (.string(let x), .string(let y)): return Array(x.utf8) == Array(y.utf8)
    default: return a == b
    }
}

/// SplitMix64: small, fast and fully determined by its seed, so a failure can be replayed.
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
