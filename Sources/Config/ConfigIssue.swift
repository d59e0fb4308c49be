// One problem found in a config or board file, and the error that carries all of them. Problems are
// collected, not thrown one by one, so that `pinpost check` shows every mistake in a single run.

/// A problem at one place of one file: printed as `file:field: reason`, e.g.
/// `/etc/pinpost/pinpost.json:devices[2].gpio[0].pin: unknown pin "GPIO71" (did you mean "GPIO7"?)`.
/// `field` is a path into the JSON (`connection.port`, `devices[0].i2c.address`), `offset N` for a JSON
/// syntax error, or empty when the problem is the file as a whole (it cannot be read).
public struct ConfigIssue: Equatable, Sendable, CustomStringConvertible {
    public var file: String
    public var field: String
    public var reason: String

    public init(file: String, field: String, reason: String) {
        self.file = file
        self.field = field
        self.reason = reason
    }

    public var description: String {
        field.isEmpty ? "\(file): \(reason)" : "\(file):\(field): \(reason)"
    }
}

/// Why a config (or board file) was refused: every error found, plus the warnings gathered on the way
/// (the CLI prints both). Never empty of errors when thrown.
public struct ConfigErrors: Error, Equatable, Sendable, CustomStringConvertible {
    public var errors: [ConfigIssue]
    public var warnings: [ConfigIssue]

    public init(errors: [ConfigIssue], warnings: [ConfigIssue] = []) {
        self.errors = errors
        self.warnings = warnings
    }

    /// One error per line, `file:field: reason`, in the order they were found (warnings not included).
    public var description: String {
        var text = ""
        for issue in errors {
            if !text.isEmpty { text += "\n" }
            text += issue.description
        }
        return text
    }
}

/// Collects the errors and warnings of one file while it is validated.
struct IssueList {
    let file: String
    private(set) var errors: [ConfigIssue] = []
    private(set) var warnings: [ConfigIssue] = []

    init(file: String) { self.file = file }

    mutating func error(_ field: String, _ reason: String) {
        errors.append(ConfigIssue(file: file, field: field, reason: reason))
    }

    mutating func warning(_ field: String, _ reason: String) {
        warnings.append(ConfigIssue(file: file, field: field, reason: reason))
    }

    /// Issues of another file (a board file read on behalf of this config) join this list.
    mutating func absorb(_ other: ConfigErrors) {
        errors += other.errors
        warnings += other.warnings
    }

    var hasErrors: Bool { !errors.isEmpty }
}
