// Command-line overrides (`--host`, `--port`, `--token`, `--ca`, `--log-level`). They are written into the
// parsed JSON before validation, so they are checked like the file's own values and can fill what the
// file leaves out (a config without a token is valid with `--token`).
import JSON

public struct ConfigOverrides: Equatable, Sendable {
    /// Replaces `connection.host`.
    public var host: String?
    /// Replaces `connection.port`.
    public var port: Int?
    /// Replaces `connection.credentials` with `{"accessToken": ...}`.
    public var accessToken: String?
    /// Sets `connection.tls.caFile`, turning TLS on.
    public var caFile: String?
    /// Replaces `log.level` (`error`, `warn`, `info`, `debug`).
    public var logLevel: String?

    public init(host: String? = nil, port: Int? = nil, accessToken: String? = nil, caFile: String? = nil,
                logLevel: String? = nil) {
        self.host = host
        self.port = port
        self.accessToken = accessToken
        self.caFile = caFile
        self.logLevel = logLevel
    }

    /// `root` with the overrides written in. A section of the wrong type is left alone, so its error is
    /// still reported rather than hidden by the override.
    func apply(to root: JSONValue) -> JSONValue {
        guard var object = root.objectValue else { return root }
        if host != nil || port != nil || accessToken != nil || caFile != nil,
           var connection = Self.section(object["connection"]) {
            if let host { connection["host"] = .string(host) }
            if let port { connection["port"] = .int(Int64(port)) }
            if let accessToken { connection["credentials"] = ["accessToken": .string(accessToken)] }
            if let caFile, var tls = Self.section(connection["tls"]) {
                tls["caFile"] = .string(caFile)
                connection["tls"] = .object(tls)
            }
            object["connection"] = .object(connection)
        }
        if let logLevel, var log = Self.section(object["log"]) {
            log["level"] = .string(logLevel)
            object["log"] = .object(log)
        }
        return .object(object)
    }

    /// An object to write into: the existing one, a new one when absent, nil when it is not an object.
    private static func section(_ value: JSONValue?) -> JSONObject? {
        guard let value, !value.isNull else { return JSONObject() }
        return value.objectValue
    }
}
