// `connection`: where the gateway connects, how it authenticates, and its MQTT limits. The credentials are
// secrets: every description here redacts them, because descriptions end up in logs and `pinpost check`.

public struct ConnectionConfig: Equatable, Sendable, CustomStringConvertible {
    public var host: String
    /// 1883 by default, 8883 when `tls` is set.
    public var port: Int
    public var mqttVersion: MQTTVersion
    /// The MQTT client id: `connection.clientId`, else basic credentials' clientId, else `pinpost-<hostname>`.
    public var clientId: String
    public var keepAliveSeconds: Int
    public var credentials: CredentialsConfig
    /// nil: plain TCP.
    public var tls: TLSConfig?
    /// Largest MQTT payload pinpost builds (telemetry batches are cut to it) until the server's session
    /// limits say otherwise.
    public var maxPayloadBytes: Int
    /// Most QoS 1 publishes awaiting PUBACK.
    public var maxInflight: Int

    public init(host: String, port: Int, mqttVersion: MQTTVersion, clientId: String, keepAliveSeconds: Int,
                credentials: CredentialsConfig, tls: TLSConfig?, maxPayloadBytes: Int, maxInflight: Int) {
        self.host = host
        self.port = port
        self.mqttVersion = mqttVersion
        self.clientId = clientId
        self.keepAliveSeconds = keepAliveSeconds
        self.credentials = credentials
        self.tls = tls
        self.maxPayloadBytes = maxPayloadBytes
        self.maxInflight = maxInflight
    }

    public var description: String {
        var text = "\(host):\(port), MQTT \(mqttVersion), client id "
        // A basic-credentials client id is itself a secret (ThingsBoard accepts it alone).
        if case .basic(let basic) = credentials, basic.clientId != nil {
            text += "from credentials (redacted), "
        } else {
            text += "\(clientId), "
        }
        text += tls?.description ?? "TLS off"
        return text + ", credentials: \(credentials)"
    }
}

/// `connection.mqttVersion`.
public enum MQTTVersion: Equatable, Sendable, CustomStringConvertible {
    case v311
    case v5

    public var description: String { self == .v5 ? "5" : "3.1.1" }

    static let choices: [(String, MQTTVersion)] = [("3.1.1", .v311), ("5", .v5)]
}

/// `connection.credentials`: exactly one way to authenticate the gateway device.
public enum CredentialsConfig: Equatable, Sendable, CustomStringConvertible {
    /// The device's access token (sent as the MQTT user name).
    case accessToken(String)
    /// ThingsBoard "MQTT Basic" credentials; nil parts are not sent.
    case basic(BasicCredentials)
    /// A client certificate and its private key (PEM files); requires TLS.
    case x509(certFile: String, keyFile: String)

    /// The kind, safe to print: `access token`, `basic`, `x509`.
    public var kind: String {
        switch self {
        case .accessToken: return "access token"
        case .basic: return "basic"
        case .x509: return "x509"
        }
    }

    /// The kind and non-secret details; never a token, user name, password or client id (ThingsBoard
    /// accepts each of those alone as the device's secret).
    public var description: String {
        switch self {
        case .accessToken: return "access token (redacted)"
        case .basic(let basic): return "basic (\(basic))"
        case .x509(let certFile, let keyFile): return "x509 (certificate \(certFile), key \(keyFile))"
        }
    }
}

/// ThingsBoard basic MQTT credentials: a client id alone, a user name (and password), or all three.
public struct BasicCredentials: Equatable, Sendable, CustomStringConvertible {
    public var clientId: String?
    public var username: String?
    public var password: String?

    public init(clientId: String?, username: String?, password: String?) {
        self.clientId = clientId
        self.username = username
        self.password = password
    }

    /// Which parts are set, never their values.
    public var description: String {
        var parts: [String] = []
        if clientId != nil { parts.append("client id") }
        if username != nil { parts.append("user name") }
        if password != nil { parts.append("password") }
        return Suggestion.list(parts) + " set, redacted"
    }
}

/// `connection.tls`.
public struct TLSConfig: Equatable, Sendable, CustomStringConvertible {
    /// PEM file of the CA certificate(s) the server's certificate must chain to.
    public var caFile: String
    /// false only when written so; the loader then warns.
    public var verifyServer: Bool

    public init(caFile: String, verifyServer: Bool = true) {
        self.caFile = caFile
        self.verifyServer = verifyServer
    }

    public static let defaultCAFile = "/etc/ssl/certs/ca-certificates.crt"

    public var description: String {
        verifyServer ? "TLS on (CA \(caFile))" : "TLS on WITHOUT server verification (CA \(caFile))"
    }
}
