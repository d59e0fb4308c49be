// I2C addresses as configs write them: a number (118) or a hex string ("0x76", as datasheets print them).
// Only 7-bit addresses outside the reserved ranges are accepted: 0x00-0x02 and 0x78-0x7F are reserved by
// the I2C specification (general call, CBUS, 10-bit addressing), so a device there is a typo.
import JSON

enum I2CAddressField {
    static let range: ClosedRange<Int> = 0x03...0x77

    /// The address in `value`, or nil with an error at `field`.
    static func parse(_ value: JSONValue, at field: String, issues: inout IssueList) -> UInt8? {
        let number: Int
        if let text = value.stringValue {
            guard let parsed = parseHex(text) else {
                issues.error(field, "expected an address like 118 or \"0x76\", got \"\(text)\"")
                return nil
            }
            number = parsed
        } else if let integer = value.intValue, integer >= 0, integer <= 0xFFFF {
            number = Int(integer)
        } else if value.intValue != nil {
            issues.error(field, "\(value.encodedString()) is outside the 7-bit address range 0x03...0x77")
            return nil
        } else {
            issues.error(field, "expected an address like 118 or \"0x76\", got \(value.kindName)")
            return nil
        }
        guard range.contains(number) else {
            issues.error(field, "0x\(hex(number)) is outside the 7-bit address range 0x03...0x77")
            return nil
        }
        return UInt8(number)
    }

    /// `0x76` / `0X76` with 1 to 4 hex digits.
    static func parseHex(_ text: String) -> Int? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 6, bytes[0] == UInt8(ascii: "0"),
              bytes[1] == UInt8(ascii: "x") || bytes[1] == UInt8(ascii: "X") else { return nil }
        var number = 0
        for byte in bytes[2...] {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            number = number * 16 + digit
        }
        return number
    }

    /// Two lowercase hex digits at least (`76`, `03`).
    static func hex(_ number: Int) -> String {
        let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]
        var text = ""
        var rest = number
        repeat {
            text = String(digits[rest & 0xF]) + text
            rest >>= 4
        } while rest > 0
        return text.count < 2 ? "0" + text : text
    }
}
