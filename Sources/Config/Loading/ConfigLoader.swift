// Reads, parses and validates a pinpost.json: the one entry point of this module for the agent and the
// CLI. Failures come back as ConfigErrors listing every problem as `file:field: reason`.
import JSON

public struct ConfigLoader {
    public var overrides: ConfigOverrides
    /// Whether files the config names (CA, client certificate and key) must be readable now. On for
    /// `pinpost check` and `run`; tests of configs written for another machine turn it off.
    public var checkReferencedFiles: Bool
    /// Host name used for the default MQTT client id (`pinpost-<hostName>`); this machine's by default.
    public var hostName: String

    public init(overrides: ConfigOverrides = ConfigOverrides(), checkReferencedFiles: Bool = true) {
        self.overrides = overrides
        self.checkReferencedFiles = checkReferencedFiles
        self.hostName = FileReader.hostName()
    }

    /// Loads the config file at `path`. A board given as a relative path is found next to it.
    public func load(path: String) throws(ConfigErrors) -> PinpostConfig {
        let contents: FileContents
        do throws(FileReadError) {
            contents = try FileReader.read(path)
        } catch {
            throw ConfigErrors(errors: [ConfigIssue(file: path, field: "", reason: error.reason)])
        }
        return try load(bytes: contents.bytes, path: path, permissions: contents.permissions)
    }

    /// Loads a config from its text; `path` names it in messages and anchors a relative board path.
    /// `permissions` (st_mode & 0o777) enables the warning about credentials readable by other users.
    public func load(bytes: [UInt8], path: String, permissions: UInt32? = nil) throws(ConfigErrors) -> PinpostConfig {
        let parsed: JSONValue
        do throws(JSONError) {
            parsed = try JSONParser.parse(bytes)
        } catch {
            throw ConfigErrors(errors: [JSONSyntaxIssue.make(error, in: bytes, file: path)])
        }
        var validator = ConfigValidator(configPath: path, hostName: hostName, checkReferencedFiles: checkReferencedFiles)
        if let permissions, permissions & 0o044 != 0, let field = Self.secretField(in: parsed) {
            validator.issues.warning(field, "this file holds credentials and is readable by other users (mode "
                                     + Self.octal(permissions) + "): chmod 600 \(path)")
        }
        guard let config = validator.validate(overrides.apply(to: parsed)) else {
            throw ConfigErrors(errors: validator.issues.errors, warnings: validator.issues.warnings)
        }
        return config
    }

    /// Where the file (before overrides) holds a secret: a token, basic credentials, a claim secret.
    static func secretField(in root: JSONValue) -> String? {
        if let credentials = root["connection"]?["credentials"],
           credentials["accessToken"] != nil || credentials["basic"] != nil {
            return "connection.credentials"
        }
        for (index, claim) in (root["claims"]?.arrayValue ?? []).enumerated() {
            if let secret = claim["secretKey"]?.stringValue, !secret.isEmpty { return "claims[\(index)].secretKey" }
        }
        return nil
    }

    /// `0644`.
    static func octal(_ mode: UInt32) -> String {
        var text = ""
        var rest = mode & 0o7777
        for _ in 0..<4 {
            text = String(rest & 7) + text
            rest >>= 3
        }
        return text
    }
}
