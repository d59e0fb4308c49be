// When a sensor is read next. The first reading of each device is spread over its first interval and
// every later one gets a little jitter, so that 50 devices with the same interval do not all hit the bus
// (and the broker) in the same millisecond, and do not drift back into step over the months.

public struct PollSchedule: Sendable, Equatable {
    public private(set) var intervalMs: Int64
    public private(set) var nextDueMs: Int64

    /// The first poll falls somewhere in the first interval (at most 10 s in, so a slow interval still
    /// reports soon after start).
    public init(intervalMs: Int64, nowMs: Int64, jitter: inout JitterSource) {
        self.intervalMs = max(1, intervalMs)
        nextDueMs = nowMs + jitter.next(below: min(self.intervalMs, 10_000))
    }

    public func isDue(nowMs: Int64) -> Bool { nowMs >= nextDueMs }

    /// Schedules the next poll one interval after the one that was due (not after `nowMs`, so a slow read
    /// does not make the schedule drift), give or take up to 2% jitter. A schedule that fell more than a
    /// whole interval behind (the board was suspended, the loop stalled) restarts from now instead of
    /// firing a burst of catch-up polls.
    public mutating func advance(nowMs: Int64, jitter: inout JitterSource) {
        let spread = intervalMs / 50
        let offset = spread > 0 ? jitter.next(below: 2 * spread + 1) - spread : 0
        var next = nextDueMs + intervalMs + offset
        if next <= nowMs { next = nowMs + intervalMs }
        nextDueMs = next
    }

    /// A new interval (shared attribute `pollIntervalMs`) takes effect from now.
    public mutating func change(intervalMs: Int64, nowMs: Int64) {
        self.intervalMs = max(1, intervalMs)
        nextDueMs = nowMs + self.intervalMs
    }
}
