// v1/devices/me/attributes/request/N: the gateway asks for its own attributes,
// `{"clientKeys":"a,b","sharedKeys":"c,d"}`; the answer comes on .../attributes/response/N. The keys travel
// as one comma-separated string, so a key containing a comma (or an empty key) cannot be asked for and is
// refused here rather than split into two wrong keys by the server.
import JSON

public struct OwnAttributeRequest: Uplink, Equatable {
    public static let kind = UplinkKind.ownAttributeRequest
    public let id: Int
    /// nil: the member is not sent.
    public let clientKeys: [String]?
    public let sharedKeys: [String]?

    /// Throws for an id outside 0...RequestID.maximum, when neither list is given, for an empty list (use
    /// nil), and for an empty key or one containing a comma.
    public init(id: Int, clientKeys: [String]? = nil, sharedKeys: [String]? = nil) throws(ProtocolError) {
        let topic = Topics.ownAttributesRequestPrefix + "N"
        try RequestID.check(id, topic: topic, path: "id")
        if clientKeys == nil && sharedKeys == nil {
            throw ProtocolError(.invalidValue("asks for no keys (give clientKeys, sharedKeys or both)"), topic: topic)
        }
        try OwnAttributeRequest.check(clientKeys, name: "clientKeys", topic: topic)
        try OwnAttributeRequest.check(sharedKeys, name: "sharedKeys", topic: topic)
        self.id = id
        self.clientKeys = clientKeys
        self.sharedKeys = sharedKeys
    }

    private static func check(_ keys: [String]?, name: String, topic: String) throws(ProtocolError) {
        guard let keys else { return }
        if keys.isEmpty { throw ProtocolError(.invalidValue("empty key list (leave it out instead)"), topic: topic, path: name) }
        for key in keys {
            if key.isEmpty { throw ProtocolError(.invalidValue("empty key"), topic: topic, path: name) }
            for byte in key.utf8 where byte == UInt8(ascii: ",") {
                throw ProtocolError(.invalidValue("key \(FieldPath.quoted(key)) contains a comma"), topic: topic, path: name)
            }
        }
    }

    public var topic: String { Topics.ownAttributesRequest(id: id) }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        if let clientKeys { OwnAttributeRequest.write("clientKeys", clientKeys, into: &out) }
        if let sharedKeys {
            if clientKeys != nil { PayloadWriter.comma(into: &out) }
            OwnAttributeRequest.write("sharedKeys", sharedKeys, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func write(_ name: String, _ keys: [String], into out: inout [UInt8]) {
        PayloadWriter.key(name, into: &out)
        var joined = ""
        for (index, key) in keys.enumerated() { joined += index == 0 ? key : "," + key }
        JSONWriter.writeString(joined, into: &out)
    }
}
