// Fuzz-style robustness: thousands of mutations (flipped, inserted, deleted, duplicated bytes) of valid
// documents, and every truncation of them. The parser must return a value or a JSONError with an offset
// inside the input, never crash or hang; and whatever it accepts must survive an encode/parse round trip.

import Foundation
import JSON
import XCTest

final class JSONFuzzTests: XCTestCase {
    private static let seeds: [String] = [
        #"{"method":"toggle_gpio","params":{"pin":17,"state":true}}"#,
        #"{"device":"Pin 17","data":{"id":42,"method":"setValue","params":-1.5e-3}}"#,
        #"[1,-0,0.5,1e10,"a\"b\\c\u00e9\uD83D\uDE00",true,false,null,[],{}]"#,
        #"{"board":"sim","pins":[{"line":17,"name":"LED","mode":"output"},{"line":27,"mode":"input","bias":"pull-up"}]}"#,
        "{\"utf8\":\"é€😀\",\"nested\":[[[[{\"deep\":[1,2,{\"x\":\"\\t\"}]}]]]]}",
        " \t\n[ \"spaced\" , { \"k\" : 123456789012 } ]\r\n",
    ]

    /// Small limits so that mutations also run into the depth and string limits.
    private static let limits = JSONLimits(maxInputBytes: 4096, maxDepth: 8, maxStringBytes: 40)

    /// Bytes that matter to the grammar, so mutations hit interesting paths more often than random bytes.
    private static let interestingBytes: [UInt8] = Array("{}[],:\"\\/-+.0123456789eEtrufalsn \t\r\nuD8\u{7F}".utf8)
        + [0x00, 0x1F, 0x80, 0xBF, 0xC0, 0xC3, 0xE0, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    private func mutate(_ input: [UInt8], using random: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = Int.random(in: 0...bytes.count, using: &random)
            let newByte = Bool.random(using: &random)
                ? Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &random)]
                : UInt8.random(in: 0...255, using: &random)
            switch Int.random(in: 0..<5, using: &random) {
            case 0 where position < bytes.count: bytes[position] = newByte
            case 1 where position < bytes.count: bytes[position] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &random)
            case 2 where position < bytes.count: bytes.remove(at: position)
            case 3:
                let end = min(bytes.count, position + Int.random(in: 1...8, using: &random))
                bytes.insert(contentsOf: Array(bytes[position..<end]), at: position)
            default: bytes.insert(newByte, at: position)
            }
        }
        return bytes
    }

    /// Parses `bytes` and checks what can be checked without knowing the right answer.
    private func check(_ bytes: [UInt8], _ context: String) -> Bool {
        do {
            let value = try JSONParser.parse(bytes, limits: Self.limits)
            // Accepted: the value must encode to text the parser reads back identically.
            let again = value.encoded()
            guard let back = try? JSONParser.parse(again, limits: JSONLimits(maxDepth: 8, maxStringBytes: 40)),
                  identical(back, value)
            else {
                XCTFail("\(context): accepted \(describe(bytes)) but its encoding \(describe(again)) does not read back")
                return false
            }
            // And strict acceptance implies acceptance by Foundation's lenient parser.
            if (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) == nil {
                XCTFail("\(context): accepted \(describe(bytes)), which JSONSerialization rejects")
                return false
            }
            return true
        } catch {
            guard error.offset >= 0 && error.offset <= max(bytes.count, Self.limits.maxInputBytes) else {
                XCTFail("\(context): \(describe(bytes)) gave an offset outside the input: \(error)")
                return false
            }
            return true
        }
    }

    func testMutatedDocumentsNeverCrash() {
        var random = SeededGenerator(seed: 0xF022)
        var accepted = 0
        let rounds = 30_000
        for round in 0..<rounds {
            let seed = Array(Self.seeds[round % Self.seeds.count].utf8)
            let mutated = mutate(seed, using: &random)
            guard check(mutated, "round \(round)") else { return }
            if (try? JSONParser.parse(mutated, limits: Self.limits)) != nil { accepted += 1 }
        }
        // Both outcomes must actually occur, or the mutations are not testing anything.
        XCTAssertGreaterThan(accepted, rounds / 50)
        XCTAssertLessThan(accepted, rounds / 2)
    }

    func testEveryTruncationIsRejectedAsIncomplete() {
        for seed in Self.seeds {
            let bytes = Array(seed.utf8)
            let end = bytes.lastIndex { $0 == UInt8(ascii: "]") || $0 == UInt8(ascii: "}") } ?? bytes.count
            for length in 0..<end {
                let prefix = Array(bytes[..<length])
                guard check(prefix, "prefix \(length)") else { return }
                guard let error = parseError(prefix) else { return }
                switch error.reason {
                case .unexpectedEnd, .empty:
                    XCTAssertEqual(error.offset, prefix.count, describe(prefix))
                case .invalidNumber:
                    // Cut where a number still needs a digit ("-", "1.", "1e+"): named where the digit is missing.
                    XCTAssertEqual(error.offset, prefix.count, describe(prefix))
                case .invalidUTF8:
                    // Cut inside a multi-byte character: reported at the character's first byte.
                    XCTAssertGreaterThanOrEqual(error.offset, prefix.count - 3, describe(prefix))
                default:
                    XCTFail("prefix \(describe(prefix)): \(error)")
                }
            }
        }
    }

    func testRandomBytesNeverCrash() {
        var random = SeededGenerator(seed: 0xB17E5)
        for round in 0..<20_000 {
            let length = Int.random(in: 0...24, using: &random)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &random)
                    ? Self.interestingBytes[Int.random(in: 0..<Self.interestingBytes.count, using: &random)]
                    : UInt8.random(in: 0...255, using: &random)
            }
            guard check(bytes, "random \(round)") else { return }
        }
    }
}
