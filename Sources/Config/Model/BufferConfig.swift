// `buffer`: the offline ring store's place, size and how often it is flushed to storage.

public struct BufferConfig: Equatable, Sendable, CustomStringConvertible {
    public var mode: BufferMode
    /// The ring file (file mode); kept in memory mode too, but unused.
    public var path: String
    /// Fixed size of the ring in bytes; it never grows.
    public var sizeBytes: Int
    public var sync: BufferSyncPolicy

    public init(mode: BufferMode = .file, path: String = BufferConfig.defaultPath,
                sizeBytes: Int = BufferConfig.defaultSizeBytes, sync: BufferSyncPolicy = BufferSyncPolicy()) {
        self.mode = mode
        self.path = path
        self.sizeBytes = sizeBytes
        self.sync = sync
    }

    public static let defaultPath = "/var/lib/pinpost/buffer.ring"
    public static let defaultSizeBytes = 4 * 1024 * 1024
    public static let minimumSizeBytes = 64 * 1024
    public static let maximumSizeBytes = 1024 * 1024 * 1024

    public var description: String {
        switch mode {
        case .file: return "file \(path), \(sizeBytes) bytes, \(sync)"
        case .memory: return "memory only, \(sizeBytes) bytes (lost on restart)"
        }
    }
}

public enum BufferMode: Equatable, Sendable, CustomStringConvertible {
    /// A file that survives restarts and power cuts.
    case file
    /// RAM only, for boards with read-only storage.
    case memory

    public var description: String { self == .file ? "file" : "memory" }

    static let choices: [(String, BufferMode)] = [("file", .file), ("memory", .memory)]
}

/// `buffer.sync`: appended records are flushed to storage (fdatasync) after `everyRecords` records or
/// `everyMs` milliseconds, whichever comes first. A power cut loses at most what was not yet flushed.
public struct BufferSyncPolicy: Equatable, Sendable, CustomStringConvertible {
    public var everyRecords: Int
    public var everyMs: Int

    public init(everyRecords: Int = 32, everyMs: Int = 1000) {
        self.everyRecords = everyRecords
        self.everyMs = everyMs
    }

    public var description: String { "sync every \(everyRecords) records or \(everyMs) ms" }
}
