// Reading strings: escapes, surrogate pairs, UTF-8 validation and the string length limit. The input is
// sliced straight into a String when the string has no escapes (the common case); only escaped strings
// are assembled in a buffer.

extension JSONReader {
    /// Reads a string; `index` is at its opening quote and ends past the closing one.
    mutating func readString() throws(JSONError) -> String {
        let quote = index
        index += 1
        let limit = limits.maxStringBytes
        // Escaped strings are assembled in `buffer`: the raw run since the last escape is copied in when the
        // next escape (or the end) comes, so a string without escapes is never copied twice.
        var buffer: [UInt8] = []
        var runStart = index
        var sawEscape = false
        while true {
            // Checked on every byte so that a huge string is rejected as soon as it passes the limit.
            guard buffer.count + (index - runStart) <= limit else {
                throw JSONError(.stringTooLong(limit: limit), at: quote)
            }
            guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
            let byte = bytes[index]
            if byte == ASCII.quote {
                let end = index
                index += 1
                if !sawEscape { return String(decoding: bytes[runStart..<end], as: UTF8.self) }
                buffer.append(contentsOf: bytes[runStart..<end])
                return String(decoding: buffer, as: UTF8.self)
            } else if byte == ASCII.backslash {
                if !sawEscape {
                    sawEscape = true
                    buffer.reserveCapacity(index - runStart + 16)
                }
                buffer.append(contentsOf: bytes[runStart..<index])
                try readEscape(into: &buffer)
                runStart = index
            } else if byte < 0x20 {
                throw JSONError(.controlCharacterInString, at: index)
            } else if byte < 0x80 {
                index += 1
            } else {
                index += try validUTF8SequenceLength(at: index)
            }
        }
    }

    /// Decodes one escape; `index` is at the backslash and ends past the escape.
    private mutating func readEscape(into buffer: inout [UInt8]) throws(JSONError) {
        let backslash = index
        guard index + 1 < bytes.count else { throw JSONError(.unexpectedEnd, at: bytes.count) }
        let letter = bytes[index + 1]
        index += 2
        switch letter {
        case ASCII.quote, ASCII.backslash, ASCII.slash: buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try readHex4(escapeAt: backslash)
            var scalar = UInt32(unit)
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw JSONError(.loneSurrogate, at: backslash)
            }
            if unit >= 0xD800 && unit <= 0xDBFF {
                // A high surrogate counts only with a low one escaped right after it. Input that ends
                // where the low half should start is truncated rather than wrong.
                if index == bytes.count || (index + 1 == bytes.count && bytes[index] == ASCII.backslash) {
                    throw JSONError(.unexpectedEnd, at: bytes.count)
                }
                guard index + 1 < bytes.count, bytes[index] == ASCII.backslash,
                      bytes[index + 1] == UInt8(ascii: "u")
                else { throw JSONError(.loneSurrogate, at: backslash) }
                let lowBackslash = index
                index += 2
                let low = try readHex4(escapeAt: lowBackslash)
                guard low >= 0xDC00 && low <= 0xDFFF else { throw JSONError(.loneSurrogate, at: backslash) }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            }
            appendUTF8(scalar, to: &buffer)
        default:
            throw JSONError(.invalidEscape, at: backslash)
        }
    }

    /// Reads the four hex digits of a `\u` escape whose backslash is at `escapeAt`.
    private mutating func readHex4(escapeAt backslash: Int) throws(JSONError) -> UInt16 {
        var unit: UInt16 = 0
        for _ in 0..<4 {
            guard index < bytes.count else { throw JSONError(.unexpectedEnd, at: index) }
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case ASCII.zero...ASCII.nine: digit = byte - ASCII.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw JSONError(.invalidUnicodeEscape, at: backslash)
            }
            unit = unit << 4 | UInt16(digit)
            index += 1
        }
        return unit
    }

    /// The length of the well-formed UTF-8 sequence starting at `start` (a byte >= 0x80), per Unicode's
    /// table of well-formed sequences: no overlong forms, no encoded surrogates, nothing above U+10FFFF,
    /// no truncated sequence.
    private func validUTF8SequenceLength(at start: Int) throws(JSONError) -> Int {
        let lead = bytes[start]
        let length: Int
        // The allowed range of the second byte; the later ones are always 0x80...0xBF.
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0            // below: overlong
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F           // above: UTF-16 surrogates
        case 0xF0: length = 4; low = 0x90            // below: overlong
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F           // above: beyond U+10FFFF
        default: throw JSONError(.invalidUTF8, at: start)  // continuation byte, C0/C1 overlong, F5...FF
        }
        guard start + length <= bytes.count else { throw JSONError(.invalidUTF8, at: start) }
        let second = bytes[start + 1]
        guard second >= low && second <= high else { throw JSONError(.invalidUTF8, at: start) }
        for position in (start + 2)..<(start + length) where bytes[position] & 0xC0 != 0x80 {
            throw JSONError(.invalidUTF8, at: start)
        }
        return length
    }

    private func appendUTF8(_ scalar: UInt32, to buffer: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            buffer.append(UInt8(scalar))
        case 0x80..<0x800:
            buffer.append(UInt8(0xC0 | scalar >> 6))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            buffer.append(UInt8(0xE0 | scalar >> 12))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        default:
            buffer.append(UInt8(0xF0 | scalar >> 18))
            buffer.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            buffer.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            buffer.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
