// A TCP proxy whose listen queue is kept full for a moment, so that a client's SYN is dropped and its
// non-blocking connect() stays in progress for about a second (the SYN retransmission time), as over a
// real network. Then it forwards bytes both ways to the target port. Loopback otherwise completes a TCP
// connect before connect() returns, which hides bugs in the "connect still in progress" path.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class SlowConnectProxy {
    let port: Int
    private let listener: Int32
    private var filler: Int32 = -1
    private let targetPort: Int

    init(targetPort: Int) throws {
        self.targetPort = targetPort
        port = freeLocalPort()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = loopback(port)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        // Backlog 0: the kernel queues one connection and drops further SYNs while it waits to be accepted.
        guard bound == 0, listen(listener, 0) == 0 else { throw NSError(domain: "SlowConnectProxy", code: 1) }
        // Occupy the single queue slot.
        filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var target = loopback(port)
        _ = withUnsafePointer(to: &target) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(filler, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
    }

    deinit {
        close(listener)
        if filler >= 0 { close(filler) }
    }

    /// After `delay`, frees the queue and then serves one client: accept, connect to the target, relay.
    func serveOne(after delay: TimeInterval) {
        let listener = self.listener
        let targetPort = self.targetPort
        Thread.detachNewThread {
            Thread.sleep(forTimeInterval: delay)
            let first = accept(listener, nil, nil)  // the filler
            close(first)
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var target = loopback(targetPort)
            let connected = withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                return
            }
            Thread.detachNewThread { relay(from: client, to: upstream) }
            relay(from: upstream, to: client)
        }
    }
}

private func loopback(_ port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    return address
}

private func relay(from source: Int32, to destination: Int32) {
    var buffer = [UInt8](repeating: 0, count: 16384)
    while true {
        let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
        if count <= 0 { break }
        var offset = 0
        while offset < count {
            let written = buffer.withUnsafeBytes { write(destination, $0.baseAddress! + offset, count - offset) }
            if written <= 0 { break }
            offset += written
        }
    }
    shutdown(destination, Int32(SHUT_WR))
}
