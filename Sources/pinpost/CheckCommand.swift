// `pinpost check -c FILE`: load and validate the config and its board exactly as `run` would, then print
// the resolved devices and pins (exit 0) or every problem as `file:field: reason` (exit 2).
import Config

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
/// config without one). Shared by `check` and `run`.
func loadConfig(_ flags: ConnectionFlags) -> Result<PinpostConfig, ConfigErrors> {
    let overrides = ConfigOverrides(host: flags.host, port: flags.port, accessToken: flags.token,
                                    caFile: flags.caFile, logLevel: flags.logLevel)
    do throws(ConfigErrors) {
        return .success(try ConfigLoader(overrides: overrides).load(path: flags.configPath))
    } catch {
        return .failure(error)
    }
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
