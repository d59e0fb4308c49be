// Turns kernel edge timestamps into Unix epoch milliseconds for telemetry.
//
// libgpiod 1.6 speaks the kernel's v1 GPIO uAPI, which stamps line events with CLOCK_MONOTONIC since
// Linux 5.7 (commit 26d060e47e25, "gpiolib: use the monotonic clock for line event timestamps") and with
// CLOCK_REALTIME before; libgpiod 1.6 has no way to choose. So the converter samples both clocks once and
// adds their offset, and recognises an already-realtime stamp (old kernel) because it lies far closer to
// the realtime sample than to the monotonic one (boot time versus decades since 1970).
import CSystem

public struct GPIOEventClock: Equatable, Sendable {
    /// CLOCK_REALTIME and CLOCK_MONOTONIC, in nanoseconds, read back to back.
    public var realtimeNs: Int64
    public var monotonicNs: Int64

    public init(realtimeNs: Int64, monotonicNs: Int64) {
        self.realtimeNs = realtimeNs
        self.monotonicNs = monotonicNs
    }

    /// Samples both clocks now. Sample again for every batch of events: NTP steps move the offset.
    public static func sample() -> GPIOEventClock {
        let before = clockNs(CLOCK_REALTIME)
        let monotonic = clockNs(CLOCK_MONOTONIC)
        let after = clockNs(CLOCK_REALTIME)
        // The monotonic read happened between the two realtime reads: pair it with their midpoint.
        return GPIOEventClock(realtimeNs: before + (after - before) / 2, monotonicNs: monotonic)
    }

    /// Unix epoch milliseconds of a kernel event timestamp (either clock, see above).
    public func epochMs(kernelTimestampNs timestamp: UInt64) -> Int64 {
        let stamp = Int64(clamping: timestamp)
        if distance(stamp, realtimeNs) < distance(stamp, monotonicNs) {
            return stamp / 1_000_000
        }
        return (stamp + (realtimeNs - monotonicNs)) / 1_000_000
    }

    public func epochMs(of event: GPIOEdgeEvent) -> Int64 {
        epochMs(kernelTimestampNs: event.timestampNs)
    }

    private func distance(_ a: Int64, _ b: Int64) -> UInt64 {
        a >= b ? UInt64(a - b) : UInt64(b - a)
    }

    /// CLOCK_MONOTONIC now, in nanoseconds: the clock of kernel (and simulated) event timestamps.
    public static func monotonicNowNs() -> UInt64 {
        UInt64(clamping: clockNs(CLOCK_MONOTONIC))
    }

    /// Nanoseconds of a POSIX clock.
    static func clockNs(_ clock: clockid_t) -> Int64 {
        var spec = timespec()
        _ = clock_gettime(clock, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }
}
