// Validates a parsed pinpost.json section by section and builds the resolved PinpostConfig. Every problem
// goes into one IssueList (nothing stops at the first), so `pinpost check` prints all of them at once.
// Sections live in their own files as extensions: connection, buffer, devices, claims.
import JSON

struct ConfigValidator {
    var issues: IssueList
    /// The config file's path, for resolving a relative board path and for messages.
    let configPath: String
    /// The default MQTT client id is `pinpost-<hostName>`.
    let hostName: String
    /// Whether files the config names (CA, certificate, key) must be readable now.
    let checkReferencedFiles: Bool
    /// The board, once resolved; nil when it could not be loaded (pin and bus checks are then skipped).
    var board: Board? = nil
    /// Every device name written in the file, valid device or not (claims refer to them).
    var writtenDeviceNames: [String] = []

    init(configPath: String, hostName: String, checkReferencedFiles: Bool) {
        self.issues = IssueList(file: configPath)
        self.configPath = configPath
        self.hostName = hostName
        self.checkReferencedFiles = checkReferencedFiles
    }

    /// The resolved config, or nil when there were errors (they are in `issues`).
    mutating func validate(_ root: JSONValue) -> PinpostConfig? {
        guard var reader = ObjectReader.make(root, path: "", issues: &issues) else { return nil }
        board = resolveBoard(&reader)
        let connection = parseConnection(&reader)
        let buffer = parseBuffer(&reader)
        let gateway = parseGateway(&reader)
        let logLevel = parseLog(&reader)
        let devices = parseDevices(&reader)
        let claims = parseClaims(&reader)
        reader.finish(issues: &issues)
        guard !issues.hasErrors, let board, let connection else { return nil }
        return PinpostConfig(path: configPath, board: board, connection: connection, buffer: buffer, gateway: gateway,
                             logLevel: logLevel, devices: devices, claims: claims, warnings: issues.warnings)
    }

    // MARK: board

    /// `"board": "rpi4b"` (built-in) or a path to a board file (relative to the config file's directory).
    private mutating func resolveBoard(_ reader: inout ObjectReader) -> Board? {
        guard let name = reader.string("board", required: true, issues: &issues) else { return nil }
        do throws(ConfigErrors) {
            if BuiltinBoards.names.contains(name) { return try Board.load(builtin: name) }
            if name.utf8.contains(UInt8(ascii: "/")) || name.hasSuffix(".json") {
                return try Board.load(path: Self.resolve(name, relativeTo: configPath))
            }
        } catch {
            issues.absorb(error)
            issues.error("board", "board \"\(name)\" has errors (listed above)")
            return nil
        }
        issues.error("board", "unknown board \"\(name)\" (built-in: \(Suggestion.list(BuiltinBoards.names)), or a path to a board file)"
                     + Suggestion.hint(for: name, among: BuiltinBoards.names))
        return nil
    }

    /// `path` as seen from the directory of `file` (absolute paths are kept).
    static func resolve(_ path: String, relativeTo file: String) -> String {
        if path.hasPrefix("/") { return path }
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return path }
        return String(file[...slash]) + path
    }

    // MARK: gateway, log

    private mutating func parseGateway(_ root: inout ObjectReader) -> GatewayConfig {
        var gateway = GatewayConfig()
        guard var reader = root.object("gateway", issues: &issues) else { return gateway }
        if let interval = reader.integer("telemetryIntervalMs", in: 1000...86_400_000, default: gateway.telemetryIntervalMs,
                                         unit: " ms", issues: &issues) {
            gateway.telemetryIntervalMs = interval
        }
        gateway.statusFile = absolutePath(&reader, "statusFile")
        reader.finish(issues: &issues)
        return gateway
    }

    private mutating func parseLog(_ root: inout ObjectReader) -> ConfigLogLevel {
        guard var reader = root.object("log", issues: &issues) else { return .info }
        let level = reader.choice("level", ConfigLogLevel.choices, default: .info, issues: &issues) ?? .info
        reader.finish(issues: &issues)
        return level
    }

    /// A path that must be absolute (the service runs with `/` as its working directory).
    mutating func absolutePath(_ reader: inout ObjectReader, _ key: String) -> String? {
        guard let path = reader.string(key, issues: &issues) else { return nil }
        guard path.hasPrefix("/") else {
            issues.error(reader.field(key), "must be an absolute path, got \"\(path)\"")
            return nil
        }
        return path
    }

    /// Errors when a file the config names cannot be read now (only when checking referenced files).
    mutating func requireReadable(_ path: String, at field: String) {
        guard checkReferencedFiles, let reason = FileReader.unreadableReason(path) else { return }
        issues.error(field, "cannot read \(path): \(reason)")
    }

    // MARK: claims

    private mutating func parseClaims(_ root: inout ObjectReader) -> [ClaimConfig] {
        guard let values = root.array("claims", issues: &issues) else { return [] }
        let names = writtenDeviceNames
        var claims: [ClaimConfig] = []
        var claimedAt: [(String, String)] = []  // (device, path)
        for (index, value) in values.enumerated() {
            guard var reader = ObjectReader.make(value, path: "claims[\(index)]", issues: &issues) else { continue }
            let device = reader.string("device", required: true, issues: &issues)
            var secretKey = ""
            if let value = reader.value("secretKey") {
                if let text = value.stringValue { secretKey = text } else {
                    issues.error(reader.field("secretKey"), "expected a string, got \(value.kindName)")
                }
            }
            var durationMs: Int64? = nil
            if let value = reader.value("durationMs") {
                if let number = value.intValue, number >= 0, number <= 315_360_000_000 {
                    durationMs = number == 0 ? nil : number
                } else {
                    issues.error(reader.field("durationMs"), "must be an integer from 0 to 315360000000 ms (0: the server's default)")
                }
            }
            reader.finish(issues: &issues)
            guard let device else { continue }
            if !names.contains(device) {
                // Any gateway message naming a device creates it on the platform: only configured ones.
                issues.error(reader.field("device"), "unknown device \"\(device)\" (claims name configured devices)"
                             + Suggestion.hint(for: device, among: names))
            } else if let first = claimedAt.first(where: { $0.0 == device }) {
                issues.error(reader.field("device"), "device \"\(device)\" is already claimed at \(first.1)")
            } else {
                claimedAt.append((device, reader.path))
                claims.append(ClaimConfig(device: device, secretKey: secretKey, durationMs: durationMs))
            }
        }
        return claims
    }
}
