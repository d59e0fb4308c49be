// `pinpost claim DEVICE --secret S --duration-ms N -c FILE`: one claim request through a short session.
import Agent
import Config

enum ClaimCommand {
    static func run(_ flags: ClaimFlags) -> ExitCode {
        switch loadConfig(flags.connection) {
        case .success(let config):
            let log = Logger(minimumLevel: RunCommand.logLevel(config.logLevel))
            switch ClaimOnce.run(config: config, device: flags.device, secretKey: flags.secretKey,
                                 durationMs: flags.durationMs, log: log) {
            case 0: return .ok
            case 2: return .configInvalid
            default: return .unavailable
            }
        case .failure(let errors):
            reportConfigErrors(errors)
            return .configInvalid
        }
    }
}
