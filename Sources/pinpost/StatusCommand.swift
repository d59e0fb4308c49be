// `pinpost status -c FILE` (or `--file STATUS.json`): what the running agent last wrote to its status file
// (`gateway.statusFile`), for an operator on the board: connection state and last error, buffer fill,
// every device's state. A status older than 10 s means the agent is not running (or is stuck).
import CSystem
import Config
import JSON

enum StatusCommand {
    static let staleAfterMs: Int64 = 10_000

    static func run(_ flags: StatusFlags) -> ExitCode {
        var path = flags.statusFile
        if path == nil {
            switch loadConfig(flags.connection, connecting: false) {
            case .success(let config):
                guard let configured = config.gateway.statusFile else {
                    Output.err("pinpost: status: \(config.path) sets no gateway.statusFile; add one (e.g. /run/pinpost/status.json) or pass --file\n")
                    return .configInvalid
                }
                path = configured
            case .failure(let errors):
                reportConfigErrors(errors)
                return .configInvalid
            }
        }
        guard let path else { return .usage }
        guard let bytes = readWholeFile(path) else {
            Output.err("pinpost: status: \(path): \(String(cString: csys_strerror(csys_errno()))) (is pinpost running?)\n")
            return .unavailable
        }
        let status: JSONValue
        do throws(JSONError) {
            status = try JSONParser.parse(bytes)
        } catch {
            Output.err("pinpost: status: \(path): \(error.description)\n")
            return .unavailable
        }
        Output.out(render(status, nowMs: csys_wall_ms()))
        let age = csys_wall_ms() - (status["updatedAtMs"]?.intValue ?? 0)
        let stopped = status["connection"]?["state"]?.stringValue == "stopped"
        return age > staleAfterMs || stopped ? .unavailable : .ok
    }

    static func render(_ status: JSONValue, nowMs: Int64) -> String {
        let age = nowMs - (status["updatedAtMs"]?.intValue ?? 0)
        var text = "pinpost \(status["version"]?.stringValue ?? "?") pid \(status["pid"]?.intValue ?? 0), up \(status["uptimeSeconds"]?.intValue ?? 0) s"
        text += age > staleAfterMs ? ", STALE: last update \(age / 1000) s ago (not running, or stuck)\n" : "\n"
        let connection = status["connection"]
        text += "connection: \(connection?["state"]?.stringValue ?? "?") to \(connection?["broker"]?.stringValue ?? "?")"
        text += ", \(connection?["reconnects"]?.intValue ?? 0) reconnects\n"
        if let error = connection?["lastError"]?.stringValue { text += "  last error: \(error)\n" }
        let buffer = status["buffer"]
        text += "buffer: \(buffer?["records"]?.intValue ?? 0) records, \(buffer?["bytes"]?.intValue ?? 0) of \(buffer?["capacityBytes"]?.intValue ?? 0) bytes"
        text += " (\(buffer?["fillPercent"]?.intValue ?? 0)%), \(buffer?["droppedRecords"]?.intValue ?? 0) dropped"
        if let lost = buffer?["lostRecords"]?.intValue, lost > 0 { text += ", \(lost) lost" }
        text += ", in \(buffer?["storage"]?.stringValue ?? "?")\n"
        text += "sent: \(status["messagesSent"]?.intValue ?? 0) messages, \(status["rpcsHandled"]?.intValue ?? 0) RPCs handled, RSS \(status["rssKiB"]?.intValue ?? 0) KiB\n"
        text += "clock: \(status["clock"]?.stringValue ?? "?")\n"
        let devices = status["devices"]?.arrayValue ?? []
        text += "devices (\(devices.count)):\n"
        for device in devices {
            text += "  \(device["name"]?.stringValue ?? "?") (\(device["kind"]?.stringValue ?? "?"), \(device["type"]?.stringValue ?? "?")): \(device["state"]?.stringValue ?? "?")"
            if let error = device["lastError"]?.stringValue { text += ": \(error)" }
            text += "\n"
        }
        return text
    }

    /// The whole file, or nil with errno set. Status files are small; 1 MiB is a generous bound.
    static func readWholeFile(_ path: String) -> [UInt8]? {
        let fd = csys_open(path, O_RDONLY | O_CLOEXEC, 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if csys_errno() == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
        }
        return bytes
    }
}
