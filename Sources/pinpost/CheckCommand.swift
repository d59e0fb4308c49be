// `pinpost check -c FILE`: load and validate the config and its board exactly as `run` would, then print
// the resolved devices and pins (exit 0) or every problem as `file:field: reason` (exit 2).
import Config
import Transport

enum CheckCommand {
    static func run(_ flags: ConnectionFlags) -> ExitCode {
        switch loadConfig(flags) {
        case .success(let config):
            Output.out(ConfigSummary.render(config))
            return .ok
        case .failure(let errors):
            reportConfigErrors(errors)
            return .configInvalid
        }
    }
}

/// The config with the command line's overrides applied before validation (so `--token` satisfies a
/// config without one). Shared by `check`, `run` and `claim`, which also need the connection it describes
/// to be possible with this binary; `probe` and `status` never connect (`connecting: false`).
func loadConfig(_ flags: ConnectionFlags, connecting: Bool = true) -> Result<PinpostConfig, ConfigErrors> {
    let overrides = ConfigOverrides(host: flags.host, port: flags.port, accessToken: flags.token,
                                    caFile: flags.caFile, logLevel: flags.logLevel)
    let config: PinpostConfig
    do throws(ConfigErrors) {
        config = try ConfigLoader(overrides: overrides).load(path: flags.configPath)
    } catch {
        return .failure(error)
    }
    // A binary built without TLS (make firmware TLS=no) would retry a TLS connection forever.
    if connecting && config.connection.tls != nil && !Transport.isTLSAvailable {
        let reason = "this pinpost was built without TLS (make firmware TLS=no): install a TLS build, or connect without \"tls\""
        return .failure(ConfigErrors(errors: [ConfigIssue(file: flags.configPath, field: "connection.tls", reason: reason)],
                                     warnings: config.warnings))
    }
    return .success(config)
}

/// Every error, then every warning, one per line on stderr.
func reportConfigErrors(_ errors: ConfigErrors) {
    var text = ""
    for issue in errors.errors { text += "\(issue.description)\n" }
    for issue in errors.warnings { text += "warning: \(issue.description)\n" }
    let count = errors.errors.count
    text += "pinpost: \(count) \(count == 1 ? "problem" : "problems") in \(errors.errors.first?.file ?? "the config"); nothing was started\n"
    Output.err(text)
}
