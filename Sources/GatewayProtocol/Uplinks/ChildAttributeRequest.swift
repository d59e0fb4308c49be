// v1/gateway/attributes/request: asking the server for a child device's client or shared attribute values,
// `{"id":1,"device":"Device A","client":true,"key":"attribute1"}` or `..."keys":["a","b"]}`. The answer
// comes on v1/gateway/attributes/response with the same id, or never (a failed lookup sends nothing), so
// the caller keeps the id with a deadline.
import JSON

/// Client-side attributes (set by the device) or shared ones (set on the platform).
public enum AttributeScope: Equatable, Sendable, CustomStringConvertible {
    case client, shared

    public var description: String { self == .client ? "client" : "shared" }
}

/// Which attributes to ask for.
public enum AttributeKeys: Equatable, Sendable {
    /// One key: the answer carries `"value"`.
    case key(String)
    /// Several keys: the answer carries `"values"`; an empty list asks for every attribute.
    case keys([String])

    public static let all = AttributeKeys.keys([])
}

public struct ChildAttributeRequest: Uplink, Equatable {
    public static let kind = UplinkKind.childAttributeRequest
    public let id: Int
    public let device: DeviceName
    public let scope: AttributeScope
    public let keys: AttributeKeys

    /// Throws when `id` is outside 0...RequestID.maximum or a key is empty.
    public init(id: Int, device: DeviceName, scope: AttributeScope, keys: AttributeKeys) throws(ProtocolError) {
        try RequestID.check(id, topic: Self.topicName, path: "id")
        switch keys {
        case .key(let key):
            if key.isEmpty { throw ProtocolError(.invalidValue("attribute key is empty"), path: "key") }
        case .keys(let list):
            for (index, key) in list.enumerated() where key.isEmpty {
                throw ProtocolError(.invalidValue("attribute key is empty"), path: FieldPath.element(index, of: "keys"))
            }
        }
        self.id = id
        self.device = device
        self.scope = scope
        self.keys = keys
    }

    static let topicName = Topics.childAttributesRequest
    public var topic: String { Topics.childAttributesRequest }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        PayloadWriter.key("id", into: &out)
        PayloadWriter.integer(id, into: &out)
        PayloadWriter.comma(into: &out)
        PayloadWriter.key("device", into: &out)
        JSONWriter.writeString(device.value, into: &out)
        PayloadWriter.comma(into: &out)
        PayloadWriter.key("client", into: &out)
        out.append(contentsOf: (scope == .client ? "true" : "false").utf8)
        PayloadWriter.comma(into: &out)
        switch keys {
        case .key(let key):
            PayloadWriter.key("key", into: &out)
            JSONWriter.writeString(key, into: &out)
        case .keys(let list):
            PayloadWriter.key("keys", into: &out)
            out.append(UInt8(ascii: "["))
            for (index, key) in list.enumerated() {
                if index > 0 { PayloadWriter.comma(into: &out) }
                JSONWriter.writeString(key, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }
}
