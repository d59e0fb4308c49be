// The ring file: opened once, locked against a second agent, preallocated to its full size so later writes
// cannot fail for lack of space, and accessed only with pread/pwrite/fdatasync at explicit offsets.
import CSystem

final class FileMedium: RingMedium {
    let label: String
    let isPersistent = true
    private var fd: Int32

    /// Opens (creating if needed) and locks `path`. `existingBytes` is the file's size when opened.
    init(path: String) throws(StoreError) {
        label = path
        let descriptor = csys_open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .io(operation: "open", path: path, offset: 0, errno: csys_errno()) }
        // lockf(F_TLOCK) is a POSIX record lock: released by the kernel when the process dies, so a crash
        // never leaves the ring locked.
        if lockf(descriptor, F_TLOCK, 0) != 0 {
            let code = csys_errno()
            _ = CSystem.close(descriptor)
            if code == EACCES || code == EAGAIN { throw .locked(path: path) }
            throw .io(operation: "lockf", path: path, offset: 0, errno: code)
        }
        fd = descriptor
    }

    /// The file's current size in bytes.
    func size() throws(StoreError) -> UInt64 {
        let end = lseek(fd, 0, SEEK_END)
        guard end >= 0 else { throw .io(operation: "lseek", path: label, offset: 0, errno: csys_errno()) }
        return UInt64(end)
    }

    /// Makes the file exactly `bytes` long with every block allocated. posix_fallocate reserves the blocks;
    /// where the filesystem cannot (EOPNOTSUPP), zeros are written instead, which reserves them too.
    func preallocate(from currentBytes: UInt64, to bytes: UInt64) throws(StoreError) {
        if ftruncate(fd, off_t(bytes)) != 0 {
            throw .io(operation: "ftruncate", path: label, offset: Int64(bytes), errno: csys_errno())
        }
        guard bytes > currentBytes else { return }
        let result = posix_fallocate(fd, off_t(currentBytes), off_t(bytes - currentBytes))
        if result == 0 { return }
        guard result == EOPNOTSUPP || result == ENOSYS || result == EINVAL else {
            throw .io(operation: "fallocate", path: label, offset: Int64(currentBytes), errno: result)
        }
        let zeros = [UInt8](repeating: 0, count: 65536)
        var offset = currentBytes
        while offset < bytes {
            let count = Int(min(UInt64(zeros.count), bytes - offset))
            try write(zeros, from: 0, count: count, to: offset)
            offset += UInt64(count)
        }
    }

    func read(into buffer: inout [UInt8], at bufferOffset: Int, count: Int, from offset: UInt64) throws(StoreError) {
        var done = 0
        while done < count {
            let got = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + bufferOffset + done, count - done, off_t(offset + UInt64(done)))
            }
            if got < 0 {
                let code = csys_errno()
                if code == EINTR { continue }
                throw .io(operation: "pread", path: label, offset: Int64(offset + UInt64(done)), errno: code)
            }
            // Past the end of a file that shrank under us: what is missing reads as zeros (never a record).
            if got == 0 {
                for index in (bufferOffset + done)..<(bufferOffset + count) { buffer[index] = 0 }
                return
            }
            done += got
        }
    }

    func write(_ buffer: [UInt8], from bufferOffset: Int, count: Int, to offset: UInt64) throws(StoreError) {
        var done = 0
        while done < count {
            let put = buffer.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + bufferOffset + done, count - done, off_t(offset + UInt64(done)))
            }
            if put < 0 {
                let code = csys_errno()
                if code == EINTR { continue }
                throw .io(operation: "pwrite", path: label, offset: Int64(offset + UInt64(done)), errno: code)
            }
            done += put
        }
    }

    func flush() throws(StoreError) {
        while fdatasync(fd) != 0 {
            let code = csys_errno()
            if code == EINTR { continue }
            throw .io(operation: "fdatasync", path: label, offset: 0, errno: code)
        }
    }

    /// Makes the file's directory entry durable (after creating it), so a power cut cannot lose the file.
    func flushDirectory() {
        var directory = "."
        if let slash = label.utf8.lastIndex(of: UInt8(ascii: "/")) {
            directory = slash == label.utf8.startIndex ? "/" : String(label[..<slash])
        }
        let dirFD = csys_open(directory, O_RDONLY | O_CLOEXEC, 0)
        guard dirFD >= 0 else { return }
        _ = fsync(dirFD)
        _ = CSystem.close(dirFD)
    }

    func close() {
        guard fd >= 0 else { return }
        _ = CSystem.close(fd)
        fd = -1
    }

    deinit { close() }
}
