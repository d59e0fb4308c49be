// What the store found and repaired, as values for the agent to log (the store has no logger).
// Offsets are byte offsets in the file, so a note can be checked with `xxd -s OFFSET`.

public enum RecoveryNote: Equatable, Sendable, CustomStringConvertible {
    /// A new ring file was created (or the header was blank).
    case created(path: String, bytes: Int64)
    /// One header slot failed its check (a torn checkpoint write or damage); the other slot was used.
    case headerSlotDamaged(path: String, slot: Int, offset: Int64)
    /// Both header slots were unreadable: the ring was started afresh and its records are lost.
    case headerLost(path: String)
    /// Damaged bytes inside the ring were skipped; records in them are lost.
    case corruptRegion(path: String, offset: Int64, length: Int64)
    /// The newest record was incomplete (written, not yet flushed, when power or the process died) and was
    /// discarded, with anything after it that was not flushed either.
    case tornTail(path: String, offset: Int64)
    /// The file was shorter than its header says (truncated); it was extended and the missing part is lost.
    case fileExtended(path: String, fromBytes: Int64, toBytes: Int64)
    /// The file had another size and `SizeMismatchPolicy.recreate` was chosen: its records are lost.
    case recreated(path: String, oldBytes: Int64, newBytes: Int64)
    /// Acknowledgements stored in the checkpoint were applied (those records are not sent again).
    case restored(path: String, records: Int, acknowledged: Int)

    public var description: String {
        switch self {
        case let .created(path, bytes): return "ring \(path): created, \(bytes) bytes"
        case let .headerSlotDamaged(path, slot, offset):
            return "ring \(path): header slot \(slot == 0 ? "A" : "B") at offset \(offset) is damaged; used the other slot"
        case let .headerLost(path): return "ring \(path): both header slots damaged; ring reset, buffered records lost"
        case let .corruptRegion(path, offset, length):
            return "ring \(path): corrupt region at offset \(offset), \(length) bytes, skipped"
        case let .tornTail(path, offset):
            return "ring \(path): incomplete last record at offset \(offset) discarded (not flushed before the stop)"
        case let .fileExtended(path, from, to):
            return "ring \(path): file was truncated to \(from) bytes; extended back to \(to) bytes"
        case let .recreated(path, old, new):
            return "ring \(path): size changed from \(old) to \(new) bytes; ring recreated, buffered records lost"
        case let .restored(path, records, acknowledged):
            return "ring \(path): \(records) records restored (\(acknowledged) already acknowledged)"
        }
    }
}
