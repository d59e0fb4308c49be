// What the broker connection reports to the agent, in the order it happened. Events are produced inside
// libmosquitto's callbacks (during handleReadable/handleWritable/handleMisc/publish/disconnect) and queued;
// the agent takes them with `Transport.drainEvents()` after each of those calls.
import CMosquitto

public typealias MessageID = Int32

public enum TransportEvent: Equatable, Sendable, CustomStringConvertible {
    /// CONNACK accepted. Every subscription of the settings is already queued (SUBSCRIBE goes out before
    /// anything the agent publishes from now on, because libmosquitto sends in order).
    case connected(sessionPresent: Bool)
    /// SUBACK for one subscription. `grantedQoS` >= 128 means the broker refused the filter.
    case subscribed(topic: String, grantedQoS: Int32)
    /// A subscription could not even be queued (local libmosquitto failure); the session goes on without it.
    case subscribeFailed(topic: String, error: TransportError)
    /// PUBACK for a QoS 1 publish (or the write of a QoS 0 one). `reasonCode` is 0 with MQTT 3.1.1; with
    /// MQTT 5, a code >= 128 means the broker did NOT accept the message (see `TransportEvent.isAccepted`).
    case published(mid: MessageID, reasonCode: Int32)
    /// An incoming PUBLISH, topic and payload exactly as received.
    case message(topic: String, payload: [UInt8])
    /// Incoming messages were dropped because the agent had not drained the queue (bounded); `count` since
    /// the previous drain. Their PUBACK was already sent by libmosquitto: they are lost, hence the report.
    case incomingDropped(count: Int)
    /// The connection attempt or the session ended. Every `connect()` ends in exactly one of these. After it
    /// no PUBACK will arrive for messages still in flight: republish them after reconnecting.
    case disconnected(DisconnectReason)

    public var description: String {
        switch self {
        case .connected(let present): return "connected (session present: \(present ? "yes" : "no"))"
        case .subscribed(let topic, let qos):
            return qos >= 128 ? "subscription \(topic) refused (code \(qos))" : "subscribed \(topic) at QoS \(qos)"
        case .subscribeFailed(let topic, let error): return "subscribe \(topic) failed: \(error.description)"
        case .published(let mid, let code):
            return code == 0 ? "published mid \(mid)" : "published mid \(mid) (reason code \(code))"
        case .message(let topic, let payload): return "message on \(topic) (\(payload.count) bytes)"
        case .incomingDropped(let count): return "\(count) incoming message(s) dropped (event queue full)"
        case .disconnected(let reason): return "disconnected: \(reason.description)"
        }
    }
}

/// A CONNACK return code (MQTT 3.1.1: 0...5) or reason code (MQTT 5: 0 or >= 128).
public struct ConnackCode: Equatable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public var protocolVersion: MQTTProtocolVersion

    public init(_ rawValue: Int32, protocolVersion: MQTTProtocolVersion) {
        self.rawValue = rawValue
        self.protocolVersion = protocolVersion
    }

    /// 4 "bad user name or password" and 5 "not authorised" (MQTT 5: 0x86 and 0x87). ThingsBoard answers a
    /// wrong token with one of these: the agent logs it distinctly and still backs off.
    public var isCredentialsRejected: Bool {
        switch rawValue {
        case 4, 5, 0x86, 0x87: return true
        default: return false
        }
    }

    public var description: String {
        let text: UnsafePointer<CChar>? = protocolVersion == .v5
            ? mosquitto_reason_string(rawValue) : mosquitto_connack_string(rawValue)
        let name = text.map { String(cString: $0) } ?? "unknown"
        return "CONNACK \(rawValue) (\(name))"
    }
}

public enum DisconnectReason: Equatable, Sendable, CustomStringConvertible {
    /// The attempt failed before CONNACK: settings rejected by libmosquitto (CA file unreadable), name
    /// resolution, TCP refused/unreachable, TLS handshake or certificate verification.
    case connectFailed(TransportError)
    /// The broker answered CONNACK with a refusal.
    case refused(ConnackCode)
    /// No CONNACK within `TransportSettings.connectTimeoutSeconds`.
    case timedOut
    /// An established session ended: closed or reset by the peer, keep-alive expired, protocol error.
    case lost(TransportError)
    /// MQTT 5 only: the server sent DISCONNECT with this reason code (142 = another client took over).
    case serverDisconnected(reasonCode: Int32)
    /// `disconnect()` or `close()` was called.
    case closedByCaller

    public var description: String {
        switch self {
        case .connectFailed(let error): return "connect failed: \(error.description)"
        case .refused(let code):
            return code.isCredentialsRejected ? "credentials rejected: \(code.description)" : "refused: \(code.description)"
        case .timedOut: return "no CONNACK before the connect timeout"
        case .lost(let error): return "connection lost: \(error.description)"
        case .serverDisconnected(let code):
            let name = mosquitto_reason_string(code).map { String(cString: $0) } ?? "unknown"
            return "server sent DISCONNECT \(code) (\(name))"
        case .closedByCaller: return "closed by the agent"
        }
    }
}

extension TransportEvent {
    /// For `.published`: whether the broker accepted the message (MQTT 5 reason codes >= 128 are refusals).
    public var isAccepted: Bool {
        if case .published(_, let code) = self { return code < 128 }
        return false
    }
}
