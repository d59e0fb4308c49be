// Attribute requests in both scopes: the bytes sent, every kind of answer routed back to its asker exactly
// once, timeouts, a full table, and a disconnect.
import GatewayProtocol
import JSON
import XCTest
@testable import Agent

final class AttributeRequestsTests: XCTestCase {
    private var heard: [(String, AttributeAnswer)] = []

    private func device(_ name: String) throws -> DeviceName { try DeviceName(name) }

    private func ask(_ table: inout AttributeRequests, _ name: String, _ scope: GatewayProtocol.AttributeScope, _ keys: [String],
                     at nowMs: Int64 = 0) throws -> AttributeRequests.Registration {
        let tag = "\(name)/\(scope)/\(keys.joined(separator: ","))"
        return table.request(device: try device(name), scope: scope, keys: keys, nowMs: nowMs) { [unowned self] answer in
            heard.append((tag, answer))
        }
    }

    private func payload(_ registration: AttributeRequests.Registration) -> String {
        String(decoding: registration.message?.payload ?? [], as: UTF8.self)
    }

    private func response(_ id: Int, _ name: String, _ result: AttributeLookup) throws -> ChildAttributeResponse {
        ChildAttributeResponse(id: id, device: try device(name), result: result)
    }

    func testClientAndSharedRequestsAreSentAsTheSpecShowsWithIncreasingIds() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        let client = try ask(&table, "Relays", .client, ["firmwareVersion"])
        XCTAssertEqual(client.message?.topic, "v1/gateway/attributes/request")
        XCTAssertEqual(payload(client), #"{"id":1,"device":"Relays","client":true,"key":"firmwareVersion"}"#)
        let shared = try ask(&table, "Relays", .shared, ["1", "2"])
        XCTAssertEqual(payload(shared), #"{"id":2,"device":"Relays","client":false,"keys":["1","2"]}"#)
        XCTAssertEqual(table.count, 2)
        XCTAssertTrue(heard.isEmpty, "nobody hears anything before an answer")
    }

    func testEveryKindOfAnswerReachesItsAskerOnce() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        _ = try ask(&table, "Relays", .shared, ["1"])
        _ = try ask(&table, "Climate", .client, ["a", "b"])
        _ = try ask(&table, "Cellar", .shared, ["pollIntervalMs"])

        // Answers out of order; the single-key "value" answer gets its key back.
        for (id, name, result) in [(2, "Climate", AttributeLookup.values(JSONObject([JSONMember("a", 1)]))),
                                   (1, "Relays", .value(.bool(true))), (3, "Cellar", .notFound)] {
            guard case .delivered(let delivery) = table.route(try response(id, name, result)) else { return XCTFail("id \(id) not routed") }
            delivery.deliver()
        }
        XCTAssertEqual(heard.map { $0.0 }, ["Climate/client/a,b", "Relays/shared/1", "Cellar/shared/pollIntervalMs"])
        XCTAssertEqual(heard.map { $0.1 }, [.values(JSONObject([JSONMember("a", 1)])), .values(JSONObject([JSONMember("1", true)])), .notFound])

        guard case .unknownID = table.route(try response(1, "Relays", .value(.bool(false)))) else {
            return XCTFail("a second answer to the same id must not reach anyone")
        }
        XCTAssertEqual(heard.count, 3)
        XCTAssertEqual(table.count, 0)
    }

