// Whether the board's clock can be trusted for the `ts` of readings. A Raspberry Pi has no battery-backed
// clock (the Pi 5's needs a battery fitted): after a boot it runs from the time saved at the last shutdown,
// or from 1970, until NTP sets it, and readings taken meanwhile carry that time. pinpost cannot correct
// them (every buffered reading carries the ts it was read at, gateway-api.md), but it can say so: once at
// start when the clock is not synchronised, when it becomes synchronised, and whenever it steps, so an
// operator who sees readings at odd times on the dashboard finds the reason in the log and the status.
//
// Pure: the agent feeds it samples (the kernel's or timesyncd's verdict, both clocks) every few seconds.

public enum ClockState: String, Equatable, Sendable {
    /// Set from a time source (NTP) since boot.
    case synchronized
    /// Not set yet, or set to a time before pinpost was built (certainly wrong).
    case unsynchronized
    /// Nobody can tell (the sandbox refuses the kernel's answer and timesyncd is not in use).
    case unknown
}

struct ClockWatch {
    /// 2026-01-01T00:00:00Z: a wall clock before this predates pinpost itself and has never been set.
    static let plausibleFloorMs: Int64 = 1_767_225_600_000
    /// A change of the wall clock against the monotonic one of at least this is a step, not jitter.
    static let stepThresholdMs: Int64 = 2_000

    enum Event: Equatable {
        /// At the first check: the clock is not (known to be) set. `implausible`: it reads a time before
        /// pinpost was built.
        case notSynchronizedAtStart(implausible: Bool)
        case becameSynchronized
        /// The wall clock moved by this many milliseconds against the monotonic clock.
        case stepped(byMs: Int64)
    }

    private(set) var state: ClockState = .unknown
    /// Once set in this run, the clock stays trusted: the kernel reports "unsynchronised" again after
    /// hours without an NTP update (an outage), though the clock has drifted by seconds at most.
    private var everSynchronized = false
    /// Wall minus monotonic clock at the last check; nil before the first.
    private var offsetMs: Int64?

    /// `kernel`: 1 synchronised, 0 not, -1 unknown (csys_clock_synchronized).
    mutating func check(kernel: Int32, wallMs: Int64, monotonicMs: Int64) -> [Event] {
        var events: [Event] = []
        let offset = wallMs - monotonicMs
        let previousOffset = offsetMs
        if let previousOffset, abs(offset - previousOffset) >= ClockWatch.stepThresholdMs {
            events.append(.stepped(byMs: offset - previousOffset))
        }
        offsetMs = offset

        let implausible = wallMs < ClockWatch.plausibleFloorMs
        let next: ClockState
        if implausible {
            next = .unsynchronized
        } else if kernel == 1 || everSynchronized {
            next = .synchronized
        } else {
            next = kernel == 0 ? .unsynchronized : .unknown
        }
        if previousOffset == nil {
            if next == .unsynchronized { events.append(.notSynchronizedAtStart(implausible: implausible)) }
        } else if next == .synchronized && state != .synchronized {
            events.append(.becameSynchronized)
        }
        if next == .synchronized { everSynchronized = true }
        state = next
        return events
    }
}
