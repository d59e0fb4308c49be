// The agent's status as a JSON document, rewritten to `gateway.statusFile` every few seconds for local
// monitoring (`pinpost status`, scripts, a node exporter): connection state and its last problem, buffer
// fill, every device's state and last error. Pure: built from values, written by StatusFileWriter.
import JSON

public struct DeviceStatus: Equatable, Sendable {
    public var name: String
    public var type: String
    public var kind: String
    public var lastError: String?

    public init(name: String, type: String, kind: String, lastError: String?) {
        self.name = name
        self.type = type
        self.kind = kind
        self.lastError = lastError
    }
}

public struct StatusReport: Equatable, Sendable {
    public var health: GatewayHealth
    public var pid: Int64
    public var updatedAtMs: Int64
    public var broker: String
    /// "connected", "connecting" or "waiting to reconnect".
    public var connectionState: String
    public var lastConnectionError: String?
    public var devices: [DeviceStatus]

    public init(health: GatewayHealth, pid: Int64, updatedAtMs: Int64, broker: String, connectionState: String,
                lastConnectionError: String?, devices: [DeviceStatus]) {
        self.health = health
        self.pid = pid
        self.updatedAtMs = updatedAtMs
        self.broker = broker
        self.connectionState = connectionState
        self.lastConnectionError = lastConnectionError
        self.devices = devices
    }

    public func json() -> JSONValue {
        var connection = JSONObject([JSONMember("state", .string(connectionState)), JSONMember("broker", .string(broker)),
                                     JSONMember("reconnects", .int(health.reconnects))])
        if let lastConnectionError { connection["lastError"] = .string(lastConnectionError) }
        let buffer = JSONObject([
            JSONMember("records", .int(health.bufferRecords)), JSONMember("bytes", .int(health.bufferBytes)),
            JSONMember("capacityBytes", .int(health.bufferCapacityBytes)), JSONMember("fillPercent", .int(health.bufferFillPercent)),
            JSONMember("droppedRecords", .int(health.droppedRecords)), JSONMember("lostRecords", .int(health.lostRecords)),
            JSONMember("storage", .string(health.bufferStorage)),
        ])
        var deviceList: [JSONValue] = []
        for device in devices {
            var entry = JSONObject([JSONMember("name", .string(device.name)), JSONMember("type", .string(device.type)),
                                    JSONMember("kind", .string(device.kind)),
                                    JSONMember("state", .string(device.lastError == nil ? "ok" : "error"))])
            if let error = device.lastError { entry["lastError"] = .string(error) }
            deviceList.append(.object(entry))
        }
        return .object(JSONObject([
            JSONMember("version", .string(health.version)), JSONMember("pid", .int(pid)),
            JSONMember("updatedAtMs", .int(updatedAtMs)), JSONMember("uptimeSeconds", .int(health.uptimeMs / 1000)),
            JSONMember("connection", .object(connection)), JSONMember("buffer", .object(buffer)),
            JSONMember("messagesSent", .int(health.messagesSent)), JSONMember("rpcsHandled", .int(health.rpcsHandled)),
            JSONMember("rssKiB", .int(health.rssKiB)), JSONMember("clock", .string(health.clock)),
            JSONMember("devices", .array(deviceList)),
        ]))
    }
}
