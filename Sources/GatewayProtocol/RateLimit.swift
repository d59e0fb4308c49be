// A ThingsBoard rate limit: "count:seconds,count:seconds", e.g. "200:1,6000:60" = at most 200 per second
// and 6,000 per minute, all windows at once. Parsed strictly (digits only), since a misread limit means
// either a throttled gateway or a disconnected one. An empty string, empty segments (a trailing comma) and
// windows with a zero count or zero seconds ("0:0", which clients use for "no limit") add no window.

public struct RateLimitWindow: Equatable, Sendable, CustomStringConvertible {
    public var count: Int
    public var seconds: Int

    public init(count: Int, seconds: Int) {
        self.count = count
        self.seconds = seconds
    }

    public var description: String { "\(count):\(seconds)" }
}

public struct RateLimit: Equatable, Sendable, CustomStringConvertible {
    public var windows: [RateLimitWindow]

    public static let unlimited = RateLimit(windows: [])

    public init(windows: [RateLimitWindow]) { self.windows = windows }

    /// Parses "count:seconds,...". `topic` and `path` only label errors.
    public init(parsing text: String, topic: String = "", path: String = "") throws(ProtocolError) {
        var windows: [RateLimitWindow] = []
        for segment in Array(text.utf8).split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let trimmed = RateLimit.trimmingSpaces(segment)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
            guard parts.count == 2,
                  let count = RateLimit.number(RateLimit.trimmingSpaces(parts[0])),
                  let seconds = RateLimit.number(RateLimit.trimmingSpaces(parts[1])) else {
                let shown = String(decoding: trimmed, as: UTF8.self)
                throw ProtocolError(.invalidValue("rate limit window \"\(shown)\" is not count:seconds"),
                                    topic: topic, path: path)
            }
            if count > 0 && seconds > 0 { windows.append(RateLimitWindow(count: count, seconds: seconds)) }
        }
        self.windows = windows
    }

    public var isUnlimited: Bool { windows.isEmpty }

    /// The lowest sustained rate any window allows, per second (nil when unlimited): what a pacer that
    /// must never breach any window can send on average.
    public var strictestPerSecond: Double? {
        var lowest: Double?
        for window in windows {
            let rate = Double(window.count) / Double(window.seconds)
            if let current = lowest, current <= rate { continue }
            lowest = rate
        }
        return lowest
    }

    public var description: String {
        if windows.isEmpty { return "unlimited" }
        var text = ""
        for window in windows { text += text.isEmpty ? window.description : "," + window.description }
        return text
    }

    private static func trimmingSpaces(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, first == 0x20 { slice = slice.dropFirst() }
        while let last = slice.last, last == 0x20 { slice = slice.dropLast() }
        return slice
    }

    /// Up to 9 digits (anything larger is not a real limit and would overflow a 32-bit Int).
    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        guard !bytes.isEmpty, bytes.count <= 9 else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }
}
