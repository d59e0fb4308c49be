// A one-connection fake MQTT server that answers with fixed bytes, for broker behaviour mosquitto 2.0.11
// does not produce (it never sends DISCONNECT 142 "session taken over"; it just closes the socket).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

final class ScriptedServer {
    let port: Int
    private let listener: Int32

    /// Each step: wait for `delay`, read whatever the client sent, then write `reply`.
    init(steps: [(delay: TimeInterval, reply: [UInt8])]) throws {
        port = freeLocalPort()
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 1) == 0 else { throw NSError(domain: "ScriptedServer", code: 1) }
        let listening = listener
        Thread.detachNewThread {
            let connection = accept(listening, nil, nil)
            guard connection >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            for step in steps {
                Thread.sleep(forTimeInterval: step.delay)
                _ = buffer.withUnsafeMutableBytes { recv(connection, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
                _ = step.reply.withUnsafeBytes { write(connection, $0.baseAddress, $0.count) }
            }
            Thread.sleep(forTimeInterval: 2)
            close(connection)
        }
    }

    deinit { close(listener) }
}
