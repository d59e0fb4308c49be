// Ring store throughput: appends (default sync policy, 32 records or 1000 ms) and a replay of the backlog
// with a window of 64 in flight, for 64-byte and 1 KiB payloads, on a 4 MiB ring file and in memory.
// fsyncs/1000 counts fdatasync calls per 1000 records in that phase (SD-card wear).
import CSystem
import Foundation
import RingStore

enum StoreBenchmark {
    struct Row {
        var medium: String
        var payload: Int
        var phase: String
        var records: Int
        var seconds: Double
        var syncs: UInt64
    }

    static func now() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    static func run(directory: String) -> Int32 {
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let ringBytes = 4 * 1024 * 1024
        var rows: [Row] = []
        do {
            for payloadBytes in [64, 1024] {
                for medium in ["file", "memory"] {
                    let path = "\(directory)/bench-\(payloadBytes).ring"
                    try? FileManager.default.removeItem(atPath: path)
                    let store = medium == "file"
                        ? try RingStore.open(path: path, sizeBytes: ringBytes)
                        : try RingStore.inMemory(sizeBytes: ringBytes)
                    // Fill 90% of the ring, replay it all; three rounds so the ring wraps.
                    let perRound = (ringBytes - 4096) * 9 / 10 / (payloadBytes + 16)
                    let payload = [UInt8](repeating: 0x5A, count: payloadBytes)
                    var append = Row(medium: medium, payload: payloadBytes, phase: "append", records: 0, seconds: 0, syncs: 0)
                    var replay = Row(medium: medium, payload: payloadBytes, phase: "replay", records: 0, seconds: 0, syncs: 0)
                    for _ in 0..<3 {
                        var syncsBefore = store.stats.syncs
                        var start = now()
                        for _ in 0..<perRound { try store.append(kind: 1, payload: payload) }
                        append.seconds += now() - start
                        append.records += perRound
                        append.syncs += store.stats.syncs - syncsBefore

                        syncsBefore = store.stats.syncs
                        start = now()
                        var window: [RecordID] = []
                        var replayed = 0
                        while true {
                            while window.count < 64, let record = try store.nextToSend() {
                                store.markInFlight(record.id)
                                window.append(record.id)
                            }
                            if window.isEmpty { break }
                            try store.acknowledge(window.removeFirst())
                            replayed += 1
                            try store.syncIfDue()
                        }
                        try store.sync()
                        replay.seconds += now() - start
                        replay.records += replayed
                        replay.syncs += store.stats.syncs - syncsBefore
                    }
                    try store.close()
                    try? FileManager.default.removeItem(atPath: path)
                    rows.append(append)
                    rows.append(replay)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("pinpost-bench: \(error)\n".utf8))
            return 1
        }
        print("RingStore, 4 MiB ring, default sync policy (32 records / 1000 ms), replay window 64, file in \(directory)")
        print(pad("medium", 8) + pad("payload", 9) + pad("phase", 8) + pad("records", 9) + pad("records/s", 12)
              + pad("MB/s", 9) + "fsyncs/1000")
        for row in rows {
            let rate = Double(row.records) / max(row.seconds, 1e-9)
            let megabytes = rate * Double(row.payload) / 1e6
            let perThousand = Double(row.syncs) * 1000 / Double(max(row.records, 1))
            print(pad(row.medium, 8) + pad("\(row.payload) B", 9) + pad(row.phase, 8) + pad("\(row.records)", 9)
                  + pad(String(format: "%.0f", rate), 12) + pad(String(format: "%.1f", megabytes), 9)
                  + String(format: "%.1f", perThousand))
        }
        return 0
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
    }
}
