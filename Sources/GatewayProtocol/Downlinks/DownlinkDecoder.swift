// Decoding a received MQTT message into a Downlink. The topic is matched first (an unknown topic or a bad
// id in it costs no parsing), then the payload is parsed with limits sized to the protocol: ThingsBoard's
// largest MQTT message is 65,536 bytes, so anything larger is refused before a byte is parsed, and
// nesting is capped so that hostile input cannot cost memory. Shapes are checked per topic in
// ChildDownlinks.swift, OwnDownlinks.swift and Echoes.swift.
import JSON

public enum DownlinkDecoder {
    /// Parser limits for downlinks: the MQTT maximum message, 32 levels of nesting (attribute values and
    /// RPC params are small objects), strings up to the message size.
    public static let limits = JSONLimits(maxInputBytes: 65_536, maxDepth: 32, maxStringBytes: 65_536)

    /// Decodes one message. Never traps on any input: every problem is a ProtocolError naming the topic
    /// and, for payload problems, the member path.
    public static func decode(topic: String, payload: [UInt8]) throws(ProtocolError) -> Downlink {
        let route = try DownlinkRoute(topic: topic)
        let value: JSONValue
        do throws(JSONError) {
            value = try JSONParser.parse(payload, limits: limits)
        } catch {
            throw ProtocolError(.invalidJSON(error), topic: topic)
        }
        let root = Field(value: value, topic: topic, path: "")
        switch route {
        case .childAttributes: return try ChildDownlinks.attributes(root)
        case .childAttributesResponse: return try ChildDownlinks.attributeResponse(root)
        case .childRPC: return try ChildDownlinks.rpc(root)
        case .childDisconnect: return try ChildDownlinks.disconnect(root)
        case .childConnect: return try Echoes.childConnect(root)
        case .childTelemetry: return try Echoes.childTelemetry(root)
        case .childClaim: return try Echoes.childClaim(root)
        case .childAttributesRequest: return try Echoes.childAttributeRequest(root)
        case .ownTelemetry: return try Echoes.ownTelemetry(root)
        case .ownAttributes: return .ownAttributesChanged(try OwnDownlinks.sharedChange(root))
        case .ownAttributesRequest: return try Echoes.ownAttributeRequest(root)
        case .ownAttributesResponse(let id): return try OwnDownlinks.attributeResponse(root, id: id)
        case .ownRPCRequest(let id): return try OwnDownlinks.rpcRequest(root, id: id)
        case .ownRPCResponse(let id): return try OwnDownlinks.rpcResponse(root, id: id)
        }
    }
}

/// Which topic a message came on, with the id of the device-API topics that carry one.
enum DownlinkRoute: Equatable {
    case childAttributes, childAttributesResponse, childRPC, childDisconnect
    case childConnect, childTelemetry, childClaim, childAttributesRequest
    case ownTelemetry, ownAttributes
    case ownAttributesRequest(Int), ownAttributesResponse(Int), ownRPCRequest(Int), ownRPCResponse(Int)

    init(topic: String) throws(ProtocolError) {
        switch topic {
        case Topics.childAttributes: self = .childAttributes
        case Topics.childAttributesResponse: self = .childAttributesResponse
        case Topics.childRPC: self = .childRPC
        case Topics.childDisconnect: self = .childDisconnect
        case Topics.childConnect: self = .childConnect
        case Topics.childTelemetry: self = .childTelemetry
        case Topics.childClaim: self = .childClaim
        case Topics.childAttributesRequest: self = .childAttributesRequest
        case Topics.ownTelemetry: self = .ownTelemetry
        case Topics.ownAttributes: self = .ownAttributes
        default:
            if let id = try DownlinkRoute.id(in: topic, after: Topics.ownAttributesRequestPrefix) {
                self = .ownAttributesRequest(id)
            } else if let id = try DownlinkRoute.id(in: topic, after: Topics.ownAttributesResponsePrefix) {
                self = .ownAttributesResponse(id)
            } else if let id = try DownlinkRoute.id(in: topic, after: Topics.ownRPCRequestPrefix) {
                self = .ownRPCRequest(id)
            } else if let id = try DownlinkRoute.id(in: topic, after: Topics.ownRPCResponsePrefix) {
                self = .ownRPCResponse(id)
            } else {
                throw ProtocolError(.unknownTopic, topic: topic)
            }
        }
    }

    /// nil when `topic` does not start with `prefix`; the id when it does; throws for a bad id.
    private static func id(in topic: String, after prefix: String) throws(ProtocolError) -> Int? {
        guard topic.utf8.starts(with: prefix.utf8) else { return nil }
        let suffix = topic.utf8.dropFirst(prefix.utf8.count)
        let text = Substring(suffix)
        guard let id = RequestID.read(topicSuffix: text) else {
            throw ProtocolError(.invalidTopicID(String(text)), topic: topic)
        }
        return id
    }
}
