// The gateway's own RPC uplinks on the device API: the reply to a server-side RPC addressed to the gateway
// (v1/devices/me/rpc/response/N, any JSON) and the client-side RPCs the gateway itself calls
// (v1/devices/me/rpc/request/N, answered on .../rpc/response/N). The id lives in the topic.
import JSON

/// The reply to server-side RPC `id` to the gateway itself.
public struct OwnRPCReply: Uplink, Equatable {
    public static let kind = UplinkKind.ownRPCReply
    public let id: Int
    public let result: JSONValue

    /// Throws when `id` is outside 0...RequestID.maximum.
    public init(id: Int, result: JSONValue) throws(ProtocolError) {
        try RequestID.check(id, topic: Topics.ownRPCResponsePrefix + "N", path: "id")
        self.id = id
        self.result = result
    }

    /// The reply to `request`, whose id is already valid.
    public init(replyingTo request: OwnRPCRequest, result: JSONValue) {
        id = request.id
        self.result = result
    }

    public var topic: String { Topics.ownRPCResponse(id: id) }

    public func writePayload(into out: inout [UInt8]) {
        JSONWriter.write(result, into: &out)
    }
}

/// The client-side RPC methods pinpost calls. The server never sends these names to a device, which is
/// how DownlinkDecoder tells an echo of our own request (plain broker) from a server-side RPC.
public enum ClientRPCMethod: Equatable, Sendable, CustomStringConvertible {
    /// Asks for the session's payload, in-flight and rate limits (answer: SessionLimits).
    case getSessionLimits

    public var name: String {
        switch self {
        case .getSessionLimits: return "getSessionLimits"
        }
    }

    public var description: String { name }

    public static let allCases: [ClientRPCMethod] = [.getSessionLimits]

    static func named(_ name: String) -> ClientRPCMethod? {
        for method in allCases where method.name == name { return method }
        return nil
    }
}

/// `{"method":"getSessionLimits","params":{}}` on v1/devices/me/rpc/request/N.
public struct OwnClientRPCRequest: Uplink, Equatable {
    public static let kind = UplinkKind.ownClientRPCRequest
    public let id: Int
    public let method: ClientRPCMethod

    /// Throws when `id` is outside 0...RequestID.maximum.
    public init(id: Int, method: ClientRPCMethod) throws(ProtocolError) {
        try RequestID.check(id, topic: Topics.ownRPCRequestPrefix + "N", path: "id")
        self.id = id
        self.method = method
    }

    public var topic: String { Topics.ownRPCRequest(id: id) }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        PayloadWriter.key("method", into: &out)
        JSONWriter.writeString(method.name, into: &out)
        PayloadWriter.comma(into: &out)
        PayloadWriter.key("params", into: &out)
        out.append(contentsOf: "{}".utf8)
        out.append(UInt8(ascii: "}"))
    }
}
