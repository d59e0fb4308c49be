// The `pinpost` executable: reads argv (from C in the firmware, where C owns main), dispatches to a
// command, and exits with a documented code (ExitCode.swift).
import CSystem
import Hardware
import Transport

@main
struct PinpostMain {
    static func main() {
        let code: ExitCode
        do throws(UsageError) {
            code = run(try parseCommandLine(commandLineArguments()))
        } catch {
            Output.err("pinpost: \(error.message)\n")
            code = .usage
        }
        exit(code.rawValue)
    }

    static func run(_ command: PinpostCommand) -> ExitCode {
        switch command {
        case .version:
            Output.out("pinpost \(pinpostVersion) (libmosquitto \(mosquittoLibraryVersion()), libgpiod \(gpiodLibraryVersion()))\n")
            return .ok
        case .help:
            Output.out(helpText)
            return .ok
        case .check(let flags):
            return CheckCommand.run(flags)
        case .run(let flags):
            return RunCommand.run(flags)
        case .probe(let flags):
            return ProbeCommand.run(flags)
        case .claim(let flags):
            return ClaimCommand.run(flags)
        case .status(let flags):
            return StatusCommand.run(flags)
        }
    }

    /// argv without the program name. Embedded Swift has no `CommandLine`; CSystem hands argv over.
    static func commandLineArguments() -> [String] {
        var arguments: [String] = []
        var index: Int32 = 1
        while index < csys_argc() {
            if let argument = csys_argv(index) { arguments.append(String(cString: argument)) }
            index += 1
        }
        return arguments
    }
}
