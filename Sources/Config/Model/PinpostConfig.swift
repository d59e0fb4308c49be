// The resolved configuration: what `ConfigLoader` hands to the agent and the CLI after validation. Plain
// values with every default filled in and every name resolved (pins to chip label + line, buses to device
// nodes, addresses to UInt8), so nothing downstream parses or re-checks the file.
import JSON

/// A validated pinpost.json. Its `description` is the `pinpost check` summary, which never contains a
/// credential (tokens, passwords, claim secrets).
public struct PinpostConfig: Equatable, Sendable, CustomStringConvertible {
    /// The config file it was read from (as given on the command line).
    public var path: String
    public var board: Board
    public var connection: ConnectionConfig
    public var buffer: BufferConfig
    public var gateway: GatewayConfig
    public var logLevel: ConfigLogLevel
    /// In file order; names are unique.
    public var devices: [DeviceConfig]
    public var claims: [ClaimConfig]
    /// Not errors, but worth a line from `pinpost check` and in the log at start-up.
    public var warnings: [ConfigIssue]

    public init(path: String, board: Board, connection: ConnectionConfig, buffer: BufferConfig,
                gateway: GatewayConfig, logLevel: ConfigLogLevel, devices: [DeviceConfig], claims: [ClaimConfig],
                warnings: [ConfigIssue]) {
        self.path = path
        self.board = board
        self.connection = connection
        self.buffer = buffer
        self.gateway = gateway
        self.logLevel = logLevel
        self.devices = devices
        self.claims = claims
        self.warnings = warnings
    }

    /// The device called `name`.
    public func device(named name: String) -> DeviceConfig? {
        for device in devices where device.name == name { return device }
        return nil
    }

    public var description: String { ConfigSummary.render(self) }
}

/// `log.level`.
public enum ConfigLogLevel: Equatable, Sendable, CustomStringConvertible {
    case error, warn, info, debug

    public var description: String {
        switch self {
        case .error: return "error"
        case .warn: return "warn"
        case .info: return "info"
        case .debug: return "debug"
        }
    }

    /// The names accepted in the config and on the command line, with their values.
    static let choices: [(String, ConfigLogLevel)] = [("error", .error), ("warn", .warn), ("info", .info), ("debug", .debug)]
}

/// `gateway`: the gateway's own behaviour.
public struct GatewayConfig: Equatable, Sendable {
    /// Period of the gateway's self-telemetry (uptime, buffer fill, drops), ms.
    public var telemetryIntervalMs: Int
    /// A file the agent rewrites with its status (JSON), or nil for none.
    public var statusFile: String?

    public init(telemetryIntervalMs: Int = 60_000, statusFile: String? = nil) {
        self.telemetryIntervalMs = telemetryIntervalMs
        self.statusFile = statusFile
    }
}

/// `claims[i]`: start claiming `device` after it is connected (`v1/gateway/claim`).
public struct ClaimConfig: Equatable, Sendable, CustomStringConvertible {
    /// A configured device's name.
    public var device: String
    /// The claiming secret ("" when not given, as the server defaults it). Never printed.
    public var secretKey: String
    /// How long the claim stays open, ms; nil lets the server use its default (86,400,000 ms).
    public var durationMs: Int64?

    public init(device: String, secretKey: String, durationMs: Int64?) {
        self.device = device
        self.secretKey = secretKey
        self.durationMs = durationMs
    }

    public var description: String {
        var text = "claim \(device) (secret key " + (secretKey.isEmpty ? "empty" : "set, redacted")
        if let durationMs { text += ", \(durationMs) ms" }
        return text + ")"
    }
}
