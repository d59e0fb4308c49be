// Structured log lines: one line per event, `level=... msg="..." key=value ...`, written to stderr (journald
// adds its own timestamp under systemd; a timestamp is added here too for plain terminals and files).
//
// Secrets never reach this type: callers log `Redacted` descriptions of credentials (Config and Transport
// guarantee their descriptions hide tokens and passwords), and no payload of a credential topic is logged.
import CSystem

public enum LogLevel: Int, Comparable, Sendable, CustomStringConvertible {
    case debug = 0, info, warning, error

    public static func < (a: LogLevel, b: LogLevel) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .debug: return "debug"
        case .info: return "info"
        case .warning: return "warn"
        case .error: return "error"
        }
    }

    /// Parses "debug", "info", "warn"/"warning", "error".
    public init?(name: String) {
        switch name {
        case "debug": self = .debug
        case "info": self = .info
        case "warn", "warning": self = .warning
        case "error": self = .error
        default: return nil
        }
    }
}

public final class Logger {
    public var minimumLevel: LogLevel
    /// Where finished lines go; stderr by default, replaceable in tests.
    public var sink: (String) -> Void
    /// Wall clock in Unix ms, replaceable in tests.
    public var clock: () -> Int64

    public init(minimumLevel: LogLevel = .info,
                sink: @escaping (String) -> Void = Logger.writeToStderr,
                clock: @escaping () -> Int64 = { csys_wall_ms() }) {
        self.minimumLevel = minimumLevel
        self.sink = sink
        self.clock = clock
    }

    public func log(_ level: LogLevel, _ message: String, _ fields: [(String, String)] = []) {
        guard level >= minimumLevel else { return }
        var line = Logger.timestamp(clock())
        line += " level=\(level) msg="
        line += Logger.quoted(message)
        for (key, value) in fields {
            line += " \(key)="
            line += Logger.needsQuotes(value) ? Logger.quoted(value) : value
        }
        sink(line)
    }

    public func debug(_ message: String, _ fields: [(String, String)] = []) { log(.debug, message, fields) }
    public func info(_ message: String, _ fields: [(String, String)] = []) { log(.info, message, fields) }
    public func warning(_ message: String, _ fields: [(String, String)] = []) { log(.warning, message, fields) }
    public func error(_ message: String, _ fields: [(String, String)] = []) { log(.error, message, fields) }

    public static func writeToStderr(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(0x0A)
        csys_write_stderr(bytes, bytes.count)
    }

    /// ISO 8601 UTC with milliseconds, from Unix ms (civil-from-days, so no libc time formatting is needed).
    static func timestamp(_ unixMs: Int64) -> String {
        let ms = Int(((unixMs % 1000) + 1000) % 1000)
        var seconds = (unixMs - Int64(ms)) / 1000
        let days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400
        seconds -= days * 86400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return "\(year)-\(pad(month, 2))-\(pad(day, 2))T\(pad(Int(seconds / 3600), 2)):"
            + "\(pad(Int(seconds / 60 % 60), 2)):\(pad(Int(seconds % 60), 2)).\(pad(ms, 3))Z"
    }

    /// Howard Hinnant's days-to-civil algorithm (proleptic Gregorian).
    static func civilDate(daysSinceEpoch: Int64) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        var text = "\(value)"
        while text.utf8.count < width { text = "0" + text }
        return text
    }

    static func needsQuotes(_ value: String) -> Bool {
        if value.isEmpty { return true }
        for byte in value.utf8 where byte <= 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "=") {
            return true
        }
        return false
    }

    /// Quotes a value, escaping quotes, backslashes and control characters so one event stays one line.
    static func quoted(_ value: String) -> String {
        var out: [UInt8] = [UInt8(ascii: "\"")]
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): out += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: out += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x00..<0x20, 0x7F: out.append(UInt8(ascii: "?"))
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
        return String(decoding: out, as: UTF8.self)
    }
}
