// How the QoS 1 messages the platform lets us have unacknowledged (`maxInflightMessages`, capped by the
// config's `maxInflight`) are shared: buffered records (the backlog replay and live telemetry) may fill all
// but a reserve, which keeps room for session messages (RPC replies, connects), so that a reply does not wait
// behind a full replay window; together they never exceed the limit. With a tiny limit there is no reserve:
// session messages then wait in the SessionQueue for a PUBACK, still ahead of every buffered record.
public struct InFlightBudget: Equatable, Sendable {
    /// Most messages awaiting PUBACK, of every kind.
    public let total: Int
    /// Most buffered records awaiting PUBACK (at most what the store tracks).
    public let buffered: Int

    /// A quarter of the limit, at most 16: enough for a burst of RPC replies, small next to the window.
    public static let maximumReserve = 16

    public init(limit: Int, storeMaximum: Int) {
        total = max(1, limit)
        let reserve = min(InFlightBudget.maximumReserve, total / 4)
        buffered = max(1, min(total - reserve, storeMaximum))
    }
}
