// Why a Transport operation failed: which operation, libmosquitto's code and text, and errno when the
// failure came from the system. Descriptions name hosts, ports, topics and file paths, never credentials
// (no token, user name, password or client id of basic credentials is ever put into an error).
import CMosquitto
import CSystem

public struct TransportError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Kind: Equatable, Sendable, CustomStringConvertible {
        /// A setting cannot work (empty host, port out of range, x509 without TLS, bad topic filter).
        case invalidSettings
        /// The call needs a connection (CONNACK received) and there is none.
        case notConnected
        /// The call is not valid in the current state (connect while already connecting or connected).
        case invalidState
        /// An argument of the call is out of range (QoS other than 0 or 1, payload over 2 GiB).
        case invalidArgument
        /// The QoS 1 in-flight window is full: wait for PUBACKs (`published` events) first.
        case inFlightWindowFull
        /// Host name resolution failed (getaddrinfo).
        case nameResolution
        /// TLS setup or handshake failed (CA file, certificate, key, verification).
        case tls
        /// The network: refused, unreachable, reset, closed by the peer, keep-alive expired.
        case network
        /// No CONNACK arrived within the connect timeout.
        case timeout
        /// Any other libmosquitto failure (out of memory, protocol error, payload too large).
        case library

        public var description: String {
            switch self {
            case .invalidSettings: return "invalid settings"
            case .notConnected: return "not connected"
            case .invalidState: return "invalid state"
            case .invalidArgument: return "invalid argument"
            case .inFlightWindowFull: return "in-flight window full"
            case .nameResolution: return "name resolution failed"
            case .tls: return "TLS failure"
            case .network: return "network failure"
            case .timeout: return "timed out"
            case .library: return "libmosquitto failure"
            }
        }
    }

    public var kind: Kind
    /// What was being done: a libmosquitto function name ("mosquitto_connect_async") or a step
    /// ("settings.port", "keep-alive", "TLS handshake").
    public var operation: String
    /// The MOSQ_ERR_* code, 0 when the failure did not come from libmosquitto.
    public var code: Int32
    /// errno (or the getaddrinfo code for `.nameResolution`), 0 when not relevant.
    public var errno: Int32
    /// Human-readable detail: mosquitto_strerror's text, libmosquitto's own error log line, or ours.
    public var detail: String

    public init(_ kind: Kind, operation: String, code: Int32 = 0, errno: Int32 = 0, detail: String) {
        self.kind = kind
        self.operation = operation
        self.code = code
        self.errno = errno
        self.detail = detail
    }

    public var description: String {
        var text = "\(operation): \(kind.description): \(detail)"
        if code != 0 { text += " (mosquitto error \(code))" }
        if errno != 0 { text += kind == .nameResolution ? " (getaddrinfo \(errno))" : " (errno \(errno))" }
        return text
    }

    /// Classifies a failed libmosquitto call. `errno` must be read right after the call returned.
    static func fromLibrary(_ code: Int32, operation: String, errno: Int32) -> TransportError {
        if code == Mosquitto.lookupError {
            return TransportError(.nameResolution, operation: operation, code: code, errno: errno,
                                  detail: Mosquitto.lookupErrorText(errno))
        }
        if code == Mosquitto.errnoError {
            let text = csysErrorText(errno)
            return TransportError(.network, operation: operation, code: code, errno: errno, detail: text)
        }
        let kind: Kind
        switch code {
        case Mosquitto.noConnection: kind = .notConnected
        case Mosquitto.connectionLost, Mosquitto.keepAlive, Mosquitto.connectionRefused: kind = .network
        case Mosquitto.tls, Int32(MOSQ_ERR_TLS_HANDSHAKE.rawValue), Int32(MOSQ_ERR_OCSP.rawValue): kind = .tls
        case Int32(MOSQ_ERR_INVAL.rawValue), Int32(MOSQ_ERR_MALFORMED_UTF8.rawValue): kind = .invalidSettings
        default: kind = .library
        }
        return TransportError(kind, operation: operation, code: code, errno: 0, detail: Mosquitto.errorText(code))
    }
}

/// strerror's text for an errno value, copied (strerror's buffer is static).
func csysErrorText(_ code: Int32) -> String {
    guard let text = csys_strerror(code) else { return "errno \(code)" }
    return String(cString: text)
}
