// v1/devices/me/telemetry: the gateway's own time series (its health: uptime, buffer fill, drops). The
// device API takes `{"key":value}`, `{"ts":..,"values":{..}}` or an array of those; one entry is written
// in its object form and several as an array.
import JSON

public struct OwnTelemetry: Uplink, Equatable {
    public static let kind = UplinkKind.ownTelemetry
    public let entries: [TelemetryEntry]

    /// Throws when `entries` is empty.
    public init(_ entries: [TelemetryEntry]) throws(ProtocolError) {
        guard !entries.isEmpty else {
            throw ProtocolError(.invalidValue("telemetry message has no entries"), topic: Topics.ownTelemetry)
        }
        self.entries = entries
    }

    public init(_ entry: TelemetryEntry) {
        entries = [entry]
    }

    public var topic: String { Topics.ownTelemetry }

    public func writePayload(into out: inout [UInt8]) {
        if entries.count == 1 {
            entries[0].write(into: &out)
            return
        }
        out.append(UInt8(ascii: "["))
        for (index, entry) in entries.enumerated() {
            if index > 0 { PayloadWriter.comma(into: &out) }
            entry.write(into: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
