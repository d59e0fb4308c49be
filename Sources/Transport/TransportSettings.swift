// What a Transport connects to and how: plain values the agent builds from its config (Transport does not
// know the config format). Descriptions are safe to log: tokens, passwords and basic-credential user names
// and client ids are redacted, because ThingsBoard accepts any one of them alone as the device's secret.
import CMosquitto

public enum MQTTProtocolVersion: Equatable, Sendable, CustomStringConvertible {
    /// MQTT 3.1.1, ThingsBoard's reference protocol and the default.
    case v311
    /// MQTT 5.0: subscriptions carry the no-local option, so the broker does not echo our own publishes.
    case v5

    var libraryValue: Int32 { self == .v5 ? MQTT_PROTOCOL_V5 : MQTT_PROTOCOL_V311 }

    public var description: String { self == .v5 ? "MQTT 5.0" : "MQTT 3.1.1" }
}

/// The three ways a ThingsBoard device (the gateway) authenticates.
public enum TransportCredentials: Equatable, Sendable, CustomStringConvertible {
    /// The device's access token, sent as the MQTT user name with no password.
    case accessToken(String)
    /// ThingsBoard "MQTT Basic" credentials. An empty string means "not sent" (ThingsBoard accepts a
    /// client id alone, a user name and password, or all three). A non-empty `clientID` here replaces
    /// `TransportSettings.clientID`.
    case basic(clientID: String, username: String, password: String)
    /// An X.509 client certificate and its private key (PEM files); needs `TransportSettings.tls`.
    case x509(certFile: String, keyFile: String)

    public var description: String {
        switch self {
        case .accessToken: return "access token (redacted)"
        case .basic: return "basic MQTT credentials (redacted)"
        case .x509(let certFile, let keyFile): return "X.509 certificate \(certFile) with key \(keyFile)"
        }
    }
}

public struct TLSSettings: Equatable, Sendable, CustomStringConvertible {
    /// PEM file of the CA certificate(s) the server's certificate must chain to.
    public var caFile: String
    /// Verify the server's certificate chain and host name. On by default; turning it off makes TLS
    /// encryption-only and open to a man in the middle.
    public var verifyServer: Bool

    public init(caFile: String, verifyServer: Bool = true) {
        self.caFile = caFile
        self.verifyServer = verifyServer
    }

    public var description: String {
        verifyServer ? "TLS (CA \(caFile))" : "TLS without server verification (CA \(caFile))"
    }
}

