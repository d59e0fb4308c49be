// The gateway's own health figures: sent as its self-telemetry on `v1/devices/me/telemetry` at the
// configured interval, and returned by the `getStatus` RPC. One struct for both, so the dashboard and the
// RPC never disagree about what a figure means. Key names are documented in the README.
import JSON

public struct GatewayHealth: Equatable, Sendable {
    public var version: String
    public var uptimeMs: Int64 = 0
    public var connected = false
    /// Uplinks the broker acknowledged (PUBACK), the buffer's replayed backlog included.
    public var messagesSent: Int64 = 0
    public var bufferRecords: Int64 = 0
    public var bufferBytes: Int64 = 0
    public var bufferCapacityBytes: Int64 = 0
    /// Oldest records overwritten because the buffer was full (since the buffer file was created).
    public var droppedRecords: Int64 = 0
    /// Records that could not be buffered at all (see Outbox).
    public var lostRecords: Int64 = 0
    /// "file", "memory", or "memory (buffer file failed: cause)".
    public var bufferStorage = "file"
    /// The configured buffer file is out of use: readings are kept in memory only.
    public var bufferFileFailed = false
    /// The wall clock's state (ClockState): "synchronized", "unsynchronized" or "unknown".
    public var clock = "unknown"
    public var reconnects: Int64 = 0
    public var rpcsHandled: Int64 = 0
    public var rssKiB: Int64 = 0
    public var devices: [String] = []

    public init(version: String) { self.version = version }

    /// Buffer fill in whole percent, 0...100 (0 for a zero-capacity buffer rather than a division by 0).
    public var bufferFillPercent: Int64 {
        bufferCapacityBytes > 0 ? min(100, bufferBytes * 100 / bufferCapacityBytes) : 0
    }

    /// The values of one self-telemetry entry.
    public func telemetryValues() -> JSONObject {
        JSONObject([
            JSONMember("uptimeSeconds", .int(uptimeMs / 1000)),
            JSONMember("messagesSent", .int(messagesSent)),
            JSONMember("bufferRecords", .int(bufferRecords)),
            JSONMember("bufferBytes", .int(bufferBytes)),
            JSONMember("bufferFillPercent", .int(bufferFillPercent)),
            JSONMember("droppedRecords", .int(droppedRecords)),
            JSONMember("lostRecords", .int(lostRecords)),
            JSONMember("bufferFileFailed", .bool(bufferFileFailed)),
            JSONMember("reconnects", .int(reconnects)),
            JSONMember("rpcsHandled", .int(rpcsHandled)),
            JSONMember("rssKiB", .int(rssKiB)),
            JSONMember("clock", .string(clock)),
        ])
    }

    /// The `getStatus` reply: the telemetry figures plus what only a person asking needs.
    public func statusReply() -> JSONValue {
        var status = JSONObject([
            JSONMember("version", .string(version)),
            JSONMember("connected", .bool(connected)),
        ])
        for member in telemetryValues().members { status[member.key] = member.value }
        status["bufferCapacityBytes"] = .int(bufferCapacityBytes)
        status["bufferStorage"] = .string(bufferStorage)
        status["devices"] = .array(devices.map { .string($0) })
        return .object(status)
    }
}
