// Property: every uplink built from random devices, keys and values (unicode, quotes, backslashes,
// control characters, extreme numbers) encodes to JSON that the strict parser accepts, in the shape the
// server requires (telemetry per device an array, ids integers, every device present once), with the
// values intact; and the decoder recognises it as our own echo where the topic is one we subscribe to.
import GatewayProtocol
import JSON
import XCTest

final class UplinkPropertyTests: XCTestCase {
    private var random = SeededGenerator(seed: 0x5EED)

    private func pick<T>(_ choices: [T]) -> T { choices[Int(random.next() % UInt64(choices.count))] }
    private func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    private let fragments = ["a", "Device", " ", "\"", "\\", "/", "é", "温", "😀", "\u{2028}", "\u{FEFF}", "{", "]", ":", ",", "0", "null"]
    private let controls = ["\u{0}", "\u{1}", "\n", "\t", "\r", "\u{1F}", "\u{7F}", "\u{8}", "\u{C}"]

    private func randomText(controlsAllowed: Bool) -> String {
        var text = ""
        for _ in 0..<(1 + random.next() % 6) {
            text += controlsAllowed && chance(20) ? pick(controls) : pick(fragments)
        }
        return text
    }

    private func randomName() -> DeviceName {
        while true {
            if let name = try? DeviceName(randomText(controlsAllowed: false)) { return name }
        }
    }

    private func randomScalar() -> JSONValue {
        switch random.next() % 7 {
        case 0: return .int(Int64(bitPattern: random.next()))
        case 1: return .int(Int64(random.next() % 1000))
        case 2: return .double(Double(bitPattern: random.next()))  // includes NaN, infinities, subnormals
        case 3: return .double(Double(Int64(random.next() % 2_000_000) - 1_000_000) / 64)
        case 4: return .bool(chance(50))
        case 5: return .null
        default: return .string(randomText(controlsAllowed: true))
        }
    }

    private func randomValue(depth: Int = 0) -> JSONValue {
        guard depth < 3, chance(15) else { return randomScalar() }
        if chance(50) { return .array((0..<random.next() % 4).map { _ in randomValue(depth: depth + 1) }) }
        return .object(randomObject(depth: depth + 1))
    }

    private func randomObject(depth: Int = 0, minimum: Int = 1) -> JSONObject {
        var object = JSONObject()
        while object.count < minimum + Int(random.next() % 4) {
            object[randomText(controlsAllowed: true)] = randomValue(depth: depth)
        }
        return object
    }

    private func randomEntry() -> TelemetryEntry {
        while true {
            let ts: Int64? = chance(80) ? Int64(random.next() % 4_000_000_000_000) : nil
            if let made = try? TelemetryEntry(ts: ts, values: randomObject()) { return made }
        }
    }

    /// What the parser gives back for a value: non-finite doubles were written as null.
    private func expected(_ value: JSONValue) -> JSONValue {
        switch value {
        case .double(let number) where !number.isFinite: return .null
        case .array(let elements): return .array(elements.map(expected))
        case .object(let object):
            var result = JSONObject()
            for member in object.members { result[member.key] = expected(member.value) }
            return .object(result)
        default: return value
        }
    }

    private func parse(_ message: OutgoingMessage, file: StaticString = #filePath, line: UInt = #line) -> JSONValue {
        do {
            return try JSONParser.parse(message.payload, limits: JSONLimits(maxInputBytes: 1 << 24, maxDepth: 64))
        } catch {
            XCTFail("\(message.topic): own payload not parseable: \(error)\n\(message.payloadText)", file: file, line: line)
            return .null
        }
    }

    private func assertEcho(_ message: OutgoingMessage, _ kind: UplinkKind, file: StaticString = #filePath, line: UInt = #line) {
        // A thrown decode error fails the assertion too, with this message.
        XCTAssertEqual(try DownlinkDecoder.decode(topic: message.topic, payload: message.payload), .echo(kind),
                       "echo of \(message.payloadText)", file: file, line: line)
    }

