// Runs the built `pinpost` executable as a child process, the way a user or systemd does, and captures
// its exit code and output. The CLI is tested through the real binary, not by calling its functions.
import Foundation
import XCTest

struct ProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum PinpostProcess {
    /// The executable SwiftPM built next to the test bundle (`.build/debug/pinpost`).
    static var executable: URL {
        if let override = ProcessInfo.processInfo.environment["PINPOST_BIN"] {
            return URL(fileURLWithPath: override)
        }
        var directory = Bundle(for: Marker.self).bundleURL.deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.appendingPathComponent("pinpost").path) {
            directory = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent(".build/debug")
        }
        return directory.appendingPathComponent("pinpost")
    }

    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func run(_ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> ProcessResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = repositoryRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit, "pinpost \(arguments) was killed by a signal", file: file, line: line)
        return ProcessResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    private final class Marker {}
}
