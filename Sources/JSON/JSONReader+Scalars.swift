// Reading the scalar values: the literals true/false/null, numbers, and (via JSONReader+Strings) strings.

extension JSONReader {
    /// Reads a value that is not a container; `index` is at its first byte.
    mutating func readScalar() throws(JSONError) -> JSONValue {
        let byte = bytes[index]
        switch byte {
        case ASCII.quote: return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case ASCII.minus, ASCII.zero...ASCII.nine: return try readNumber()
        default: throw JSONError(.unexpectedByte(byte), at: index)
        }
    }

    /// Matches `word` byte for byte; a mismatch is reported at the first byte that differs.
    private mutating func readLiteral(_ word: StaticString) throws(JSONError) {
        let count = word.utf8CodeUnitCount
        let expected = word.utf8Start
        for position in 0..<count {
            guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
            guard bytes[index] == expected[position] else { throw JSONError(.unexpectedByte(bytes[index]), at: index) }
            index += 1
        }
    }

    /// number = [ "-" ] ( "0" / [1-9] *DIGIT ) [ "." 1*DIGIT ] [ ( "e" / "E" ) [ "+" / "-" ] 1*DIGIT ]
    private mutating func readNumber() throws(JSONError) -> JSONValue {
        let start = index
        let negative = bytes[index] == ASCII.minus
        if negative { index += 1 }

        // Integer part, accumulated as a magnitude while it fits (2^63 is allowed for Int64.min).
        guard index < bytes.count, ASCII.isDigit(bytes[index]) else { throw JSONError(.invalidNumber, at: index) }
        var magnitude: UInt64 = 0
        var fitsInt64 = true
        if bytes[index] == ASCII.zero {
            index += 1
            // "01" is not a number; reading it as 0 followed by 1 would hide the real mistake.
            if index < bytes.count && ASCII.isDigit(bytes[index]) { throw JSONError(.invalidNumber, at: index) }
        } else {
            while index < bytes.count && ASCII.isDigit(bytes[index]) {
                if fitsInt64 {
                    let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(UInt64(bytes[index] - ASCII.zero))
                    if overflow1 || overflow2 || sum > UInt64(Int64.max) + 1 { fitsInt64 = false } else { magnitude = sum }
                }
                index += 1
            }
        }

        var isIntegerLiteral = true
        if index < bytes.count && bytes[index] == ASCII.dot {
            isIntegerLiteral = false
            index += 1
            try skipDigits()
        }
        if index < bytes.count && (bytes[index] == ASCII.lowerE || bytes[index] == ASCII.upperE) {
            isIntegerLiteral = false
            index += 1
            if index < bytes.count && (bytes[index] == ASCII.plus || bytes[index] == ASCII.minus) { index += 1 }
            try skipDigits()
        }

        if isIntegerLiteral && fitsInt64 {
            if negative {
                // Two's complement negation covers 2^63 -> Int64.min; -0 stays the integer 0.
                return .int(Int64(bitPattern: 0 &- magnitude))
            }
            if magnitude <= UInt64(Int64.max) { return .int(Int64(magnitude)) }
        }
        // The text is known to match the grammar, so Double(String) (strtod underneath, also in the
        // firmware) only has to round; it reads an overflowing exponent as infinity, which JSON cannot hold.
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard let number = Double(text), number.isFinite else { throw JSONError(.invalidNumber, at: start) }
        return .double(number)
    }

    /// 1*DIGIT: at least one digit is required.
    private mutating func skipDigits() throws(JSONError) {
        guard index < bytes.count, ASCII.isDigit(bytes[index]) else { throw JSONError(.invalidNumber, at: index) }
        while index < bytes.count && ASCII.isDigit(bytes[index]) { index += 1 }
    }
}
