// Property tests: for thousands of random value trees (seeded, so a failure replays), parsing the encoding
// gives back exactly the same value: same integers, the same double bits, the same string bytes, the same
// key order. The encoder and the parser are checked against each other, and each against RFC 8259.

import JSON
import XCTest

/// Builds random JSONValue trees from a seeded generator.
struct RandomJSON {
    var random: SeededGenerator

    /// Scalars that stress the string encoder: the named escapes, other control characters, DEL, the
    /// multi-byte lengths, a combining mark, line separators and the last scalar.
    private static let trickyScalars: [Unicode.Scalar] = [
        "\"", "\\", "/", "\u{08}", "\u{0C}", "\n", "\r", "\t", "\u{0}", "\u{1}", "\u{1F}", "\u{7F}",
        "é", "\u{301}", "€", "\u{2028}", "\u{2029}", "\u{FEFF}", "\u{FFFF}", "😀", "𝄞", "\u{10FFFF}",
    ]

    mutating func value(depth: Int) -> JSONValue {
        let kinds = depth <= 0 ? 5 : 7
        switch Int.random(in: 0..<kinds, using: &random) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &random))
        case 2: return .int(integer())
        case 3: return .double(double())
        case 4: return .string(string())
        case 5:
            return .array((0..<Int.random(in: 0...5, using: &random)).map { _ in value(depth: depth - 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &random) { object[string()] = value(depth: depth - 1) }
            return .object(object)
        }
    }

    mutating func integer() -> Int64 {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return [Int64.min, Int64.max, 0, -1, 1][Int.random(in: 0..<5, using: &random)]
        case 1: return Int64.random(in: -1000...1000, using: &random)
        default: return Int64(bitPattern: random.next())
        }
    }

    /// Any finite double: random bit patterns cover subnormals, huge and tiny exponents and -0.0.
    mutating func double() -> Double {
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            let specials: [Double] = [0, -0.0, 0.1, 100, 1e16, 1e-7, .leastNonzeroMagnitude,
                                      .greatestFiniteMagnitude, -.greatestFiniteMagnitude, .leastNormalMagnitude,
                                      9_007_199_254_740_993, 1e21, 1e22, 123_456.789]
            return specials[Int.random(in: 0..<specials.count, using: &random)]
        case 1:
            return Double(Int.random(in: -100_000...100_000, using: &random)) / 100
        default:
            while true {
                let candidate = Double(bitPattern: random.next())
                if candidate.isFinite { return candidate }
            }
        }
    }

    mutating func string() -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &random) {
            switch Int.random(in: 0..<4, using: &random) {
            case 0: scalars.append(Self.trickyScalars[Int.random(in: 0..<Self.trickyScalars.count, using: &random)])
            case 1: scalars.append(anyScalar())
            default: scalars.append(Unicode.Scalar(UInt8.random(in: 0x20...0x7E, using: &random)))
            }
        }
        return String(scalars)
    }

    /// A uniformly random Unicode scalar (any plane, surrogates excluded).
    private mutating func anyScalar() -> Unicode.Scalar {
        while true {
            if let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &random)) { return scalar }
        }
    }
}

final class JSONRoundTripTests: XCTestCase {
    func testRandomTreesRoundTripExactly() {
        var generator = RandomJSON(random: SeededGenerator(seed: 0x5EED_0001))
        let unlimited = JSONLimits(maxInputBytes: 1 << 24, maxDepth: 64, maxStringBytes: 1 << 20)
        for iteration in 0..<5_000 {
            let value = generator.value(depth: 4)
            let encoded = value.encoded()
            guard let parsed = parseOrFail(encoded, limits: unlimited) else {
                return XCTFail("iteration \(iteration)")
            }
            if !identical(parsed, value) {
                return XCTFail("iteration \(iteration): \(value.encodedString()) came back as \(parsed.encodedString())")
            }
            // Encoding is a function of the value: encoding the parsed value gives the same bytes.
            XCTAssertEqual(parsed.encoded(), encoded, "iteration \(iteration)")
        }
    }

    func testRandomDoublesRoundTripBitForBit() {
        var generator = RandomJSON(random: SeededGenerator(seed: 0xD0_0B1E))
        for _ in 0..<20_000 {
            let number = generator.double()
            let text = JSONValue.double(number).encoded()
            guard case .double(let back)? = parseOrFail(text) else {
                return XCTFail("\(number) encoded as \(describe(text)) did not come back as a double")
            }
            XCTAssertEqual(back.bitPattern, number.bitPattern, "\(number) encoded as \(describe(text))")
        }
    }

    func testRandomIntegersStayIntegers() {
        var generator = RandomJSON(random: SeededGenerator(seed: 42))
        for _ in 0..<20_000 {
            let number = generator.integer()
            XCTAssertEqual(parseOrFail(JSONValue.int(number).encoded()), .int(number))
        }
    }

    func testRandomStringsRoundTripByteForByte() {
        var generator = RandomJSON(random: SeededGenerator(seed: 7))
        for _ in 0..<20_000 {
            let text = generator.string()
            let encoded = JSONValue.string(text).encoded()
            guard case .string(let back)? = parseOrFail(encoded) else { return XCTFail("not a string") }
            XCTAssertEqual(Array(back.utf8), Array(text.utf8), describe(encoded))
        }
    }

    func testEscapedFormsDecodeToTheSameStringAsRawForms() throws {
        // Every scalar written as a \u escape (pairs for astral ones) parses to the raw scalar.
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<5_000 {
            guard let scalar = Unicode.Scalar(UInt32.random(in: 0...0x10FFFF, using: &generator)) else { continue }
            var escaped = "\""
            for unit in String(scalar).utf16 {
                let hex = String(unit, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + (Bool.random(using: &generator) ? hex : hex.uppercased())
            }
            escaped += "\""
            XCTAssertEqual(try JSONParser.parse(escaped), .string(String(scalar)), escaped)
        }
    }
}
