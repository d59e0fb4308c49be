// The batcher: every message within the limit and as full as the next entry allows, every input item in
// exactly one message or reported, each device's entries in ts order across messages, oversized entries
// reported with a typed error, and the byte output identical to ChildTelemetry's encoding.
import GatewayProtocol
import JSON
import XCTest

final class TelemetryBatcherTests: XCTestCase {
    private func items(devices: Int, perDevice: Int, seed: UInt64) -> [ChildTelemetryItem] {
        var random = SeededGenerator(seed: seed)
        var result: [ChildTelemetryItem] = []
        for index in 0..<(devices * perDevice) {
            let name = device("Device \(index % devices)")
            let ts = 1_700_000_000_000 + Int64(random.next() % 100_000)
            var values = JSONObject()
            for key in 0..<Int(1 + random.next() % 4) { values["k\(key)"] = .double(Double(random.next() % 10_000) / 8) }
            result.append(ChildTelemetryItem(device: name, entry: entry(ts, values)))
        }
        return result
    }

    func testBatchesRespectTheLimitAndCoverEveryItemOnce() throws {
        let input = items(devices: 7, perDevice: 300, seed: 1)
        for limit in [120, 700, 4096, 16384] {
            let result = TelemetryBatcher(maxPayloadBytes: limit).pack(input)
            XCTAssertEqual(result.rejected, [])
            var seen = Set<Int>()
            var lastTs: [String: Int64] = [:]
            for (position, batch) in result.batches.enumerated() {
                XCTAssertLessThanOrEqual(batch.message.payload.count, limit)
                XCTAssertEqual(batch.message.topic, "v1/gateway/telemetry")
                // The bytes are exactly what ChildTelemetry writes for the same items in that order.
                let same = try ChildTelemetry(batch.itemIndices.map { input[$0] })
                XCTAssertEqual(batch.message.payload, same.payload)
                XCTAssertEqual(batch.dataPointCount, same.dataPointCount)
                // Parses back: devices map to arrays of stamped entries.
                let parsed = try JSONParser.parse(batch.message.payload)
                for member in parsed.objectValue?.members ?? [] {
                    guard let entries = member.value.arrayValue else { return XCTFail("not an array") }
                    for value in entries {
                        let ts = value["ts"]?.intValue ?? -1
                        XCTAssertGreaterThanOrEqual(ts, lastTs[member.key] ?? 0, "ts order of \(member.key)")
                        lastTs[member.key] = ts
                    }
                }
                for index in batch.itemIndices { XCTAssertTrue(seen.insert(index).inserted) }
                // Full: the next message's first item would not have fitted here.
                if position + 1 < result.batches.count {
                    let next = result.batches[position + 1].itemIndices[0]
                    let grown = try ChildTelemetry((batch.itemIndices + [next]).map { input[$0] })
                    XCTAssertGreaterThan(grown.payload.count, limit)
                }
            }
            XCTAssertEqual(seen.count, input.count)
        }
    }

    func testOversizedEntryIsReportedNotDroppedOrSent() throws {
        let big = JSONObject([JSONMember("blob", .string(String(repeating: "x", count: 500)))])
        let input = [
            ChildTelemetryItem(device: device("A"), entry: entry(1, ["t": 1])),
            ChildTelemetryItem(device: device("Big"), entry: entry(2, big)),
            ChildTelemetryItem(device: device("A"), entry: entry(3, ["t": 2])),
        ]
        let result = TelemetryBatcher(maxPayloadBytes: 200).pack(input)
        XCTAssertEqual(result.rejected.map { $0.index }, [1])
        XCTAssertEqual(result.rejected.first?.error.description,
                       "v1/gateway/telemetry: Big: telemetry entry needs 539 bytes alone, more than the 200-byte payload limit")
        XCTAssertEqual(result.messages.map { $0.payloadText }, [#"{"A":[{"ts":1,"values":{"t":1}},{"ts":3,"values":{"t":2}}]}"#])
        XCTAssertEqual(result.batches.first?.itemIndices, [0, 2])
        // Exactly at the limit fits: {"Big":[ (8) + {"ts":2,"values":{"blob":" (26) + 500 + "}} (3) + ]} (2).
        let exact = TelemetryBatcher(maxPayloadBytes: 539).pack([input[1]])
        XCTAssertEqual(exact.batches.first?.message.payload.count, 539)
        XCTAssertEqual(exact.rejected, [])
    }

    func testOldestFirstAcrossDevicesWithStampLessLast() {
        let input = [
            ChildTelemetryItem(device: device("A"), entry: entry(30, ["v": 3])),
            ChildTelemetryItem(device: device("B"), entry: entry(nil, ["v": 9])),
            ChildTelemetryItem(device: device("A"), entry: entry(10, ["v": 1])),
            ChildTelemetryItem(device: device("B"), entry: entry(20, ["v": 2])),
            ChildTelemetryItem(device: device("A"), entry: entry(10, ["v": 0])),
        ]
        let result = TelemetryBatcher(maxPayloadBytes: 1000).pack(input)
        XCTAssertEqual(result.batches.first?.itemIndices, [2, 4, 3, 0, 1])
        XCTAssertEqual(result.messages.first?.payloadText,
                       #"{"A":[{"ts":10,"values":{"v":1}},{"ts":10,"values":{"v":0}},{"ts":30,"values":{"v":3}}],"B":[{"ts":20,"values":{"v":2}},{"v":9}]}"#)
    }

    func testEmptyInputGivesNoMessage() {
        XCTAssertEqual(TelemetryBatcher(maxPayloadBytes: 100).pack([]), TelemetryBatches())
        XCTAssertEqual(TelemetryBatcher(maxPayloadBytes: 0).pack([ChildTelemetryItem(device: device("A"), entry: entry(1, ["t": 1]))]).rejected.count, 1)
    }

    func testPackingIsLinear() {
        // 100,000 readings of 50 devices: the incremental size bookkeeping keeps this well under a second
        // (re-encoding each message per entry would take minutes).
        let input = items(devices: 50, perDevice: 2_000, seed: 7)
        let start = Date()
        let result = TelemetryBatcher(maxPayloadBytes: 65_512).pack(input)
        let elapsed = Date().timeIntervalSince(start)
        XCTAssertEqual(result.batches.reduce(0) { $0 + $1.itemIndices.count }, input.count)
        XCTAssertLessThan(elapsed, 5, "packing took \(elapsed) s")
        print("packed \(input.count) entries into \(result.batches.count) messages in \(elapsed) s")
    }
}
