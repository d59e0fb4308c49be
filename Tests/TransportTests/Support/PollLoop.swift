// A tiny single-threaded poll() loop for the tests, driving Transports the way the agent's EventLoop does:
// watch each socket for its pollEvents, dispatch revents, call handleMisc a few times a second, drain the
// events after every step. Events are collected per client for the assertions.
import Foundation
import Transport
#if canImport(Glibc)
import Glibc
#endif

final class TestClient {
    let name: String
    let transport: Transport
    private(set) var events: [TransportEvent] = []
    /// When false the loop leaves the queue alone (back-pressure tests drain by hand).
    var autoDrain = true
    /// How many times poll reported the socket writable (a busy loop shows up here).
    var writableWakeups = 0

    init(_ name: String, _ settings: TransportSettings) throws {
        self.name = name
        transport = try Transport(settings: settings)
    }

    func collect() {
        events += transport.drainEvents()
    }

    func takeEvents() -> [TransportEvent] {
        collect()
        defer { events = [] }
        return events
    }

    var messages: [(topic: String, payload: [UInt8])] {
        events.compactMap { if case .message(let topic, let payload) = $0 { return (topic, payload) } else { return nil } }
    }

    var disconnectReasons: [DisconnectReason] {
        events.compactMap { if case .disconnected(let reason) = $0 { return reason } else { return nil } }
    }

    var connectedCount: Int {
        events.filter { if case .connected = $0 { return true } else { return false } }.count
    }

    func hasPuback(_ mid: MessageID) -> Bool {
        events.contains { if case .published(mid, _) = $0 { return true } else { return false } }
    }

    func subscribedTopics() -> [String] {
        events.compactMap { if case .subscribed(let topic, _) = $0 { return topic } else { return nil } }
    }
}

/// Runs the loop until `done` holds or `timeout` seconds pass; returns whether `done` held.
@discardableResult
func pump(_ clients: [TestClient], timeout: TimeInterval = 5, until done: () -> Bool = { false }) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    var lastMisc = Date.distantPast
    while true {
        for client in clients where client.autoDrain { client.collect() }
        if done() { return true }
        if Date() >= deadline { return false }
        var fds = clients.map { pollfd(fd: $0.transport.socket, events: $0.transport.pollEvents, revents: 0) }
        _ = fds.withUnsafeMutableBufferPointer { poll($0.baseAddress, nfds_t($0.count), 20) }
        for (index, client) in clients.enumerated() where fds[index].fd >= 0 && fds[index].revents != 0 {
            if fds[index].revents & Int16(POLLOUT) != 0 { client.writableWakeups += 1 }
            client.transport.handle(pollEvents: fds[index].revents)
        }
        if Date().timeIntervalSince(lastMisc) >= 0.25 {
            for client in clients { client.transport.handleMisc() }
            lastMisc = Date()
        }
    }
}

/// Connects each client and runs the loop until all are connected (and subscribed to everything).
func connectAll(_ clients: [TestClient], timeout: TimeInterval = 5) -> Bool {
    for client in clients { try? client.transport.connect() }
    return pump(clients, timeout: timeout) {
        clients.allSatisfy { client in
            client.connectedCount > 0
                && client.subscribedTopics().count >= client.transport.settings.subscriptions.count
        }
    }
}

/// A fixed, replayable jitter source for Backoff in tests.
struct SequenceJitter: BackoffJitter {
    /// Each draw returns `fraction` of the bound (0 = shortest delay, 1 = longest).
    var fraction: Double
    mutating func next(below bound: Int64) -> Int64 {
        guard bound > 0 else { return 0 }
        return min(bound - 1, Int64(Double(bound) * fraction))
    }
}

/// xorshift, seeded: a deterministic "random" jitter source for range tests.
struct SeededJitter: BackoffJitter {
    var state: UInt64
    mutating func next(below bound: Int64) -> Int64 {
        guard bound > 0 else { return 0 }
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return Int64(state % UInt64(bound))
    }
}
