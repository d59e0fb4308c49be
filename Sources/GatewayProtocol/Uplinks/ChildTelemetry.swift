// v1/gateway/telemetry in one message: `{"Device A":[{"ts":..,"values":{..}},..],"Device B":[..]}`.
// Every device maps to an ARRAY (the object form is dropped by the server), a device appears once (a
// repeated JSON key would silently lose the first one in the server's parser), and the message is never
// empty (an uplink with nothing valid closes the session). For size-bounded messages use TelemetryBatcher.
import JSON

/// One reading of one child device: the input unit of ChildTelemetry and TelemetryBatcher.
public struct ChildTelemetryItem: Equatable, Sendable {
    public var device: DeviceName
    public var entry: TelemetryEntry

    public init(device: DeviceName, entry: TelemetryEntry) {
        self.device = device
        self.entry = entry
    }
}

/// The entries of one device inside a telemetry message, in the order given.
public struct DeviceTelemetry: Equatable, Sendable {
    public let device: DeviceName
    public internal(set) var entries: [TelemetryEntry]
}

public struct ChildTelemetry: Uplink, Equatable {
    public static let kind = UplinkKind.childTelemetry
    /// Devices in order of first appearance; each device's entries in input order.
    public let devices: [DeviceTelemetry]

    /// Groups `items` by device. Throws when `items` is empty.
    public init(_ items: [ChildTelemetryItem]) throws(ProtocolError) {
        guard !items.isEmpty else {
            throw ProtocolError(.invalidValue("telemetry message has no entries"), topic: Topics.childTelemetry)
        }
        var groups: [DeviceTelemetry] = []
        var groupOfDevice: [DeviceName: Int] = [:]
        for item in items {
            if let index = groupOfDevice[item.device] {
                groups[index].entries.append(item.entry)
            } else {
                groupOfDevice[item.device] = groups.count
                groups.append(DeviceTelemetry(device: item.device, entries: [item.entry]))
            }
        }
        devices = groups
    }

    /// One device's entries. Throws when `entries` is empty.
    public init(device: DeviceName, entries: [TelemetryEntry]) throws(ProtocolError) {
        var items: [ChildTelemetryItem] = []
        items.reserveCapacity(entries.count)
        for entry in entries { items.append(ChildTelemetryItem(device: device, entry: entry)) }
        try self.init(items)
    }

    public var topic: String { Topics.childTelemetry }

    public var dataPointCount: Int {
        var count = 0
        for group in devices { for entry in group.entries { count += entry.dataPointCount } }
        return count
    }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (groupIndex, group) in devices.enumerated() {
            if groupIndex > 0 { PayloadWriter.comma(into: &out) }
            PayloadWriter.key(group.device.value, into: &out)
            out.append(UInt8(ascii: "["))
            for (entryIndex, entry) in group.entries.enumerated() {
                if entryIndex > 0 { PayloadWriter.comma(into: &out) }
                entry.write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        out.append(UInt8(ascii: "}"))
    }
}
