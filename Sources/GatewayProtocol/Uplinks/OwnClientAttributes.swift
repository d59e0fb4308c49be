// v1/devices/me/attributes (up): the gateway's own client attributes, `{"key":value}`.
// Note for the agent: a plain broker echoes these back on the same topic, where they are indistinguishable
// from a shared-attribute update of the gateway (see DownlinkDecoder); ThingsBoard never echoes.
import JSON

public struct OwnClientAttributes: Uplink, Equatable {
    public static let kind = UplinkKind.ownClientAttributes
    public let attributes: JSONObject

    /// Throws when `attributes` is empty.
    public init(_ attributes: JSONObject) throws(ProtocolError) {
        guard !attributes.isEmpty else {
            throw ProtocolError(.invalidValue("no attributes given"), topic: Topics.ownAttributes)
        }
        self.attributes = attributes
    }

    public var topic: String { Topics.ownAttributes }

    public func writePayload(into out: inout [UInt8]) {
        PayloadWriter.object(attributes, into: &out)
    }
}
