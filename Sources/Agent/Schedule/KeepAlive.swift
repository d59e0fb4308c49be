// Child sessions on the platform expire after 600 s without activity, and then RPCs stop reaching them
// (gateway-api.md). A device that reports only on change (a door contact) must still say something now
// and then: this tracks, per device, when it last sent anything and when its state is due again.

public struct KeepAlive: Sendable, Equatable {
    public let intervalMs: Int64
    public private(set) var lastReportMs: Int64

    /// Starts as "reported at `nowMs`": the connect message itself counts as activity.
    public init(intervalMs: Int64, nowMs: Int64) {
        self.intervalMs = max(1, intervalMs)
        lastReportMs = nowMs
    }

    /// Any uplink for the device resets the clock.
    public mutating func reported(atMs: Int64) { lastReportMs = max(lastReportMs, atMs) }

    public func isDue(nowMs: Int64) -> Bool { nowMs - lastReportMs >= intervalMs }

    public var nextDueMs: Int64 { lastReportMs + intervalMs }
}
