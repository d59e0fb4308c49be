// The limits that protect the agent from hostile input: size (checked before any work), nesting depth
// (iterative parser: deep input is an error, never a stack overflow), and string length.

import Foundation
import JSON
import XCTest

final class JSONLimitsTests: XCTestCase {
    /// Runs `body` and returns how long it took, in seconds.
    private func seconds(_ body: () -> Void) -> Double {
        let start = Date()
        body()
        return Date().timeIntervalSince(start)
    }

    func testHundredMegabyteInputIsRejectedBeforeAnyWork() {
        // Valid-looking content, so the only way to reject it quickly is the size check up front.
        var bytes = [UInt8](repeating: UInt8(ascii: " "), count: 100 << 20)
        bytes[0] = UInt8(ascii: "[")
        var error: JSONError?
        let elapsed = seconds { error = parseError(bytes) }
        XCTAssertEqual(error, JSONError(.inputTooLarge(limit: 1 << 20), at: 1 << 20))
        XCTAssertLessThan(elapsed, 0.05)
    }

    func testHundredMegabyteStringInputIsRejectedBeforeCopying() {
        let text = String(repeating: "a", count: 100 << 20)
        var caught: JSONError?
        let elapsed = seconds {
            do throws(JSONError) { _ = try JSONParser.parse(text) } catch { caught = error }
        }
        XCTAssertEqual(caught, JSONError(.inputTooLarge(limit: 1 << 20), at: 1 << 20))
        XCTAssertLessThan(elapsed, 0.05)
    }

    func testInputExactlyAtTheSizeLimitIsAccepted() {
        let limits = JSONLimits(maxInputBytes: 10)
        XCTAssertEqual(parseOrFail(Array("[1,2,3,45]".utf8), limits: limits), [1, 2, 3, 45])
        XCTAssertEqual(parseError(Array("[1,2,3,456]".utf8), limits: limits), JSONError(.inputTooLarge(limit: 10), at: 10))
    }

