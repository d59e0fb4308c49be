// When to reconnect, and why the connection ended, as a pure value the agent keeps next to its Transport
// (no clock, no I/O: the caller passes times in and gets a delay out, so every rule is unit-testable).
//
// - Delays grow exponentially with jitter, always within [1 s, 60 s] (defaults): after the n-th failure in
//   a row (n = 0, 1, ...) the delay is uniform in [max(min, cap/2), cap] with cap = min(max, min * 2^(n+1)):
//   [1,2] s, [2,4] s, [4,8] s, ..., then [30,60] s. The random half spreads a fleet of gateways that lost
//   the server at the same moment.
// - A session that stayed up for a stable minute resets the sequence: its loss is not a "failure in a row".
// - CONNACK 4/5 (bad user name or password / not authorised) is still backed off, but named
//   `credentialsRejected`, so the log says what to fix.
// - ThingsBoard closes the older session when a second client logs in with the same credentials, and the
//   two then take turns kicking each other out, each session lasting about the other's backoff delay.
//   So sessions accepted by CONNACK and then closed by the server before they became stable, several times
//   in a row, are reported as `likelyDuplicateClient` (and an MQTT 5 DISCONNECT 142, "session taken over",
//   at once).

/// Random numbers for the jitter; the agent's seeded JitterSource fits (`next(below:)`), tests pass a fixed one.
public protocol BackoffJitter {
    /// A value in 0..<bound (0 when bound <= 0).
    mutating func next(below bound: Int64) -> Int64
}

public struct BackoffPolicy: Equatable, Sendable {
    public var minimumDelayMs: Int64
    public var maximumDelayMs: Int64
    /// A session up at least this long resets the delay sequence.
    public var stableSessionMs: Int64
    /// How many short sessions closed by the server in a row mean "another client uses these credentials".
    public var shortSessionsForDuplicateWarning: Int

    public init(minimumDelayMs: Int64 = 1000, maximumDelayMs: Int64 = 60_000, stableSessionMs: Int64 = 60_000,
                shortSessionsForDuplicateWarning: Int = 3) {
        self.minimumDelayMs = max(1, minimumDelayMs)
        self.maximumDelayMs = max(self.minimumDelayMs, maximumDelayMs)
        self.stableSessionMs = stableSessionMs
        self.shortSessionsForDuplicateWarning = max(1, shortSessionsForDuplicateWarning)
    }
}

/// Why the agent is about to reconnect: what it logs.
public enum ReconnectCause: Equatable, Sendable, CustomStringConvertible {
    /// Name resolution, TCP, TLS or setup failed before CONNACK.
    case connectFailed
    /// CONNACK 4 or 5 (MQTT 5: 0x86, 0x87): wrong token, user name, password or certificate mapping.
    case credentialsRejected(ConnackCode)
    /// Another CONNACK refusal (1 protocol, 2 client id, 3 server unavailable, ...).
    case refused(ConnackCode)
    /// No CONNACK in time.
    case timedOut
    /// An established session ended (reset, closed, keep-alive expired, server DISCONNECT).
    case connectionLost
    /// Sessions keep being closed right after CONNACK: another client with the same credentials is likely
    /// connected (ThingsBoard lets only one session per device live).
    case likelyDuplicateClient
    /// The agent closed the connection itself.
    case closedByCaller

    public var description: String {
        switch self {
        case .connectFailed: return "connect failed"
        case .credentialsRejected(let code): return "credentials rejected (\(code.description))"
        case .refused(let code): return "connection refused (\(code.description))"
        case .timedOut: return "no CONNACK in time"
        case .connectionLost: return "connection lost"
        case .likelyDuplicateClient:
            return "another client with the same credentials is likely connected (sessions closed right after CONNACK)"
        case .closedByCaller: return "closed by the agent"
        }
    }
}

public struct ReconnectPlan: Equatable, Sendable {
    public var delayMs: Int64
    public var cause: ReconnectCause
    /// Failures in a row so far, this one included (0 after a stable session was lost).
    public var failuresInARow: Int
}

public struct Backoff<Jitter: BackoffJitter> {
    public let policy: BackoffPolicy
    private var jitter: Jitter
    public private(set) var failuresInARow = 0
    /// Sessions in a row that were accepted and then closed by the server before becoming stable.
    public private(set) var shortSessionsInARow = 0
    /// When the current session got its CONNACK (nil when none is up).
    private var sessionStartedMs: Int64?

    public init(policy: BackoffPolicy = BackoffPolicy(), jitter: Jitter) {
        self.policy = policy
        self.jitter = jitter
    }

    /// Call on `connected`.
    public mutating func sessionEstablished(atMs now: Int64) {
        sessionStartedMs = now
    }

    /// Call on `disconnected`: classifies the ending and says how long to wait before `connect()`.
    public mutating func nextAttempt(after reason: DisconnectReason, atMs now: Int64) -> ReconnectPlan {
        let startedMs = sessionStartedMs
        sessionStartedMs = nil
        var cause: ReconnectCause
        switch reason {
        case .connectFailed: cause = .connectFailed
        case .refused(let code): cause = code.isCredentialsRejected ? .credentialsRejected(code) : .refused(code)
        case .timedOut: cause = .timedOut
        case .lost, .serverDisconnected: cause = .connectionLost
        case .closedByCaller: cause = .closedByCaller
        }

        if let startedMs {
            let stable = now - startedMs >= policy.stableSessionMs
            if stable || reason == .closedByCaller {
                failuresInARow = 0
                shortSessionsInARow = 0
            } else if isClosedByServer(reason) {
                shortSessionsInARow += 1
            }
            if reason == .serverDisconnected(reasonCode: 0x8E) {
                shortSessionsInARow = max(shortSessionsInARow, policy.shortSessionsForDuplicateWarning)
            }
            if shortSessionsInARow >= policy.shortSessionsForDuplicateWarning && !stable {
                cause = .likelyDuplicateClient
            }
        }

        let delay = delayMs(afterFailures: failuresInARow)
        failuresInARow += 1
        return ReconnectPlan(delayMs: delay, cause: cause, failuresInARow: failuresInARow)
    }

    /// Forgets the history (a new configuration was loaded, say).
    public mutating func reset() {
        failuresInARow = 0
        shortSessionsInARow = 0
        sessionStartedMs = nil
    }

    /// The delay after `failures` earlier failures in a row: uniform in [max(min, cap/2), cap].
    private mutating func delayMs(afterFailures failures: Int) -> Int64 {
        var cap = policy.minimumDelayMs
        var doublings = 0
        // min * 2^(failures+1), stopping at the maximum (and long before Int64 could overflow).
        while doublings <= failures && cap < policy.maximumDelayMs {
            cap = cap > policy.maximumDelayMs / 2 ? policy.maximumDelayMs : cap * 2
            doublings += 1
        }
        cap = min(cap, policy.maximumDelayMs)
        let floor = max(policy.minimumDelayMs, cap / 2)
        return floor + jitter.next(below: cap - floor + 1)
    }

    private func isClosedByServer(_ reason: DisconnectReason) -> Bool {
        switch reason {
        // End of stream or reset: the server closed. A keep-alive expiry is the network, not a kick.
        case .lost(let error): return error.kind == .network && error.code != Mosquitto.keepAlive
        case .serverDisconnected: return true
        default: return false
        }
    }
}
