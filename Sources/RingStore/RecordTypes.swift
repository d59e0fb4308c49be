// The values the agent handles: record ids, a record to publish, the answer to an acknowledgement.

/// A record's identity: its sequence number, unique and increasing over the life of the ring file
/// (it survives restarts). The agent maps MQTT message ids to these.
public struct RecordID: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let sequence: UInt64

    public init(sequence: UInt64) { self.sequence = sequence }

    public static func < (lhs: RecordID, rhs: RecordID) -> Bool { lhs.sequence < rhs.sequence }
    public var description: String { "#\(sequence)" }
}

/// The oldest record that is neither in flight nor acknowledged, as returned by `nextToSend()`.
public struct PendingRecord: Equatable, Sendable, CustomStringConvertible {
    public let id: RecordID
    /// The caller's topic kind (1...255) as given to `append`.
    public let kind: UInt8
    public let payload: [UInt8]

    public var description: String { "record \(id) kind \(kind), \(payload.count) bytes" }
}

/// What `acknowledge(_:)` did.
public enum AckResult: Equatable, Sendable, CustomStringConvertible {
    /// The record was in flight and is now acknowledged; `released` records (this one and any acknowledged
    /// ones right after it) left the ring because the oldest record was among them. 0 when the ack came out
    /// of order: the record is remembered as acknowledged and released once the older ones are.
    case acknowledged(released: Int)
    /// Acknowledged before; nothing changed.
    case duplicate
    /// Not in flight: never marked, already released, dropped by overflow, or in flight before a
    /// `resetInFlight()`. Nothing changed.
    case notInFlight

    public var description: String {
        switch self {
        case let .acknowledged(released): return "acknowledged (\(released) released)"
        case .duplicate: return "duplicate acknowledgement"
        case .notInFlight: return "not in flight"
        }
    }
}

/// A snapshot for the gateway's self-telemetry.
public struct RingStats: Equatable, Sendable, CustomStringConvertible {
    /// Records held (not yet released), including those in flight and acknowledged out of order.
    public var records: Int
    /// Bytes of the ring they occupy (headers included).
    public var bytes: Int
    /// Size of the ring's data area in bytes.
    public var capacityBytes: Int
    /// Records overwritten by overflow before being acknowledged, over the life of the file.
    public var droppedRecords: UInt64
    public var droppedBytes: UInt64
    /// The oldest record held, nil when empty.
    public var oldest: RecordID?
    /// The id the next append gets.
    public var next: RecordID
    public var inFlight: Int
    public var acknowledgedUnreleased: Int
    /// fdatasync calls since open (SD-card wear).
    public var syncs: UInt64
    /// Corrupt regions skipped since open (recovery included).
    public var corruptRegions: Int

    public var description: String {
        "\(records) records, \(bytes)/\(capacityBytes) bytes, \(droppedRecords) dropped, "
            + "\(inFlight) in flight, \(acknowledgedUnreleased) acknowledged early, \(syncs) syncs"
    }
}