    func testTelemetryParsesBackAsArraysPerDevice() throws {
        for _ in 0..<400 {
            var items: [ChildTelemetryItem] = []
            for _ in 0..<(1 + random.next() % 8) { items.append(ChildTelemetryItem(device: randomName(), entry: randomEntry())) }
            let telemetry = try ChildTelemetry(items)
            let parsed = parse(telemetry.message)
            guard let root = parsed.objectValue else { return XCTFail("not an object") }
            XCTAssertEqual(root.keys, telemetry.devices.map { $0.device.value })
            for (group, member) in zip(telemetry.devices, root.members) {
                guard let entries = member.value.arrayValue else { return XCTFail("device value is not an array") }
                XCTAssertEqual(entries.count, group.entries.count)
                for (sent, back) in zip(group.entries, entries) {
                    if let ts = sent.ts {
                        XCTAssertEqual(back["ts"], .int(ts))
                        XCTAssertEqual(back["values"], expected(.object(sent.values)))
                    } else {
                        XCTAssertEqual(back, expected(.object(sent.values)))
                    }
                }
            }
            if telemetry.message.payload.count <= 65_536 { assertEcho(telemetry.message, .childTelemetry) }
        }
    }

    func testEveryOtherUplinkParsesBackToItsShape() throws {
        for _ in 0..<300 {
            let name = randomName()
            let id = Int(random.next() % UInt64(RequestID.maximum + 1))

            let connect = ChildConnect(device: name, type: chance(50) ? randomText(controlsAllowed: true) : nil)
            let connectBack = parse(connect.message)
            XCTAssertEqual(connectBack["device"], .string(name.value))
            assertEcho(connect.message, .childConnect)

            let attributes = try ChildAttributes((0..<(1 + random.next() % 3)).map { _ in
                ChildAttributeSet(device: randomName(), attributes: randomObject())
            })
            let attributesBack = parse(attributes.message)
            XCTAssertEqual(attributesBack.objectValue?.keys, attributes.sets.map { $0.device.value })
            for set in attributes.sets { XCTAssertEqual(attributesBack[set.device.value], expected(.object(set.attributes))) }
            assertEcho(attributes.message, .childAttributes)

            let data = randomValue()
            let reply = try ChildRPCReply(device: name, id: id, data: data)
            let replyBack = parse(reply.message)
            XCTAssertEqual(replyBack.objectValue?.keys, ["device", "id", "data"])
            XCTAssertEqual(replyBack["id"], .int(Int64(id)))
            XCTAssertEqual(replyBack["data"], expected(data))
            assertEcho(reply.message, .childRPCReply)

            let keys: AttributeKeys = chance(50) ? .key(randomText(controlsAllowed: true))
                : .keys((0..<random.next() % 3).map { _ in randomText(controlsAllowed: true) })
            let request = try ChildAttributeRequest(id: id, device: name, scope: chance(50) ? .client : .shared, keys: keys)
            let requestBack = parse(request.message)
            XCTAssertEqual(requestBack["id"], .int(Int64(id)))
            XCTAssertNotNil(requestBack["client"]?.boolValue)
            assertEcho(request.message, .childAttributeRequest)

            let claim = try ChildClaim([ChildClaimRequest(device: name, secretKey: chance(50) ? randomText(controlsAllowed: true) : nil,
                                                          durationMs: chance(50) ? Int64(random.next() % 1_000_000_000) : nil)])
            XCTAssertNotNil(parse(claim.message)[name.value]?.objectValue)
            assertEcho(claim.message, .childClaim)

            let own = try OwnTelemetry((0..<(1 + random.next() % 3)).map { _ in randomEntry() })
            let ownBack = parse(own.message)
            XCTAssertEqual(own.entries.count == 1 ? ownBack.objectValue != nil : ownBack.arrayValue?.count == own.entries.count, true)
            assertEcho(own.message, .ownTelemetry)

            let result = randomValue()
            let ownReply = try OwnRPCReply(id: id, result: result)
            XCTAssertEqual(parse(ownReply.message), expected(result))
            XCTAssertEqual(ownReply.message.topic, "v1/devices/me/rpc/response/\(id)")
        }
    }
}
