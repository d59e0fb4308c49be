// How errors name places and values: member paths through a payload and the kind of a value found where
// another was expected. Kept apart from ProtocolError so the error type stays a plain record.
import JSON

/// Field paths for error messages: `data.id`, `values[3]`, and keys that are not plain identifiers quoted
/// (`"Device A"[0].ts`) so that a device name with spaces or dots stays readable.
enum FieldPath {
    static func member(_ key: String, of parent: String) -> String {
        let component = isPlain(key) ? key : quoted(key)
        return parent.isEmpty ? component : parent + "." + component
    }

    static func element(_ index: Int, of parent: String) -> String {
        parent + "[\(index)]"
    }

    static func quoted(_ key: String) -> String {
        var bytes: [UInt8] = []
        JSONWriter.writeString(key, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func isPlain(_ key: String) -> Bool {
        guard !key.isEmpty else { return false }
        for byte in key.utf8 {
            let isLetter = (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
            let isDigit = byte >= 0x30 && byte <= 0x39
            if !(isLetter || isDigit || byte == 0x5F) { return false }
        }
        return true
    }
}

/// How a found value is named in "expected X, found Y": numbers include their value, since a negative or
/// fractional id is the likely mistake and the kind alone ("number") would not show it.
enum FoundKind {
    static func of(_ value: JSONValue) -> String {
        switch value {
        case .int(let number): return "integer \(number)"
        case .double(let number): return "number \(number)"
        default: return value.kindName
        }
    }
}
