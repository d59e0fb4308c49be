// Request ids (RPC ids, attribute request ids) on both sides of the protocol. ThingsBoard reads them with
// Gson's getAsInt(), which silently truncates anything beyond a Java int: an id above Int32.max would be
// answered under a different id. So every id, sent or received, is kept to 0...Int32.max on every
// platform (also where Swift's Int is 64 bits), and a received id outside it is rejected, not wrapped.
import JSON

public enum RequestID {
    /// The largest id the platform can carry (Java `int`).
    public static let maximum = 2_147_483_647

    /// True when `id` can be sent and will come back unchanged.
    public static func isValid(_ id: Int) -> Bool {
        id >= 0 && id <= maximum
    }

    static let expectation = "an integer 0...2147483647"

    /// Checks an id given to an uplink initialiser.
    static func check(_ id: Int, topic: String = "", path: String) throws(ProtocolError) {
        guard isValid(id) else {
            throw ProtocolError(.wrongKind(expected: expectation, found: "integer \(id)"), topic: topic, path: path)
        }
    }

    /// Reads an id from a JSON value: an integer, or an integral double (`1.0`), in range.
    static func read(_ value: JSONValue) -> Int? {
        let number: Int64
        switch value {
        case .int(let integer): number = integer
        case .double(let double):
            guard double.isFinite, double.rounded() == double, double >= 0, double <= Double(maximum) else {
                return nil
            }
            number = Int64(double)
        default: return nil
        }
        guard number >= 0, number <= Int64(maximum) else { return nil }
        return Int(number)
    }

    /// Reads the decimal id at the end of a topic: digits only, no sign, no leading zero, in range.
    static func read(topicSuffix text: Substring) -> Int? {
        let bytes = Array(text.utf8)
        guard !bytes.isEmpty, bytes.count <= 10 else { return nil }
        guard bytes.count == 1 || bytes[0] != UInt8(ascii: "0") else { return nil }
        // Int64: ten digits overflow a 32-bit Int (armv7) before the range check could catch them.
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value <= Int64(maximum) ? Int(value) : nil
    }
}