    func testTenThousandNestedArraysGiveTooDeep() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 10_000) + [UInt8](repeating: UInt8(ascii: "]"), count: 10_000)
        XCTAssertEqual(parseError(bytes), JSONError(.tooDeep(limit: 32), at: 32))
    }

    func testTenThousandNestedObjectsGiveTooDeep() {
        let opener = Array(#"{"a":"#.utf8)
        var bytes: [UInt8] = []
        for _ in 0..<10_000 { bytes += opener }
        bytes += Array("1".utf8) + [UInt8](repeating: UInt8(ascii: "}"), count: 10_000)
        XCTAssertEqual(parseError(bytes), JSONError(.tooDeep(limit: 32), at: 32 * opener.count))
    }

    func testUnclosedDeepNestingGivesTooDeepNotEndOfInput() {
        // 10,000 openers and nothing else: the depth limit comes before the missing end.
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        XCTAssertEqual(parseError(bytes), JSONError(.tooDeep(limit: 32), at: 32))
    }

    func testDepthLimitIsExact() {
        let limits = JSONLimits(maxDepth: 5)
        XCTAssertNotNil(parseOrFail(Array("[[[[{\"a\":1}]]]]".utf8), limits: limits))
        XCTAssertEqual(parseError(Array("[[[[{\"a\":[]}]]]]".utf8), limits: limits), JSONError(.tooDeep(limit: 5), at: 9))
        XCTAssertEqual(parseError(Array("[[[[[[]]]]]]".utf8), limits: limits), JSONError(.tooDeep(limit: 5), at: 5))
    }

    func testZeroDepthAllowsOnlyScalars() {
        let limits = JSONLimits(maxDepth: 0)
        XCTAssertEqual(parseOrFail(Array("\"x\"".utf8), limits: limits), "x")
        XCTAssertEqual(parseError(Array(" []".utf8), limits: limits), JSONError(.tooDeep(limit: 0), at: 1))
        XCTAssertEqual(parseError(Array("{}".utf8), limits: limits), JSONError(.tooDeep(limit: 0), at: 0))
    }

    func testTenThousandDeepNestingParsesWithoutRecursionWhenAllowed() {
        // With the limit raised, the parser itself must not be what overflows the stack: it keeps its open
        // containers on the heap. (Comparing or destroying such a value recurses, which 10,000 levels allow.)
        let depth = 10_000
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: depth) + [UInt8](repeating: UInt8(ascii: "]"), count: depth)
        guard var value = parseOrFail(bytes, limits: JSONLimits(maxDepth: depth)) else { return }
        var levels = 0
        while case .array(let elements) = value, let first = elements.first {
            levels += 1
            value = first
        }
        XCTAssertEqual(levels, depth - 1)
        XCTAssertEqual(value, .array([]))
    }

    func testLongStringIsRejectedAtItsQuote() {
        let limits = JSONLimits(maxStringBytes: 1000)
        let exact = "[\"" + String(repeating: "a", count: 1000) + "\"]"
        XCTAssertEqual(parseOrFail(Array(exact.utf8), limits: limits)?.arrayValue?.first?.stringValue?.utf8.count, 1000)
        let over = "[\"" + String(repeating: "a", count: 1001) + "\"]"
        XCTAssertEqual(parseError(Array(over.utf8), limits: limits), JSONError(.stringTooLong(limit: 1000), at: 1))
    }

    func testStringLimitCountsUnescapedBytes() {
        let limits = JSONLimits(maxStringBytes: 4)
        // Six bytes of escape text make one byte: within the limit.
        XCTAssertEqual(parseOrFail(Array(#""\u0041\u0042\u0043\u0044""#.utf8), limits: limits), "ABCD")
        XCTAssertEqual(parseError(Array(#""\u0041\u0042\u0043\u0044\n""#.utf8), limits: limits),
                       JSONError(.stringTooLong(limit: 4), at: 0))
        // A surrogate pair decodes to four UTF-8 bytes, raw UTF-8 counts its bytes.
        XCTAssertEqual(parseOrFail(Array(#""\uD83D\uDE00""#.utf8), limits: limits), "😀")
        XCTAssertEqual(parseError(Array("\"é€\"".utf8), limits: limits), JSONError(.stringTooLong(limit: 4), at: 0))
    }

    func testLongKeyIsRejectedToo() {
        let limits = JSONLimits(maxStringBytes: 8)
        XCTAssertEqual(parseError(Array(#"{"ok":1,"123456789":2}"#.utf8), limits: limits),
                       JSONError(.stringTooLong(limit: 8), at: 8))
    }

    func testHugeStringIsRejectedQuickly() {
        // A 900 KB string under the default 1 MB input limit and 64 KB string limit.
        let bytes = [UInt8(ascii: "\"")] + [UInt8](repeating: UInt8(ascii: "x"), count: 900_000) + [UInt8(ascii: "\"")]
        var error: JSONError?
        let elapsed = seconds { error = parseError(bytes) }
        XCTAssertEqual(error, JSONError(.stringTooLong(limit: 64 * 1024), at: 0))
        XCTAssertLessThan(elapsed, 0.5)
    }

    func testHostileObjectWithManyKeysIsNotQuadratic() {
        // 60,000 distinct keys in a 1 MB document: a linear duplicate scan would need ~1.8e9 comparisons.
        var text = "{"
        for index in 0..<60_000 { text += "\"\(index)\":0," }
        text.removeLast()
        text += "}"
        let bytes = Array(text.utf8)
        XCTAssertLessThan(bytes.count, 1 << 20)
        var count = 0
        let elapsed = seconds { count = parseOrFail(bytes)?.objectValue?.count ?? 0 }
        XCTAssertEqual(count, 60_000)
        XCTAssertLessThan(elapsed, 10)
    }
}
