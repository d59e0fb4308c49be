// The answer to the client-side RPC `getSessionLimits`: how large a message may be, how many may be in
// flight, and the rate limits whose breach closes the whole connection. The agent sizes telemetry batches
// and paces the backlog replay from this, so every number is checked here; until it arrives the agent
// uses the spec's defaults (16 KiB batches, 100 in flight).
//
// Shape (ThingsBoard): {"maxPayloadSize":65536,"maxInflightMessages":100,
//   "rateLimits":{"messages":"200:1,6000:60","telemetryMessages":"...","telemetryDataPoints":"..."},
//   "gatewayRateLimits":{...same keys, for child traffic...}}
import JSON

public struct SessionLimits: Equatable, Sendable, CustomStringConvertible {
    /// The spec's fallbacks while the answer is pending or when it never comes.
    public static let defaultBatchPayloadBytes = 16 * 1024
    public static let defaultMaxInflightMessages = 100

    /// Largest MQTT message the server accepts, in bytes.
    public var maxPayloadSize: Int
    /// nil when the server did not say (use `defaultMaxInflightMessages`).
    public var maxInflightMessages: Int?
    /// Limits on the gateway's own traffic as a device.
    public var rateLimits: RateLimits
    /// Limits on the child devices' traffic through the gateway (absent for a non-gateway device).
    public var gatewayRateLimits: RateLimits?

    public init(maxPayloadSize: Int, maxInflightMessages: Int? = nil, rateLimits: RateLimits = RateLimits(),
                gatewayRateLimits: RateLimits? = nil) {
        self.maxPayloadSize = maxPayloadSize
        self.maxInflightMessages = maxInflightMessages
        self.rateLimits = rateLimits
        self.gatewayRateLimits = gatewayRateLimits
    }

    /// Reads the answer payload. `topic` only labels errors.
    public init(parsing value: JSONValue, topic: String = "") throws(ProtocolError) {
        try self.init(Field(value: value, topic: topic, path: ""))
    }

    init(_ root: Field) throws(ProtocolError) {
        maxPayloadSize = try root.member("maxPayloadSize").integer(atMost: Int32.max, expected: "a positive integer")
        if maxPayloadSize == 0 { throw ProtocolError(.wrongKind(expected: "a positive integer", found: "integer 0"), topic: root.topic, path: "maxPayloadSize") }
        if let inflight = try root.optionalMember("maxInflightMessages") {
            let count = try inflight.integer(atMost: Int32.max, expected: "a positive integer")
            if count == 0 { throw inflight.wrongKind("a positive integer") }
            maxInflightMessages = count
        }
        if let limits = try root.optionalMember("rateLimits"), limits.value != .null {
            rateLimits = try RateLimits(limits)
        } else {
            rateLimits = RateLimits()
        }
        if let gateway = try root.optionalMember("gatewayRateLimits"), gateway.value != .null {
            gatewayRateLimits = try RateLimits(gateway)
        }
    }

    /// The largest payload of a message on `topic` that fits `maxPayloadSize`: the server counts the MQTT
    /// variable header (2 + topic length, plus a 2-byte packet id at QoS 1) within its limit.
    public func payloadLimit(topic: String) -> Int {
        SessionLimits.payloadLimit(maxMessageBytes: maxPayloadSize, topic: topic)
    }

    public static func payloadLimit(maxMessageBytes: Int, topic: String) -> Int {
        max(0, maxMessageBytes - 2 - topic.utf8.count - 2)
    }

    public var description: String {
        var text = "maxPayloadSize \(maxPayloadSize)"
        if let maxInflightMessages { text += ", maxInflightMessages \(maxInflightMessages)" }
        text += ", rateLimits {\(rateLimits)}"
        if let gatewayRateLimits { text += ", gatewayRateLimits {\(gatewayRateLimits)}" }
        return text
    }
}

/// The three limits ThingsBoard applies to one session. An absent, null or empty limit is unlimited.
public struct RateLimits: Equatable, Sendable, CustomStringConvertible {
    public var messages: RateLimit
    public var telemetryMessages: RateLimit
    public var telemetryDataPoints: RateLimit

    public init(messages: RateLimit = .unlimited, telemetryMessages: RateLimit = .unlimited,
                telemetryDataPoints: RateLimit = .unlimited) {
        self.messages = messages
        self.telemetryMessages = telemetryMessages
        self.telemetryDataPoints = telemetryDataPoints
    }

    init(_ field: Field) throws(ProtocolError) {
        _ = try field.object()
        messages = try RateLimits.limit("messages", in: field)
        telemetryMessages = try RateLimits.limit("telemetryMessages", in: field)
        telemetryDataPoints = try RateLimits.limit("telemetryDataPoints", in: field)
    }

    private static func limit(_ key: String, in field: Field) throws(ProtocolError) -> RateLimit {
        guard let member = try field.optionalMember(key), member.value != .null else { return .unlimited }
        return try RateLimit(parsing: try member.string(), topic: member.topic, path: member.path)
    }

    public var description: String {
        "messages \(messages), telemetryMessages \(telemetryMessages), telemetryDataPoints \(telemetryDataPoints)"
    }
}
