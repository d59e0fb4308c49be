// Makes and configures the libmosquitto instance for one connection attempt: protocol version, send window,
// TCP_NODELAY, credentials and TLS. Nothing here touches the network; Transport installs the callbacks and
// starts the connection. Errors never quote a token, user name or password.
import CMosquitto
import CSystem

enum ClientSetup {
    /// A configured client (clean session), or a typed error naming the failing call. On error nothing is
    /// left allocated.
    static func makeClient(for settings: TransportSettings, userdata: UnsafeMutableRawPointer) throws(TransportError) -> OpaquePointer {
        let clientID = settings.effectiveClientID
        // An empty id lets the broker assign one (MQTT 3.1.1 allows it with a clean session).
        let created: OpaquePointer? = clientID.isEmpty
            ? mosquitto_new(nil, true, userdata)
            : clientID.withCString { mosquitto_new($0, true, userdata) }
        guard let client = created else {
            throw TransportError(.library, operation: "mosquitto_new", errno: csys_errno(), detail: "could not create a client")
        }
        do {
            try configure(client, settings)
        } catch {
            mosquitto_destroy(client)
            throw error
        }
        return client
    }

    private static func configure(_ client: OpaquePointer, _ settings: TransportSettings) throws(TransportError) {
        try check(mosquitto_int_option(client, MOSQ_OPT_PROTOCOL_VERSION, settings.protocolVersion.libraryValue),
                  "mosquitto_int_option(PROTOCOL_VERSION)")
        // libmosquitto's own window matches Transport's, so it never queues a QoS 1 message behind the ones
        // in flight (Transport refuses the publish instead, and the agent keeps it in its store).
        try check(mosquitto_int_option(client, MOSQ_OPT_SEND_MAXIMUM, Int32(settings.maxInFlight)),
                  "mosquitto_int_option(SEND_MAXIMUM)")
        // Small packets (PUBACKs, RPC replies) go out at once instead of waiting for Nagle's timer.
        try check(mosquitto_int_option(client, MOSQ_OPT_TCP_NODELAY, 1), "mosquitto_int_option(TCP_NODELAY)")
        try applyCredentials(settings.credentials, to: client)
        if let tls = settings.tls { try applyTLS(tls, credentials: settings.credentials, to: client) }
    }

    private static func applyCredentials(_ credentials: TransportCredentials, to client: OpaquePointer) throws(TransportError) {
        switch credentials {
        case .accessToken(let token):
            // ThingsBoard: the token is the MQTT user name, with no password.
            let code = token.withCString { mosquitto_username_pw_set(client, $0, nil) }
            try check(code, "mosquitto_username_pw_set")
        case .basic(_, let username, let password):
            guard !username.isEmpty else { return }
            let code = username.withCString { user in
                password.isEmpty
                    ? mosquitto_username_pw_set(client, user, nil)
                    : password.withCString { mosquitto_username_pw_set(client, user, $0) }
            }
            try check(code, "mosquitto_username_pw_set")
        case .x509:
            break  // the certificate goes with the TLS settings
        }
    }

    private static func applyTLS(_ tls: TLSSettings, credentials: TransportCredentials,
                                 to client: OpaquePointer) throws(TransportError) {
        var certFile: String?
        var keyFile: String?
        if case .x509(let cert, let key) = credentials {
            certFile = cert
            keyFile = key
        }
        // mosquitto_tls_set only checks that the files can be opened; their contents are loaded (and
        // errors logged) when the connection starts.
        let code = tls.caFile.withCString { ca in
            withOptionalCString(certFile) { cert in
                withOptionalCString(keyFile) { key in mosquitto_tls_set(client, ca, nil, cert, key, nil) }
            }
        }
        if code != Mosquitto.success {
            var files = "CA file \(tls.caFile)"
            if let certFile, let keyFile { files += ", certificate \(certFile), key \(keyFile)" }
            throw TransportError(.tls, operation: "mosquitto_tls_set", code: code,
                                 detail: "\(Mosquitto.errorText(code)) (is each file readable? \(files))")
        }
        // Verification on by default: the server's chain must lead to the CA and its name match the host.
        try check(mosquitto_tls_opts_set(client, tls.verifyServer ? Mosquitto.sslVerifyPeer : 0, nil, nil),
                  "mosquitto_tls_opts_set")
        try check(mosquitto_tls_insecure_set(client, !tls.verifyServer), "mosquitto_tls_insecure_set")
    }

    private static func check(_ code: Int32, _ operation: String) throws(TransportError) {
        guard code == Mosquitto.success else {
            throw TransportError.fromLibrary(code, operation: operation, errno: csys_errno())
        }
    }
}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}
