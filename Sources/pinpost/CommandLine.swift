// The command line, parsed by hand: the same code runs in the SwiftPM build and in the Embedded firmware,
// where neither ArgumentParser nor Foundation is available.

/// What the user asked for.
enum PinpostCommand: Equatable {
    case run(ConnectionFlags)
    case check(ConnectionFlags)
    case probe(ConnectionFlags)
    case claim(ClaimFlags)
    case status(StatusFlags)
    case version
    case help
}

/// `-c FILE` plus the connection overrides shared by `run` and `check`.
struct ConnectionFlags: Equatable {
    var configPath = defaultConfigPath
    var host: String? = nil
    var port: Int? = nil
    var token: String? = nil
    var caFile: String? = nil
    var logLevel: String? = nil
}

let defaultConfigPath = "/etc/pinpost/pinpost.json"

/// `pinpost status`: the status file named by the config, or `--file FILE` directly.
struct StatusFlags: Equatable {
    var statusFile: String? = nil
    var connection = ConnectionFlags()
}

/// `pinpost claim DEVICE --secret S --duration-ms N` plus the connection flags.
struct ClaimFlags: Equatable {
    var device: String
    var secretKey = ""
    var durationMs: Int64? = nil
    var connection = ConnectionFlags()
}

/// A command line that cannot be run; the message says what is wrong and the process exits 64.
struct UsageError: Error, Equatable, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Parses `arguments` (without the program name).
func parseCommandLine(_ arguments: [String]) throws(UsageError) -> PinpostCommand {
    guard let first = arguments.first else { return .help }
    let rest = Array(arguments.dropFirst())
    switch first {
    case "--version", "-V", "version":
        try expectNothing(after: first, rest)
        return .version
    case "--help", "-h", "help":
        return .help
    case "run":
        return .run(try parseConnectionFlags(rest, command: "run"))
    case "check":
        return .check(try parseConnectionFlags(rest, command: "check"))
    case "probe":
        return .probe(try parseConnectionFlags(rest, command: "probe"))
    case "claim":
        return .claim(try parseClaim(rest))
    case "status":
        return .status(try parseStatus(rest))
    default:
        if first.hasPrefix("-") {
            throw UsageError(message: "unknown option '\(first)' (a command comes first: pinpost run -c FILE)")
        }
        throw UsageError(message: "unknown command '\(first)' (commands: run, check, status, probe, claim; see pinpost --help)")
    }
}

private func expectNothing(after word: String, _ rest: [String]) throws(UsageError) {
    if let extra = rest.first {
        throw UsageError(message: "'\(word)' takes no arguments, got '\(extra)'")
    }
}

private func parseStatus(_ arguments: [String]) throws(UsageError) -> StatusFlags {
    var flags = StatusFlags()
    var rest: [String] = []
    var index = 0
    while index < arguments.count {
        let (name, inlineValue) = splitOption(arguments[index])
        index += 1
        if name == "--file" {
            if let inlineValue {
                flags.statusFile = inlineValue
            } else {
                guard index < arguments.count else { throw UsageError(message: "status: option '--file' needs a value") }
                flags.statusFile = arguments[index]
                index += 1
            }
        } else {
            rest.append(arguments[index - 1])
        }
    }
    flags.connection = try parseConnectionFlags(rest, command: "status")
    return flags
}

/// `claim DEVICE` then its own options (`--secret`, `--duration-ms`) mixed with the connection flags.
private func parseClaim(_ arguments: [String]) throws(UsageError) -> ClaimFlags {
    guard let device = arguments.first, !device.hasPrefix("-"), !device.isEmpty else {
        throw UsageError(message: "claim: name the device first: pinpost claim DEVICE [--secret S] [--duration-ms N] -c FILE")
    }
    var claim = ClaimFlags(device: device)
    var connectionArguments: [String] = []
    var index = 1
    while index < arguments.count {
        let (name, inlineValue) = splitOption(arguments[index])
        index += 1
        guard name == "--secret" || name == "--duration-ms" else {
            connectionArguments.append(arguments[index - 1])
            // A connection flag's value travels with it (unless given as --flag=value).
            if inlineValue == nil, name.hasPrefix("-"), index < arguments.count {
                connectionArguments.append(arguments[index])
                index += 1
            }
            continue
        }
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            guard index < arguments.count else { throw UsageError(message: "claim: option '\(name)' needs a value") }
            value = arguments[index]
            index += 1
        }
        if name == "--secret" {
            claim.secretKey = value
        } else {
            guard let duration = Int64(value), duration > 0 else {
                throw UsageError(message: "claim: --duration-ms must be a positive number of milliseconds, got '\(value)'")
            }
            claim.durationMs = duration
        }
    }
    claim.connection = try parseConnectionFlags(connectionArguments, command: "claim")
    return claim
}

private func parseConnectionFlags(_ arguments: [String], command: String) throws(UsageError) -> ConnectionFlags {
    var flags = ConnectionFlags()
    var seen: [String] = []
    var index = 0
    while index < arguments.count {
        let (name, inlineValue) = splitOption(arguments[index])
        index += 1
        if name == "-v" || name == "--verbose" {
            guard !seen.contains("--log-level") else { throw UsageError(message: "\(command): -v and --log-level given together") }
            seen.append("--log-level")
            flags.logLevel = "debug"
            continue
        }
        guard name.hasPrefix("-") else {
            throw UsageError(message: "\(command): unexpected argument '\(name)' (options: -c FILE, --host, --port, --token, --ca, --log-level, -v)")
        }
        let canonical = name == "-c" ? "--config" : name
        guard knownFlags.contains(canonical) else {
            throw UsageError(message: "\(command): unknown option '\(name)' (options: -c FILE, --host, --port, --token, --ca, --log-level, -v)")
        }
        if seen.contains(canonical) {
            throw UsageError(message: "\(command): option '\(name)' given twice")
        }
        seen.append(canonical)
        let value: String
        if let inlineValue {
            value = inlineValue
        } else {
            guard index < arguments.count else { throw UsageError(message: "\(command): option '\(name)' needs a value") }
            value = arguments[index]
            index += 1
        }
        guard !value.isEmpty else { throw UsageError(message: "\(command): option '\(name)' needs a non-empty value") }
        switch canonical {
        case "--config": flags.configPath = value
        case "--host": flags.host = value
        case "--port":
            guard let port = Int(value), port >= 1, port <= 65535 else {
                throw UsageError(message: "\(command): --port must be a number from 1 to 65535, got '\(value)'")
            }
            flags.port = port
        case "--token": flags.token = value
        case "--ca": flags.caFile = value
        default:
            guard logLevels.contains(value) else {
                throw UsageError(message: "\(command): --log-level must be one of error, warn, info, debug, got '\(value)'")
            }
            flags.logLevel = value
        }
    }
    return flags
}

private let knownFlags = ["--config", "--host", "--port", "--token", "--ca", "--log-level"]
private let logLevels = ["error", "warn", "info", "debug"]

/// `--port=1883` and `--port 1883` are both accepted.
private func splitOption(_ argument: String) -> (String, String?) {
    guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
    return (String(argument[..<equals]), String(argument[argument.index(after: equals)...]))
}
