// What every uplink has in common: a topic, a payload written straight into a byte buffer, and its kind.
// An uplink value can only be built in a valid shape (the initialisers check), so encoding cannot fail:
// whatever reaches the wire is a payload the platform accepts without closing the session.
import JSON

/// One MQTT message ready to publish (QoS 1 for every gateway uplink).
public struct OutgoingMessage: Equatable, Sendable {
    public var topic: String
    public var payload: [UInt8]

    public init(topic: String, payload: [UInt8]) {
        self.topic = topic
        self.payload = payload
    }

    /// The payload as text, for logs and tests.
    public var payloadText: String { String(decoding: payload, as: UTF8.self) }
}

/// Which uplink a message is; also how an echo of our own publish is named (`Downlink.echo`).
public enum UplinkKind: Equatable, Sendable, CustomStringConvertible {
    case childConnect, childDisconnect, childAttributes, childAttributeRequest, childTelemetry
    case childRPCReply, childClaim
    case ownTelemetry, ownClientAttributes, ownAttributeRequest, ownRPCReply, ownClientRPCRequest

    public var description: String {
        switch self {
        case .childConnect: return "child connect"
        case .childDisconnect: return "child disconnect"
        case .childAttributes: return "child client attributes"
        case .childAttributeRequest: return "child attribute request"
        case .childTelemetry: return "child telemetry"
        case .childRPCReply: return "child RPC reply"
        case .childClaim: return "child claim"
        case .ownTelemetry: return "gateway telemetry"
        case .ownClientAttributes: return "gateway client attributes"
        case .ownAttributeRequest: return "gateway attribute request"
        case .ownRPCReply: return "gateway RPC reply"
        case .ownClientRPCRequest: return "gateway client-side RPC request"
        }
    }
}

public protocol Uplink: Sendable {
    static var kind: UplinkKind { get }
    var topic: String { get }
    /// Appends the payload's JSON text to `out`.
    func writePayload(into out: inout [UInt8])
}

extension Uplink {
    public var payload: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        writePayload(into: &out)
        return out
    }

    public var message: OutgoingMessage { OutgoingMessage(topic: topic, payload: payload) }
}

/// Small writing helpers shared by the uplinks: `"key":` and the punctuation between members.
enum PayloadWriter {
    static func key(_ key: String, into out: inout [UInt8]) {
        JSONWriter.writeString(key, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    static func comma(into out: inout [UInt8]) { out.append(UInt8(ascii: ",")) }

    static func integer(_ value: Int, into out: inout [UInt8]) {
        JSONWriter.writeInteger(Int64(value), into: &out)
    }

    static func object(_ object: JSONObject, into out: inout [UInt8]) {
        JSONWriter.write(.object(object), into: &out)
    }
}
