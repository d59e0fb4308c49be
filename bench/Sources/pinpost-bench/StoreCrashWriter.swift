// The writer process of the ring store crash test: appends and acknowledges records in a loop until it is
// killed, reporting each step on stdout with write(2) (no buffering, so a line printed is a step done).
//   O <next>   the store is open (recovery done); the next append gets <next>
//   A <seq>    appended (not yet flushed)
//   K <seq>    acknowledged (not yet flushed)
//   S          sync() returned: every A and K above is durable
//   E <text>   something the store returned was wrong (exit 3)
// Payloads are a function of the sequence number (StoreCrashWriter.payload; the test has the same rule in
// RingCrashTests.swift), so the test can check every held record's bytes.
import CSystem
import Foundation
import RingStore

enum StoreCrashWriter {
    static func payload(for sequence: UInt64) -> [UInt8] {
        let length = 8 + Int(sequence % 97) * 3
        var bytes = Array("seq\(sequence):".utf8)
        while bytes.count < length { bytes.append(UInt8(truncatingIfNeeded: sequence &* 31 &+ UInt64(bytes.count))) }
        return bytes
    }

    static func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBytes { raw in _ = write(1, raw.baseAddress, raw.count) }
    }

    static func run(_ arguments: [String]) -> Int32 {
        guard arguments.count == 3, let size = Int(arguments[1]), let seed = UInt64(arguments[2]) else {
            say("E usage: store-crash-writer PATH SIZE SEED")
            return 2
        }
        var random = SplitMix(seed: seed)
        let store: RingStore
        do {
            store = try RingStore.open(path: arguments[0], sizeBytes: size, options: RingStoreOptions(sync: .manual))
        } catch {
            say("E open: \(error)")
            return 3
        }
        say("O \(store.nextID.sequence)")
        var inFlight: [RecordID] = []
        do {
            while true {
                let expected = store.nextID
                let id = try store.append(kind: 1, payload: payload(for: expected.sequence))
                guard id == expected else { say("E append returned \(id), expected \(expected)"); return 3 }
                say("A \(id.sequence)")
                while inFlight.count < 16, let next = try store.nextToSend() {
                    guard next.payload == payload(for: next.id.sequence) else { say("E payload of \(next.id)"); return 3 }
                    guard store.markInFlight(next.id) else { say("E markInFlight \(next.id)"); return 3 }
                    inFlight.append(next.id)
                }
                // One acknowledgement per append keeps the backlog small; a random one of up to 16 in flight
                // makes most of them arrive out of order. A backlog left by earlier kills is worked off with a
                // second one.
                for _ in 0..<(store.stats.records > 24 ? 2 : 1) where !inFlight.isEmpty {
                    let acked = inFlight.remove(at: Int(random.next() % UInt64(inFlight.count)))
                    let result = try store.acknowledge(acked)
                    guard case .acknowledged = result else { say("E ack \(acked): \(result)"); return 3 }
                    say("K \(acked.sequence)")
                    if inFlight.isEmpty, let next = try store.nextToSend(), store.markInFlight(next.id) {
                        inFlight.append(next.id)
                    }
                }
                if random.next() % 8 == 0 {
                    try store.sync()
                    say("S")
                }
                if random.next() % 64 == 0 {
                    // A simulated reconnect: everything unacknowledged is sent again.
                    store.resetInFlight()
                    inFlight.removeAll()
                }
            }
        } catch {
            say("E \(error)")
            return 3
        }
    }
}

extension StoreCrashWriter {
    /// Opens a ring file (recovering it, as the agent would) and prints what it found.
    static func inspect(_ arguments: [String]) -> Int32 {
        guard arguments.count == 2, let size = Int(arguments[1]) else {
            say("usage: store-inspect PATH SIZE")
            return 2
        }
        do {
            let store = try RingStore.open(path: arguments[0], sizeBytes: size)
            for note in store.takeNotes() { say("note: \(note)") }
            say("stats: \(store.stats)")
            say("held: " + (try store.heldRecordIDs()).map { String($0.sequence) }.joined(separator: " "))
            try store.close()
            return 0
        } catch {
            say("error: \(error)")
            return 1
        }
    }
}

/// A small deterministic generator (the run is reproducible from its seed).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
