// Small facts about the linked libmosquitto: its version, its error and CONNACK strings, and the numeric
// constants Transport needs that the C headers spell as enums or as macros in a header mosquitto.h does not
// include (mqtt_protocol.h).
import CMosquitto

/// libmosquitto's version as "major.minor.revision" (proves the library links in both build modes).
public func mosquittoLibraryVersion() -> String {
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    _ = mosquitto_lib_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
}

enum Mosquitto {
    static let success = Int32(MOSQ_ERR_SUCCESS.rawValue)
    static let noConnection = Int32(MOSQ_ERR_NO_CONN.rawValue)
    static let connectionLost = Int32(MOSQ_ERR_CONN_LOST.rawValue)
    static let connectionRefused = Int32(MOSQ_ERR_CONN_REFUSED.rawValue)
    static let errnoError = Int32(MOSQ_ERR_ERRNO.rawValue)
    static let lookupError = Int32(MOSQ_ERR_EAI.rawValue)
    static let keepAlive = Int32(MOSQ_ERR_KEEPALIVE.rawValue)
    static let tls = Int32(MOSQ_ERR_TLS.rawValue)

    /// MQTT_SUB_OPT_NO_LOCAL from mqtt_protocol.h: the broker does not send this client's own publishes back.
    static let subscribeOptionNoLocal: Int32 = 0x04
    /// SSL_VERIFY_PEER from openssl/ssl.h, the value mosquitto_tls_opts_set expects for "verify the server".
    static let sslVerifyPeer: Int32 = 1
    /// The logging level libmosquitto uses for errors (MOSQ_LOG_ERR).
    static let logLevelError: Int32 = 0x08

    /// mosquitto_strerror's text for a MOSQ_ERR_* code. For MOSQ_ERR_ERRNO it reads the current errno, so
    /// call it before anything else can change errno.
    static func errorText(_ code: Int32) -> String {
        guard let text = mosquitto_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// The text of a getaddrinfo error (MOSQ_ERR_EAI leaves the EAI_* code in errno). Spelled out here
    /// because libc's gai_strerror lives in netdb.h, which no module map of this project exports; the
    /// values are the same in glibc and musl.
    static func lookupErrorText(_ code: Int32) -> String {
        switch code {
        case -2: return "name or service not known"
        case -3: return "temporary failure in name resolution"
        case -4: return "non-recoverable failure in name resolution"
        case -5: return "no address associated with host name"
        case -10: return "out of memory"
        case -11: return "system error"
        default: return "name resolution error \(code)"
        }
    }
}
