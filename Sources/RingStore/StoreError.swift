// Why the ring store could not do what was asked: every case names the store (its path, or "(memory)")
// and, for I/O, the operation, the file offset and errno, so a log line alone explains the failure.
import CSystem

public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed: `operation` is "open", "pread", "pwrite", "fdatasync", "fallocate", ...
    case io(operation: String, path: String, offset: Int64, errno: Int32)
    /// The file's header records another size than the configuration asks for.
    case sizeMismatch(path: String, fileBytes: Int64, configuredBytes: Int64)
    /// The file exists but is not a pinpost ring file (no magic in either header slot, not blank).
    case notARingFile(path: String)
    /// The file was written by a newer format version.
    case unsupportedVersion(path: String, version: UInt32)
    /// The configured size is outside what a ring can be.
    case invalidSize(path: String, bytes: Int64, minimum: Int64, maximum: Int64)
    /// A payload larger than the store accepts (`limit` bytes).
    case recordTooLarge(path: String, bytes: Int, limit: Int)
    /// Kind 0 is reserved for the store's own padding records.
    case invalidKind(path: String, kind: UInt8)
    /// Another process holds the file's lock (two agents must never share one ring).
    case locked(path: String)
    /// The store was used after `close()`.
    case closed(path: String)

    public var description: String {
        switch self {
        case let .io(operation, path, offset, code):
            return "ring \(path): \(operation) at offset \(offset) failed: \(StoreError.reason(code)) (errno \(code))"
        case let .sizeMismatch(path, fileBytes, configuredBytes):
            return "ring \(path) holds a \(fileBytes)-byte ring but the configuration asks for \(configuredBytes) bytes; "
                + "set buffer.sizeBytes back to \(fileBytes) or move the file away to start a new ring"
        case let .notARingFile(path):
            return "ring \(path) exists but is not a pinpost ring file; refusing to overwrite it"
        case let .unsupportedVersion(path, version):
            return "ring \(path) has format version \(version); this build reads version \(RingLayout.version)"
        case let .invalidSize(path, bytes, minimum, maximum):
            return "ring \(path): size \(bytes) bytes is outside \(minimum)...\(maximum)"
        case let .recordTooLarge(path, bytes, limit):
            return "ring \(path): a \(bytes)-byte record is larger than the \(limit)-byte limit"
        case let .invalidKind(path, kind):
            return "ring \(path): record kind \(kind) is reserved"
        case let .locked(path):
            return "ring \(path) is in use by another process (lock held)"
        case let .closed(path):
            return "ring \(path) is closed"
        }
    }

    static func reason(_ code: Int32) -> String {
        guard let text = csys_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }
}
