// Software debounce for one GPIO input, driven by edge events and a settle timer.
//
// A contact bounces for a few milliseconds; the kernel reports every bounce. An edge is accepted when the
// line has stayed at its new level for `windowMs`: the first event of a burst opens a window, later events
// in the window only update the pending level, and when the window closes the pending level is reported if
// it differs from the last reported one, stamped with the time of the burst's FIRST event (when the contact
// actually moved). A burst that ends where it started reports nothing.

public struct Debouncer: Sendable {
    public struct Edge: Equatable, Sendable {
        public var level: Bool
        /// Unix milliseconds of the first event of the burst.
        public var timestampMs: Int64
    }

    public let windowMs: Int64
    public private(set) var reportedLevel: Bool
    private var pendingLevel: Bool?
    private var burstStartMs: Int64 = 0
    private var windowEndsMs: Int64 = 0

    public init(windowMs: Int64, initialLevel: Bool) {
        self.windowMs = max(0, windowMs)
        self.reportedLevel = initialLevel
    }

    /// Whether a window is open (the caller keeps a timer for `deadlineMs`).
    public var isSettling: Bool { pendingLevel != nil }
    public var deadlineMs: Int64 { windowEndsMs }

    /// Feeds one edge event: the level after the edge and its timestamp in Unix ms. Returns an edge at once
    /// when debouncing is off (window 0); otherwise nil, and the caller calls `settle` at `deadlineMs`.
    public mutating func event(level: Bool, atMs timestamp: Int64) -> Edge? {
        if windowMs == 0 {
            guard level != reportedLevel else { return nil }
            reportedLevel = level
            return Edge(level: level, timestampMs: timestamp)
        }
        if pendingLevel == nil {
            burstStartMs = timestamp
        }
        pendingLevel = level
        // Each bounce extends the window: the line must be quiet for windowMs after its last change.
        windowEndsMs = timestamp + windowMs
        return nil
    }

    /// Closes the window if it is due at `nowMs` (Unix ms); returns the accepted edge, if any.
    public mutating func settle(nowMs: Int64) -> Edge? {
        guard let level = pendingLevel, nowMs >= windowEndsMs else { return nil }
        pendingLevel = nil
        guard level != reportedLevel else { return nil }
        reportedLevel = level
        return Edge(level: level, timestampMs: burstStartMs)
    }
}
