// A real Debian mosquitto broker for the Transport tests: 127.0.0.1, a free port, its own config file in a
// temporary directory (the same approach as Tests/Integration/broker.py). Optional password file, TLS
// listener (server certificate from a throwaway CA made with openssl) and a TLS listener that requires a
// client certificate. Can be killed and restarted on the same port for outage tests.
import Foundation
import XCTest
#if canImport(Glibc)
import Glibc
#endif

/// A port nothing listens on right now (bound to 0 by the kernel, then released).
func freeLocalPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
    }
    _ = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// True once something accepts TCP connections on 127.0.0.1:port.
func portIsOpen(_ port: Int) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = UInt16(port).bigEndian
    let result = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return result == 0
}

@discardableResult
func runTool(_ arguments: [String], in directory: URL? = nil) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    let output = Pipe()
    process.standardOutput = output
    process.standardError = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw NSError(domain: "runTool", code: Int(process.terminationStatus),
                      userInfo: [NSLocalizedDescriptionKey: "\(arguments.joined(separator: " ")): \(String(decoding: data, as: UTF8.self))"])
    }
    return data
}

func makeTemporaryDirectory(_ prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A throwaway certificate authority, and certificates it issues, made with openssl.
struct TestCA {
    let directory: URL
    let name: String
    var certificate: String { directory.appendingPathComponent("\(name).crt").path }
    var key: String { directory.appendingPathComponent("\(name).key").path }

    init(directory: URL, name: String) throws {
        self.directory = directory
        self.name = name
        try runTool(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                     "-subj", "/CN=pinpost transport test \(name)", "-keyout", key, "-out", certificate])
    }

    /// Issues a certificate for `commonName` with the given subjectAltName; returns (certificate, key) paths.
    func issue(_ file: String, commonName: String, subjectAltName: String?) throws -> (certificate: String, key: String) {
        let base = directory.appendingPathComponent(file).path
        try runTool(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=\(commonName)",
                     "-keyout", "\(base).key", "-out", "\(base).csr"])
        var arguments = ["openssl", "x509", "-req", "-in", "\(base).csr", "-CA", certificate, "-CAkey", key,
                         "-CAcreateserial", "-days", "2", "-out", "\(base).crt"]
        if let subjectAltName {
            try "subjectAltName=\(subjectAltName)\n".write(toFile: "\(base).ext", atomically: true, encoding: .utf8)
            arguments += ["-extfile", "\(base).ext"]
        }
        try runTool(arguments)
        return ("\(base).crt", "\(base).key")
    }
}

final class TestBroker {
    let directory: URL
    let port: Int
    private(set) var tlsPort: Int?
    private(set) var clientCertificatePort: Int?
    private var process: Process?
    private let configPath: String
    var logPath: String { directory.appendingPathComponent("broker.log").path }

    struct Options {
        var password: (user: String, secret: String)?
        /// A TLS listener with a server certificate for 127.0.0.1/localhost issued by this CA.
        var tlsCA: TestCA?
        /// Also a TLS listener that requires a client certificate issued by `tlsCA`.
        var requireClientCertificateListener = false
        /// Names the server certificate is valid for.
        var serverSubjectAltName = "DNS:localhost,IP:127.0.0.1"
    }

    init(_ options: Options = Options()) throws {
        directory = try makeTemporaryDirectory("pinpost-transport-broker")
        port = freeLocalPort()
        var lines = ["per_listener_settings false", "persistence false",
                     // Started as root, mosquitto would switch to the `mosquitto` user and lose access to
                     // this private temporary directory.
                     "user root",
                     "listener \(port) 127.0.0.1"]
        if let password = options.password {
            let file = directory.appendingPathComponent("passwd").path
            try runTool(["mosquitto_passwd", "-c", "-b", file, password.user, password.secret])
            lines += ["allow_anonymous false", "password_file \(file)"]
        } else {
            lines += ["allow_anonymous true"]
        }
        if let ca = options.tlsCA {
            let server = try ca.issue("server", commonName: "localhost", subjectAltName: options.serverSubjectAltName)
            let tls = freeLocalPort()
            tlsPort = tls
            lines += ["listener \(tls) 127.0.0.1", "cafile \(ca.certificate)",
                      "certfile \(server.certificate)", "keyfile \(server.key)"]
            if options.requireClientCertificateListener {
                let mutual = freeLocalPort()
                clientCertificatePort = mutual
                lines += ["listener \(mutual) 127.0.0.1", "cafile \(ca.certificate)",
                          "certfile \(server.certificate)", "keyfile \(server.key)",
                          "require_certificate true", "use_identity_as_username true"]
            }
        }
        lines += ["log_dest file \(directory.appendingPathComponent("broker.log").path)", "log_type all"]
        configPath = directory.appendingPathComponent("mosquitto.conf").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: configPath, atomically: true, encoding: .utf8)
    }

    deinit {
        thaw()
        stop()
        try? FileManager.default.removeItem(at: directory)
    }

    @discardableResult
    func start() throws -> TestBroker {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/mosquitto")
        process.arguments = ["-c", configPath]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        self.process = process
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if portIsOpen(port) && (tlsPort.map(portIsOpen) ?? true) && (clientCertificatePort.map(portIsOpen) ?? true) {
                return self
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw NSError(domain: "TestBroker", code: 1,
                      userInfo: [NSLocalizedDescriptionKey: "mosquitto did not open port \(port): \(log())"])
    }

    /// SIGKILL: the broker vanishes without closing anything cleanly (like a crash or a power cut).
    func kill() {
        guard let process, process.isRunning else { return }
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    /// SIGSTOP / SIGCONT: the broker stays connected but answers nothing (a dead link, a hung server).
    func freeze() {
        if let process, process.isRunning { Glibc.kill(process.processIdentifier, SIGSTOP) }
    }

    func thaw() {
        if let process, process.isRunning { Glibc.kill(process.processIdentifier, SIGCONT) }
    }

    func stop() {
        guard let process, process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
        self.process = nil
    }

    func log() -> String {
        (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
    }

    /// Waits until the broker log contains `text` (e.g. a SUBACK to a helper client).
    func waitForLog(_ text: String, timeout: TimeInterval = 5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log().contains(text) { return true }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return false
    }
}
