// `connection`: broker address, MQTT options, credentials (exactly one kind) and TLS. Secrets are never
// echoed in messages: a wrong token is reported by field, not by value.
import JSON

extension ConfigValidator {
    mutating func parseConnection(_ root: inout ObjectReader) -> ConnectionConfig? {
        guard var reader = root.object("connection", issues: &issues) else {
            if !root.has("connection") { issues.error("connection", "missing (required: at least host and credentials)") }
            return nil
        }
        let host = reader.string("host", required: true, issues: &issues)
        if let host, host.utf8.contains(where: { $0 <= 0x20 || $0 == UInt8(ascii: "/") }) {
            issues.error(reader.field("host"), "\"\(host)\" is not a host name or address (no spaces, no scheme or path)")
        }
        let tls = parseTLS(&reader)
        let port = reader.integer("port", in: 1...65535, default: tls == nil ? 1883 : 8883, issues: &issues)
        if let port, reader.has("port") {
            if tls != nil && port == 1883 {
                issues.warning(reader.field("port"), "1883 is the plain MQTT port, but TLS is on (ThingsBoard's TLS port is 8883)")
            } else if tls == nil && port == 8883 {
                issues.warning(reader.field("port"), "8883 is the MQTT-over-TLS port, but TLS is off (add \"tls\": {})")
            }
        }
        let version = reader.choice("mqttVersion", MQTTVersion.choices, default: .v311, issues: &issues)
        let clientId = reader.string("clientId", issues: &issues)
        // The server drops sessions idle for 600 s; a longer keep-alive could not keep one open.
        let keepAlive = reader.integer("keepAliveSeconds", in: 5...600, default: 60, unit: " s", issues: &issues)
        let credentials = parseCredentials(&reader, tls: tls, clientId: clientId)
        let maxPayload = reader.integer("maxPayloadBytes", in: 1024...65536, default: 16384, issues: &issues)
        let maxInflight = reader.integer("maxInflight", in: 1...1000, default: 100, issues: &issues)
        reader.finish(issues: &issues)

        guard let host, let port, let version, let keepAlive, let credentials, let maxPayload, let maxInflight else { return nil }
        var resolvedClientId = clientId ?? (hostName.isEmpty ? "pinpost" : "pinpost-\(hostName)")
        if case .basic(let basic) = credentials, let basicClientId = basic.clientId { resolvedClientId = basicClientId }
        return ConnectionConfig(host: host, port: port, mqttVersion: version, clientId: resolvedClientId,
                                keepAliveSeconds: keepAlive, credentials: credentials, tls: tls,
                                maxPayloadBytes: maxPayload, maxInflight: maxInflight)
    }

    private mutating func parseTLS(_ connection: inout ObjectReader) -> TLSConfig? {
        guard var reader = connection.object("tls", issues: &issues) else { return nil }
        let caFile = reader.string("caFile", issues: &issues) ?? TLSConfig.defaultCAFile
        requireReadable(caFile, at: reader.field("caFile"))
        let verify = reader.bool("verifyServer", default: true, issues: &issues)
        if !verify {
            issues.warning(reader.field("verifyServer"),
                           "server certificate verification is off: anyone on the path can impersonate the server and read the credentials")
        }
        reader.finish(issues: &issues)
        return TLSConfig(caFile: caFile, verifyServer: verify)
    }

    private mutating func parseCredentials(_ connection: inout ObjectReader, tls: TLSConfig?,
                                           clientId: String?) -> CredentialsConfig? {
        guard var reader = connection.object("credentials", issues: &issues) else {
            if !connection.has("credentials") {
                issues.error(connection.field("credentials"), "missing (required: one of accessToken, basic, x509; or --token)")
            }
            return nil
        }
        let kinds = ["accessToken", "basic", "x509"]
        var given: [String] = []
        for kind in kinds where reader.has(kind) { given.append(kind) }
        reader.accept(kinds)
        reader.finish(issues: &issues)
        guard given.count == 1 else {
            if given.isEmpty {
                issues.error(reader.path, "give one of accessToken, basic, x509")
            } else {
                issues.error(reader.path, "give only one of accessToken, basic, x509 (found \(Suggestion.list(given)))")
            }
            return nil
        }
        switch given[0] {
        case "accessToken":
            guard let token = reader.string("accessToken", issues: &issues) else { return nil }
            if token.utf8.contains(where: { $0 <= 0x20 }) {
                issues.error(reader.field("accessToken"), "must not contain spaces or control characters")
                return nil
            }
            return .accessToken(token)
        case "basic":
            guard var basic = reader.object("basic", issues: &issues) else { return nil }
            let basicClientId = basic.string("clientId", issues: &issues)
            let username = basic.string("username", issues: &issues)
            let password = basic.string("password", issues: &issues)
            basic.finish(issues: &issues)
            if basicClientId == nil && username == nil {
                issues.error(basic.path, "needs a clientId, a username, or both")
                return nil
            }
            if password != nil && username == nil {
                issues.error(basic.field("password"), "a password needs a username")
                return nil
            }
            if let clientId, let basicClientId, clientId != basicClientId {
                issues.error(connection.field("clientId"), "differs from credentials.basic.clientId (give the client id once)")
                return nil
            }
            return .basic(BasicCredentials(clientId: basicClientId, username: username, password: password))
        default:
            guard var x509 = reader.object("x509", issues: &issues) else { return nil }
            let certFile = x509.string("certFile", required: true, issues: &issues)
            let keyFile = x509.string("keyFile", required: true, issues: &issues)
            x509.finish(issues: &issues)
            if let certFile { requireReadable(certFile, at: x509.field("certFile")) }
            if let keyFile { requireReadable(keyFile, at: x509.field("keyFile")) }
            if tls == nil {
                issues.error(x509.path, "X.509 client certificates need TLS: add \"tls\": {\"caFile\": ...} to connection")
                return nil
            }
            guard let certFile, let keyFile else { return nil }
            return .x509(certFile: certFile, keyFile: keyFile)
        }
    }
}
