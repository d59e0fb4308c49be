// Reads config and board files with plain libc calls (no Foundation in the firmware), bounded in size, and
// reports the file's permission bits so the loader can warn about credentials readable by other users.
import CSystem

struct FileContents {
    var bytes: [UInt8]
    /// Permission bits (st_mode & 0o777).
    var permissions: UInt32
}

/// Why a file could not be read: the reason names the failing step and strerror.
struct FileReadError: Error {
    var reason: String
}

enum FileReader {
    /// Config and board files are small; anything bigger than this is not one (and is not read into memory).
    static let maxBytes = 1 << 20

    static func read(_ path: String) throws(FileReadError) -> FileContents {
        let fd = csys_open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { throw FileReadError(reason: "cannot open: \(lastErrorText())") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileReadError(reason: "cannot stat: \(lastErrorText())") }
        guard (UInt32(info.st_mode) & UInt32(S_IFMT)) == UInt32(S_IFREG) else {
            throw FileReadError(reason: "not a regular file")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = chunk.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress, buffer.count)
            }
            if count < 0 {
                if csys_errno() == EINTR { continue }
                throw FileReadError(reason: "cannot read: \(lastErrorText())")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > maxBytes {
                throw FileReadError(reason: "larger than \(maxBytes) bytes, not a config file")
            }
        }
        return FileContents(bytes: bytes, permissions: UInt32(info.st_mode) & 0o777)
    }

    /// nil when `path` can be opened for reading by this process, else the reason.
    static func unreadableReason(_ path: String) -> String? {
        guard access(path, R_OK) != 0 else { return nil }
        return lastErrorText()
    }

    /// strerror of the current errno.
    static func lastErrorText() -> String {
        let code = csys_errno()
        guard let text = csys_strerror(code) else { return "error \(code)" }
        return String(cString: text)
    }

    /// This machine's host name, or "" if it cannot be read.
    static func hostName() -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let result = buffer.withUnsafeMutableBytes { raw -> Int32 in
            guard let base = raw.baseAddress else { return -1 }
            return gethostname(base.assumingMemoryBound(to: CChar.self), raw.count - 1)
        }
        guard result == 0 else { return "" }
        let end = buffer.firstIndex(of: 0) ?? buffer.count
        return String(decoding: buffer[0..<end], as: UTF8.self)
    }
}

/// read(2), named apart so the closure above does not resolve to an Array method.
@inline(__always)
private func systemRead(_ fd: Int32, _ pointer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, pointer, count)
}
