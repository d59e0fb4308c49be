// One time-series entry: a timestamp and the values read at that moment. It is the unit of the gateway's
// telemetry (a device maps to an ARRAY of these) and of its own device telemetry. Its initialiser rules out
// the shapes the server would misread or drop: no values at all, a negative time, and a stamp-less entry
// whose values contain both "ts" and "values" (the server would take it for the timestamped form).
import JSON

public struct TelemetryEntry: Equatable, Sendable {
    /// Unix time in milliseconds; nil lets the server stamp the entry on arrival (never use nil for
    /// buffered readings: a replayed entry would get the replay time).
    public let ts: Int64?
    public let values: JSONObject

    public init(ts: Int64?, values: JSONObject) throws(ProtocolError) {
        if values.isEmpty {
            throw ProtocolError(.invalidValue("telemetry entry has no values"), path: "values")
        }
        if let ts, ts < 0 {
            throw ProtocolError(.wrongKind(expected: "a time in ms since 1970 (>= 0)", found: "integer \(ts)"),
                                path: "ts")
        }
        if ts == nil && values["ts"] != nil && values["values"] != nil {
            throw ProtocolError(.invalidValue(
                "an entry without ts cannot have both \"ts\" and \"values\" keys (read as a timestamped entry)"),
                path: "values")
        }
        self.ts = ts
        self.values = values
    }

    /// Number of data points, as the platform counts them for its `telemetryDataPoints` rate limit.
    public var dataPointCount: Int { values.count }

    /// `{"ts":1483228800000,"values":{...}}`, or just the values object when there is no timestamp.
    func write(into out: inout [UInt8]) {
        guard let ts else {
            PayloadWriter.object(values, into: &out)
            return
        }
        out.append(contentsOf: "{\"ts\":".utf8)
        JSONWriter.writeInteger(ts, into: &out)
        out.append(contentsOf: ",\"values\":".utf8)
        PayloadWriter.object(values, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    var encoded: [UInt8] {
        var out: [UInt8] = []
        write(into: &out)
        return out
    }
}
