// Writes the status document atomically: a temporary file next to the target, then rename(2), so a reader
// never sees half a file. Failures are reported once per streak by the caller, not once per write.
import CSystem

public enum StatusFileWriter {
    /// Returns nil on success, or the reason (path, operation and strerror).
    public static func write(_ bytes: [UInt8], to path: String) -> String? {
        let temporary = path + ".tmp"
        let fd = csys_open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return "\(temporary): open: \(lastError())" }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return systemWrite(fd, base + offset, bytes.count - offset)
            }
            if written < 0 {
                if csys_errno() == EINTR { continue }
                let reason = "\(temporary): write: \(lastError())"
                close(fd)
                return reason
            }
            offset += written
        }
        close(fd)
        guard rename(temporary, path) == 0 else { return "\(path): rename: \(lastError())" }
        return nil
    }

    private static func lastError() -> String { String(cString: csys_strerror(csys_errno())) }
}

/// write(2) under a name that does not collide with the `write` function declared here.
private func systemWrite(_ fd: Int32, _ pointer: UnsafeRawPointer, _ count: Int) -> Int {
    CSystem.write(fd, pointer, count)
}
