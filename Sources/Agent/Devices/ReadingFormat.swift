// How a sensor reading is written into telemetry: rounded to a resolution finer than any supported chip
// resolves (0.001 of the unit; 1 µV for ADC inputs), so dashboards show 21.438 instead of the binary
// expansion 21.437999999999999, without losing anything the sensor actually measured.
import JSON

public enum ReadingFormat {
    public static func value(key: String, _ reading: Double) -> JSONValue {
        guard reading.isFinite else { return .null }
        let scale: Double = key.hasPrefix("ain") ? 1_000_000 : 1_000
        let scaled = (reading * scale).rounded()
        // Beyond 2^53 a double has no fractional digits left to round away.
        guard abs(scaled) < 9.0e15 else { return .double(reading) }
        return .double(scaled / scale)
    }
}
