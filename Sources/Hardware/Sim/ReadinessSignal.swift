// A file descriptor that is readable exactly while something is queued: the simulated chip's stand-in for
// a kernel line-event fd, so the agent's poll() loop waits on simulated and real lines the same way.
// A pipe carries at most one byte: written when the queue becomes non-empty, drained when it empties.
import CSystem

final class ReadinessSignal {
    /// The end the poll loop watches (non-blocking, close-on-exec).
    let readFD: Int32
    private let writeFD: Int32
    private var raised = false

    private init(readFD: Int32, writeFD: Int32) {
        self.readFD = readFD
        self.writeFD = writeFD
    }

    /// A new signal; fails with the errno of pipe(2) (out of descriptors).
    static func make() throws(PipeFailure) -> ReadinessSignal {
        var ends: [Int32] = [-1, -1]
        let status = ends.withUnsafeMutableBufferPointer { buffer in pipe(buffer.baseAddress) }
        guard status == 0 else { throw PipeFailure(errno: csys_errno()) }
        for fd in ends {
            _ = csys_fcntl_int(fd, F_SETFL, csys_fcntl_int(fd, F_GETFL, 0) | O_NONBLOCK)
            _ = csys_fcntl_int(fd, F_SETFD, FD_CLOEXEC)
        }
        return ReadinessSignal(readFD: ends[0], writeFD: ends[1])
    }

    /// Makes `readFD` readable (idempotent).
    func raise() {
        guard !raised else { return }
        var byte: UInt8 = 1
        raised = write(writeFD, &byte, 1) == 1
    }

    /// Makes `readFD` not readable (idempotent).
    func lower() {
        var scratch: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        while scratch.withUnsafeMutableBytes({ read(readFD, $0.baseAddress, $0.count) }) > 0 {}
        raised = false
    }

    deinit {
        close(readFD)
        close(writeFD)
    }
}

struct PipeFailure: Error {
    var errno: Int32
}
