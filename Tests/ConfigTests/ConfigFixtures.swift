// Helpers for the Config tests: a loader that does not depend on this machine (fixed host name, no checks
// of referenced files unless a test asks), temporary files, and the repository root for the examples.
import Config
import Foundation
import XCTest

enum ConfigFixtures {
    static let configPath = "/etc/pinpost/pinpost.json"

    /// The repository root (this file is Tests/ConfigTests/ConfigFixtures.swift).
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func loader(_ overrides: ConfigOverrides = ConfigOverrides(), checkFiles: Bool = false) -> ConfigLoader {
        var loader = ConfigLoader(overrides: overrides, checkReferencedFiles: checkFiles)
        loader.hostName = "testhost"
        return loader
    }

    static func load(_ text: String, path: String = configPath, overrides: ConfigOverrides = ConfigOverrides(),
                     checkFiles: Bool = false) throws(ConfigErrors) -> PinpostConfig {
        try loader(overrides, checkFiles: checkFiles).load(bytes: Array(text.utf8), path: path)
    }

    /// The error lines of a config that must fail; fails the test if it loads.
    static func errorLines(_ text: String, path: String = configPath, overrides: ConfigOverrides = ConfigOverrides(),
                           checkFiles: Bool = false, file: StaticString = #filePath, line: UInt = #line) -> [String] {
        do throws(ConfigErrors) {
            _ = try load(text, path: path, overrides: overrides, checkFiles: checkFiles)
            XCTFail("config unexpectedly valid", file: file, line: line)
            return []
        } catch {
            return error.errors.map { $0.description }
        }
    }

    /// A valid config on the sim board with `devices` (a JSON array) and extra top-level members.
    static func config(devices: String = "[]", connection: String? = nil, extra: String = "") -> String {
        let connectionText = connection ?? #"{"host": "127.0.0.1", "credentials": {"accessToken": "T0KEN"}}"#
        return #"{"board": "sim", "connection": \#(connectionText), "devices": \#(devices)\#(extra.isEmpty ? "" : ", " + extra)}"#
    }

    /// A fresh temporary directory, removed at the end of the test.
    static func temporaryDirectory(_ testCase: XCTestCase) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pinpost-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url
    }

    static func write(_ text: String, to url: URL, permissions: Int = 0o600) throws {
        try text.write(to: url, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: url.path)
    }
}