    func testAnAnswerNamingAnotherDeviceEndsTheRequestUnanswered() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        _ = try ask(&table, "Relays", .shared, ["1"])
        guard case .wrongDevice(let delivery, let named) = table.route(try response(1, "Stranger", .value(.bool(true)))) else {
            return XCTFail("must be reported as another device's answer")
        }
        XCTAssertEqual(named, "Stranger")
        delivery.deliver()
        XCTAssertEqual(heard.first?.1, .unanswered("the answer named another device"))
    }

    func testASingleValueForSeveralKeysIsNotGuessedAt() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        _ = try ask(&table, "Relays", .shared, ["1", "2"])
        guard case .delivered(let delivery) = table.route(try response(1, "Relays", .value(.bool(true)))) else { return XCTFail() }
        XCTAssertEqual(delivery.answer, .unanswered("a single value for 2 keys"))
    }

    func testUnansweredRequestsTimeOutAtTheirDeadlineOnly() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        _ = try ask(&table, "Relays", .shared, ["1"], at: 1_000)
        _ = try ask(&table, "Climate", .shared, ["pollIntervalMs"], at: 5_000)
        XCTAssertTrue(table.expire(nowMs: 10_999).isEmpty)
        let first = table.expire(nowMs: 11_000)
        XCTAssertEqual(first.map(\.device), ["Relays"])
        XCTAssertEqual(first.first?.answer, .unanswered("no answer within 10 s (the server sends none when a lookup fails)"))
        first.forEach { $0.deliver() }
        guard case .unknownID = table.route(try response(1, "Relays", .value(.bool(true)))) else {
            return XCTFail("a late answer after the timeout reaches nobody")
        }
        XCTAssertEqual(table.expire(nowMs: 15_000).map(\.device), ["Climate"])
        XCTAssertEqual(heard.count, 1)
    }

    func testAFullTableDropsItsOldestRequestAndSaysSo() throws {
        var table = AttributeRequests(capacity: 2, timeoutMs: 10_000)
        XCTAssertNil(try ask(&table, "A", .shared, ["1"]).evicted)
        XCTAssertNil(try ask(&table, "B", .shared, ["1"]).evicted)
        let third = try ask(&table, "C", .shared, ["1"])
        XCTAssertNotNil(third.message)
        XCTAssertEqual(third.evicted?.device, "A")
        XCTAssertEqual(third.evicted?.answer, .unanswered("too many attribute requests pending"))
        XCTAssertEqual(table.count, 2)
    }

    func testTheTableHoldsEveryDevicesConvergenceRequestAtOnce() throws {
        // 256 devices each ask once at a (re)connect, before any answer can arrive: none may be evicted.
        var table = AttributeRequests(capacity: AttributeRequests.capacity(forDevices: 256), timeoutMs: 10_000)
        for index in 0..<256 { XCTAssertNil(try ask(&table, "Device \(index)", .shared, ["1"]).evicted) }
        guard case .delivered = table.route(try response(1, "Device 0", .value(.bool(true)))) else {
            return XCTFail("the first device's answer must still find its request")
        }
        XCTAssertTrue(table.setCapacity(AttributeRequests.capacity(forDevices: 256)).isEmpty)
        XCTAssertEqual(table.setCapacity(3).map(\.device), (1..<253).map { "Device \($0)" }, "a smaller bound drops the oldest")
    }

    func testARequestThatCouldNotBeSentAndADisconnectAreTold() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        _ = try ask(&table, "Relays", .shared, ["1"])
        let climate = try ask(&table, "Climate", .shared, ["pollIntervalMs"])
        XCTAssertEqual(table.abandon(id: climate.id, reason: "not sent")?.device, "Climate")
        XCTAssertNil(table.abandon(id: climate.id, reason: "not sent"), "abandoned once")
        let abandoned = table.abandonAll(reason: "disconnected")
        XCTAssertEqual(abandoned.map(\.device), ["Relays"])
        XCTAssertEqual(abandoned.first?.answer, .unanswered("disconnected"))
        XCTAssertEqual(table.count, 0)
    }

    func testAnEmptyKeyIsRefusedBeforeAnythingIsSent() throws {
        var table = AttributeRequests(capacity: 8, timeoutMs: 10_000)
        let registration = try ask(&table, "Relays", .client, [""])
        XCTAssertNil(registration.message)
        guard case .unanswered(let reason)? = registration.refused?.answer else { return XCTFail("must be refused") }
        XCTAssertTrue(reason.hasPrefix("not encodable"), reason)
        XCTAssertEqual(table.count, 0)
    }
}
