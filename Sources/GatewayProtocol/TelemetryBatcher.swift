// Packing many readings of many child devices into as few v1/gateway/telemetry messages as fit a payload
// limit (the session's maxPayloadSize, or the spec's 16 KiB default). The agent stores each message as one
// ring-store record, so it also learns which input items went into which message.
//
// Rules: readings are taken oldest first (by ts; stamp-less ones last, input order among equals), so each
// device's entries stay in ts order within and across messages and a replay sends the oldest data first.
// Each entry is encoded exactly once and sizes are added up as it goes (no re-encoding of the message per
// entry): the cost is linear in the output. An entry that cannot fit even alone is reported in `rejected`
// with a typed error, never dropped silently and never sent oversized.
import JSON

/// One message and the input items it carries.
public struct TelemetryBatch: Equatable, Sendable {
    public let message: OutgoingMessage
    /// Indices into the `items` given to `pack`, in the order they were written.
    public let itemIndices: [Int]
    /// Values in the message, as the platform counts them for `telemetryDataPoints`.
    public let dataPointCount: Int
}

public struct RejectedTelemetryItem: Equatable, Sendable {
    public let index: Int
    public let error: ProtocolError
}

public struct TelemetryBatches: Equatable, Sendable {
    public var batches: [TelemetryBatch] = []
    public var rejected: [RejectedTelemetryItem] = []

    public init(batches: [TelemetryBatch] = [], rejected: [RejectedTelemetryItem] = []) {
        self.batches = batches
        self.rejected = rejected
    }

    public var messages: [OutgoingMessage] { batches.map { $0.message } }
}

public struct TelemetryBatcher: Sendable {
    public let maxPayloadBytes: Int

    /// `maxPayloadBytes` bounds each message's payload; see SessionLimits.payloadLimit(topic:) to derive
    /// it from the server's maximum message size.
    public init(maxPayloadBytes: Int) {
        self.maxPayloadBytes = maxPayloadBytes
    }

    public func pack(_ items: [ChildTelemetryItem]) -> TelemetryBatches {
        var result = TelemetryBatches()
        var current = OpenBatch()
        var keys: [DeviceName: [UInt8]] = [:]
        for index in TelemetryBatcher.oldestFirst(items) {
            let item = items[index]
            let entry = item.entry.encoded
            let key: [UInt8]
            if let cached = keys[item.device] {
                key = cached
            } else {
                var quoted: [UInt8] = []
                JSONWriter.writeString(item.device.value, into: &quoted)
                keys[item.device] = quoted
                key = quoted
            }
            // `{"name":[entry]}`: the smallest message that can carry this entry.
            let alone = OpenBatch.emptySize + key.count + OpenBatch.groupOverhead + entry.count
            guard alone <= maxPayloadBytes else {
                let error = ProtocolError(.entryTooLarge(bytes: alone, limit: maxPayloadBytes),
                                          topic: Topics.childTelemetry, path: FieldPath.member(item.device.value, of: ""))
                result.rejected.append(RejectedTelemetryItem(index: index, error: error))
                continue
            }
            if current.size + current.growth(device: item.device, key: key, entry: entry) > maxPayloadBytes {
                result.batches.append(current.finish())
                current = OpenBatch()
            }
            current.add(index: index, device: item.device, key: key, entry: entry,
                        dataPoints: item.entry.dataPointCount)
        }
        if !current.indices.isEmpty { result.batches.append(current.finish()) }
        return result
    }

    /// Input indices sorted by ts (nil last), ties in input order: a total order, so the result does not
    /// depend on the sort algorithm's stability.
    static func oldestFirst(_ items: [ChildTelemetryItem]) -> [Int] {
        var order = Array(items.indices)
        order.sort { left, right in
            let leftTs = items[left].entry.ts ?? Int64.max
            let rightTs = items[right].entry.ts ?? Int64.max
            return leftTs != rightTs ? leftTs < rightTs : left < right
        }
        return order
    }
}

/// The message being filled: per device its quoted name and its comma-joined entries, and the exact size
/// the finished payload will have.
private struct OpenBatch {
    /// `{}`
    static let emptySize = 2
    /// `:[` and `]` around a device's entries.
    static let groupOverhead = 3

    struct Group {
        let key: [UInt8]
        var body: [UInt8]
    }

    var groups: [Group] = []
    var groupOfDevice: [DeviceName: Int] = [:]
    var size = OpenBatch.emptySize
    var indices: [Int] = []
    var dataPoints = 0

    /// Bytes that adding `entry` for `device` adds to the payload.
    func growth(device: DeviceName, key: [UInt8], entry: [UInt8]) -> Int {
        if groupOfDevice[device] != nil { return 1 + entry.count }
        return (groups.isEmpty ? 0 : 1) + key.count + OpenBatch.groupOverhead + entry.count
    }

    mutating func add(index: Int, device: DeviceName, key: [UInt8], entry: [UInt8], dataPoints points: Int) {
        size += growth(device: device, key: key, entry: entry)
        if let group = groupOfDevice[device] {
            groups[group].body.append(UInt8(ascii: ","))
            groups[group].body.append(contentsOf: entry)
        } else {
            groupOfDevice[device] = groups.count
            groups.append(Group(key: key, body: entry))
        }
        indices.append(index)
        dataPoints += points
    }

    func finish() -> TelemetryBatch {
        var payload: [UInt8] = []
        payload.reserveCapacity(size)
        payload.append(UInt8(ascii: "{"))
        for (position, group) in groups.enumerated() {
            if position > 0 { payload.append(UInt8(ascii: ",")) }
            payload.append(contentsOf: group.key)
            payload.append(contentsOf: ":[".utf8)
            payload.append(contentsOf: group.body)
            payload.append(UInt8(ascii: "]"))
        }
        payload.append(UInt8(ascii: "}"))
        return TelemetryBatch(message: OutgoingMessage(topic: Topics.childTelemetry, payload: payload),
                              itemIndices: indices, dataPointCount: dataPoints)
    }
}
