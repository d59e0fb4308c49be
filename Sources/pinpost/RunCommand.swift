// `pinpost run -c FILE`: load the config, then hand it to the agent's loop until SIGTERM/SIGINT. SIGHUP
// reloads the same file with the same command-line overrides.
import Agent
import Config
import RingStore

enum RunCommand {
    static func run(_ flags: ConnectionFlags) -> ExitCode {
        switch loadConfig(flags) {
        case .success(let config):
            let log = Logger(minimumLevel: logLevel(config.logLevel))
            let agent: Agent
            do throws(StoreError) {
                agent = try Agent(config: config, version: pinpostVersion, log: log, reloadConfig: { loadConfig(flags) })
            } catch {
                log.error("cannot open the buffer; nothing was started", [("cause", error.description)])
                return .ioError
            }
            return agent.run() == 0 ? .ok : .software
        case .failure(let errors):
            reportConfigErrors(errors)
            return .configInvalid
        }
    }

    static func logLevel(_ level: ConfigLogLevel) -> LogLevel {
        switch level {
        case .error: return .error
        case .warn: return .warning
        case .info: return .info
        case .debug: return .debug
        }
    }
}
