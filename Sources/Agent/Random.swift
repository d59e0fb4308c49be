// A small seeded PRNG (xorshift64*) for jitter: poll offsets of sensors and reconnect delays. Seeded from
// getrandom in production and fixed in tests so schedules are reproducible. Not for anything secret.
import CSystem
import Transport

public struct JitterSource: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed == 0 ? 0x9E37_79B9_7F4A_7C15 : seed
    }

    /// Seeded from the kernel's random pool.
    public static func fromSystem() -> JitterSource {
        var seed: UInt64 = 0
        _ = withUnsafeMutableBytes(of: &seed) { getrandom($0.baseAddress, 8, 0) }
        return JitterSource(seed: seed)
    }

    public mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A value in 0..<bound (0 when bound <= 0).
    public mutating func next(below bound: Int64) -> Int64 {
        guard bound > 0 else { return 0 }
        return Int64(next() % UInt64(bound))
    }
}

// The reconnect backoff of Transport takes its jitter from the same source.
extension JitterSource: BackoffJitter {}
