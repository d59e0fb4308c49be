// Process exit codes, documented in the README ("Exit codes"); scripts and systemd act on them.
// The numbers follow sysexits.h where one fits, so they mean the same to an operator as elsewhere.

enum ExitCode: Int32 {
    /// Success (for `run`: a clean shutdown on SIGTERM/SIGINT).
    case ok = 0
    /// The config or board file is invalid; every problem is printed as `file:field: reason`.
    case configInvalid = 2
    /// The command line is wrong (EX_USAGE).
    case usage = 64
    /// `claim`: the broker could not be reached or did not acknowledge in time (EX_UNAVAILABLE).
    case unavailable = 69
    /// `run`: the buffer file cannot be opened or created (EX_IOERR).
    case ioError = 74
    /// An internal error that is a bug in pinpost (EX_SOFTWARE).
    case software = 70
}
