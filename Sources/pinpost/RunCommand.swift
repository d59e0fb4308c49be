// `pinpost run -c FILE`: load the config, then hand it to the agent's loop until SIGTERM/SIGINT.
import Config

enum RunCommand {
    static func run(_ flags: ConnectionFlags) -> ExitCode {
        switch loadConfig(flags) {
        case .success:
            Output.err("pinpost: run: the gateway agent is not part of this build yet\n")
            return .software
        case .failure(let errors):
            reportConfigErrors(errors)
            return .configInvalid
        }
    }
}
