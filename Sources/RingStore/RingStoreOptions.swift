// How a ring store behaves: its sync policy (durability versus SD-card wear), its in-flight bound and
// record size limit, and what to do with a file made for another size. docs/ring-buffer.md explains what a
// power cut can lose under each sync setting.
import CSystem

/// Appended records (and acknowledgements) are flushed with one fdatasync after `everyRecords` appends or
/// when the oldest unflushed change is `everyMs` old, whichever comes first; also on `sync()` and `close()`.
/// 0 disables a trigger; both 0 means "only on sync()/close() and when the ring must reuse space".
public struct SyncPolicy: Equatable, Sendable, CustomStringConvertible {
    public var everyRecords: Int
    public var everyMs: Int

    public init(everyRecords: Int = 32, everyMs: Int = 1000) {
        self.everyRecords = max(0, everyRecords)
        self.everyMs = max(0, everyMs)
    }

    /// Every append is durable before `append` returns (most SD-card wear).
    public static let everyRecord = SyncPolicy(everyRecords: 1, everyMs: 0)
    /// Only explicit `sync()`/`close()`.
    public static let manual = SyncPolicy(everyRecords: 0, everyMs: 0)

    public var description: String { "sync every \(everyRecords) records or \(everyMs) ms" }
}

/// A file whose header records another size than asked for.
public enum SizeMismatchPolicy: Equatable, Sendable, CustomStringConvertible {
    /// Throw `StoreError.sizeMismatch` naming the file and both sizes (the default: never lose a backlog
    /// because of a config edit).
    case refuse
    /// Start a new ring of the asked size in the same file, with a `RecoveryNote.recreated`.
    case recreate

    public var description: String { self == .refuse ? "refuse" : "recreate" }
}

public struct RingStoreOptions {
    public var sync: SyncPolicy
    /// Records in flight plus records acknowledged out of order, at most `RingLayout.maximumInFlight` (128).
    public var maxInFlight: Int
    /// Largest payload accepted; also at most a quarter of the ring.
    public var maxPayloadBytes: Int
    public var onSizeMismatch: SizeMismatchPolicy
    /// Monotonic milliseconds, for the time-based sync trigger (tests replace it).
    public var clock: () -> Int64

    public init(sync: SyncPolicy = SyncPolicy(), maxInFlight: Int = 64, maxPayloadBytes: Int = 65536,
                onSizeMismatch: SizeMismatchPolicy = .refuse, clock: @escaping () -> Int64 = { csys_monotonic_ms() }) {
        self.sync = sync
        self.maxInFlight = min(max(1, maxInFlight), RingLayout.maximumInFlight)
        self.maxPayloadBytes = max(1, maxPayloadBytes)
        self.onSizeMismatch = onSizeMismatch
        self.clock = clock
    }
}