public struct TransportSettings: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    public var port: Int
    /// MQTT client id; empty lets the broker assign one (allowed with a clean session).
    public var clientID: String
    public var protocolVersion: MQTTProtocolVersion
    public var credentials: TransportCredentials
    /// nil: plain TCP.
    public var tls: TLSSettings?
    /// PINGREQ interval; libmosquitto accepts 5...65535 seconds.
    public var keepAliveSeconds: Int
    /// Topic filters subscribed at QoS 1 after every CONNACK, before the `connected` event.
    public var subscriptions: [String]
    /// A connection attempt without CONNACK after this long is abandoned (`DisconnectReason.timedOut`).
    public var connectTimeoutSeconds: Int
    /// Most QoS 1 publishes awaiting PUBACK; `publish` refuses more (the agent paces its backlog replay).
    public var maxInFlight: Int
    /// Bounds of the incoming-message part of the event queue; messages beyond them are dropped and counted.
    /// Reading pauses while fewer than (messages in flight + 1) slots are free, so with a count above
    /// maxInFlight and an agent that drains after every handle call, nothing is dropped.
    public var maxQueuedMessages: Int
    public var maxQueuedMessageBytes: Int

    public init(host: String, port: Int = 1883, clientID: String = "",
                protocolVersion: MQTTProtocolVersion = .v311,
                credentials: TransportCredentials, tls: TLSSettings? = nil,
                keepAliveSeconds: Int = 60, subscriptions: [String] = [],
                connectTimeoutSeconds: Int = 30, maxInFlight: Int = 100,
                maxQueuedMessages: Int = 128, maxQueuedMessageBytes: Int = 256 * 1024) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.protocolVersion = protocolVersion
        self.credentials = credentials
        self.tls = tls
        self.keepAliveSeconds = keepAliveSeconds
        self.subscriptions = subscriptions
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.maxInFlight = maxInFlight
        self.maxQueuedMessages = maxQueuedMessages
        self.maxQueuedMessageBytes = maxQueuedMessageBytes
    }

    /// The client id put on the wire (basic credentials may carry their own).
    var effectiveClientID: String {
        if case .basic(let id, _, _) = credentials, !id.isEmpty { return id }
        return clientID
    }

    public var description: String {
        var text = "mqtt\(tls == nil ? "" : "s")://\(host):\(port) \(protocolVersion.description)"
        // With basic credentials the client id can be the secret itself: never shown then.
        if case .basic = credentials {
        } else if !clientID.isEmpty {
            text += " client id \(clientID)"
        }
        text += ", \(credentials.description)"
        if let tls { text += ", \(tls.description)" }
        text += ", keep-alive \(keepAliveSeconds) s, \(subscriptions.count) subscription(s)"
        return text
    }

    /// Checks what libmosquitto would otherwise reject late or obscurely.
    public func validate() throws(TransportError) {
        func invalid(_ field: String, _ reason: String) -> TransportError {
            TransportError(.invalidSettings, operation: "settings.\(field)", detail: reason)
        }
        guard !host.isEmpty else { throw invalid("host", "is empty") }
        guard !hasNUL(host) else { throw invalid("host", "contains a NUL byte") }
        guard (1...65535).contains(port) else { throw invalid("port", "\(port) is outside 1...65535") }
        guard (5...65535).contains(keepAliveSeconds) else {
            throw invalid("keepAliveSeconds", "\(keepAliveSeconds) is outside 5...65535")
        }
        guard (1...3600).contains(connectTimeoutSeconds) else {
            throw invalid("connectTimeoutSeconds", "\(connectTimeoutSeconds) is outside 1...3600")
        }
        guard (1...65535).contains(maxInFlight) else { throw invalid("maxInFlight", "\(maxInFlight) is outside 1...65535") }
        guard maxQueuedMessages >= 1 else { throw invalid("maxQueuedMessages", "must be at least 1") }
        guard maxQueuedMessageBytes >= 1 else { throw invalid("maxQueuedMessageBytes", "must be at least 1") }
        guard !hasNUL(clientID) else { throw invalid("clientID", "contains a NUL byte") }
        switch credentials {
        case .accessToken(let token):
            // The token's value is never quoted back: it is the device's secret.
            guard !token.isEmpty else { throw invalid("credentials", "access token is empty") }
            guard !hasNUL(token) else { throw invalid("credentials", "access token contains a NUL byte") }
        case .basic(let id, let username, let password):
            guard !(id.isEmpty && username.isEmpty && clientID.isEmpty) else {
                throw invalid("credentials", "basic credentials need a client id or a user name")
            }
            if !password.isEmpty && username.isEmpty {
                throw invalid("credentials", "a password needs a user name (MQTT sends no password alone)")
            }
            guard !hasNUL(id), !hasNUL(username), !hasNUL(password) else {
                throw invalid("credentials", "basic credentials contain a NUL byte")
            }
        case .x509(let certFile, let keyFile):
            guard tls != nil else { throw invalid("credentials", "an X.509 client certificate needs TLS settings") }
            guard !certFile.isEmpty, !keyFile.isEmpty else {
                throw invalid("credentials", "X.509 needs both a certificate file and a key file")
            }
            guard !hasNUL(certFile), !hasNUL(keyFile) else { throw invalid("credentials", "file name contains a NUL byte") }
        }
        if let tls {
            guard !tls.caFile.isEmpty else { throw invalid("tls.caFile", "is empty") }
            guard !hasNUL(tls.caFile) else { throw invalid("tls.caFile", "contains a NUL byte") }
        }
        for (index, filter) in subscriptions.enumerated() {
            guard !filter.isEmpty, !hasNUL(filter) else {
                throw invalid("subscriptions[\(index)]", "is empty or contains a NUL byte")
            }
            let check = filter.withCString { mosquitto_sub_topic_check($0) }
            guard check == Mosquitto.success else {
                throw invalid("subscriptions[\(index)]", "\"\(filter)\" is not a valid MQTT topic filter")
            }
        }
    }
}

private func hasNUL(_ text: String) -> Bool {
    for byte in text.utf8 where byte == 0 { return true }
    return false
}
