// A value inside a received payload together with where it is (topic and member path), so that every
// check the decoder makes can throw an error that names the exact place: "v1/gateway/rpc: data.id:
// expected an integer 0...2147483647, found number 1.5".
import JSON

struct Field {
    let value: JSONValue
    let topic: String
    let path: String

    func error(_ reason: ProtocolError.Reason) -> ProtocolError {
        ProtocolError(reason, topic: topic, path: path)
    }

    func wrongKind(_ expected: String) -> ProtocolError {
        error(.wrongKind(expected: expected, found: FoundKind.of(value)))
    }

    func object() throws(ProtocolError) -> JSONObject {
        guard case .object(let object) = value else { throw wrongKind("an object") }
        return object
    }

    func array() throws(ProtocolError) -> [JSONValue] {
        guard case .array(let array) = value else { throw wrongKind("an array") }
        return array
    }

    func string() throws(ProtocolError) -> String {
        guard case .string(let string) = value else { throw wrongKind("a string") }
        return string
    }

    func bool() throws(ProtocolError) -> Bool {
        guard case .bool(let flag) = value else { throw wrongKind("a boolean") }
        return flag
    }

    func requestID() throws(ProtocolError) -> Int {
        guard let id = RequestID.read(value) else { throw wrongKind(RequestID.expectation) }
        return id
    }

    /// A non-negative integer no larger than `maximum` (an integral double like `5.0` is accepted). The
    /// maximum is an Int32 so that the result fits Int on 32-bit boards too; wider values use `integer64`.
    func integer(atMost maximum: Int32, expected: String) throws(ProtocolError) -> Int {
        Int(try integer64(atMost: Int64(maximum), expected: expected))
    }

    /// A non-negative integer no larger than `maximum`, as Int64 (timestamps, durations).
    func integer64(atMost maximum: Int64, expected: String) throws(ProtocolError) -> Int64 {
        guard let number = value.intValue, number >= 0, number <= maximum else { throw wrongKind(expected) }
        return number
    }

    func deviceName() throws(ProtocolError) -> DeviceName {
        let text = try string()
        do throws(ProtocolError) {
            return try DeviceName(text)
        } catch let problem {
            throw problem.located(topic: topic, path: path)
        }
    }

    /// The member `key` of this object; throws when this is not an object or the member is absent.
    func member(_ key: String) throws(ProtocolError) -> Field {
        guard let found = try optionalMember(key) else {
            throw ProtocolError(.missingField, topic: topic, path: FieldPath.member(key, of: path))
        }
        return found
    }

    func optionalMember(_ key: String) throws(ProtocolError) -> Field? {
        let object = try object()
        guard let found = object[key] else { return nil }
        return Field(value: found, topic: topic, path: FieldPath.member(key, of: path))
    }

    func element(_ value: JSONValue, at index: Int) -> Field {
        Field(value: value, topic: topic, path: FieldPath.element(index, of: path))
    }

    func child(_ key: String, _ value: JSONValue) -> Field {
        Field(value: value, topic: topic, path: FieldPath.member(key, of: path))
    }
}
