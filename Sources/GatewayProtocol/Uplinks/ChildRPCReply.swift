// v1/gateway/rpc (up): the reply to a server-side RPC for a child device,
// `{"device":"Device A","id":1,"data":{"success":true}}`. The server closes the session for a reply
// without `device`, `id` or `data` or with a non-integer id, so all three are always written and the id
// is an integer in the platform's range by construction.
import JSON

public struct ChildRPCReply: Uplink, Equatable {
    public static let kind = UplinkKind.childRPCReply
    public let device: DeviceName
    public let id: Int
    /// Any JSON value (design.md: `{"success":false,"error":"..."}` for failures).
    public let data: JSONValue

    /// Throws when `id` is outside 0...RequestID.maximum (never the case for an id taken from a request).
    public init(device: DeviceName, id: Int, data: JSONValue) throws(ProtocolError) {
        try RequestID.check(id, topic: Self.topicName, path: "id")
        self.device = device
        self.id = id
        self.data = data
    }

    /// The reply to `request`, whose id is already valid.
    public init(replyingTo request: ChildRPCRequest, data: JSONValue) {
        device = request.device
        id = request.id
        self.data = data
    }

    static let topicName = Topics.childRPC
    public var topic: String { Topics.childRPC }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        PayloadWriter.key("device", into: &out)
        JSONWriter.writeString(device.value, into: &out)
        PayloadWriter.comma(into: &out)
        PayloadWriter.key("id", into: &out)
        PayloadWriter.integer(id, into: &out)
        PayloadWriter.comma(into: &out)
        PayloadWriter.key("data", into: &out)
        JSONWriter.write(data, into: &out)
        out.append(UInt8(ascii: "}"))
    }
}
