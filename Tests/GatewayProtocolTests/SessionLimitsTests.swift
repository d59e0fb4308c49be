// getSessionLimits answers: rate-limit strings parsed strictly into windows, absent parts defaulted, and
// the payload limit derived from the server's maximum message with the MQTT header counted.
import GatewayProtocol
import JSON
import XCTest

final class SessionLimitsTests: XCTestCase {
    func testRateLimitParsing() throws {
        XCTAssertEqual(try RateLimit(parsing: "200:1,6000:60").windows,
                       [RateLimitWindow(count: 200, seconds: 1), RateLimitWindow(count: 6000, seconds: 60)])
        XCTAssertEqual(try RateLimit(parsing: " 10 : 1 , 300:60, ").description, "10:1,300:60")
        XCTAssertTrue(try RateLimit(parsing: "").isUnlimited)
        // "0:0," is what clients use for "no limit"; zero windows add nothing.
        XCTAssertTrue(try RateLimit(parsing: "0:0,").isUnlimited)
        XCTAssertEqual(try RateLimit(parsing: "5:0,7:2").description, "7:2")
        XCTAssertEqual(try RateLimit(parsing: "100:1,3000:60").strictestPerSecond ?? 0, 50, accuracy: 1e-12)
        XCTAssertNil(RateLimit.unlimited.strictestPerSecond)
        for bad in ["200", "200:1:5", "a:1", "-1:1", "1:+1", "1.5:1", "1:1;2:2", "9999999999:1", ":1", "1:"] {
            XCTAssertEqual(thrown { try RateLimit(parsing: bad, topic: "t", path: "p") }?.path, "p", bad)
        }
        XCTAssertEqual(thrown { try RateLimit(parsing: "1:1,zz") }?.description, #"rate limit window "zz" is not count:seconds"#)
    }

    func testMinimalAnswer() throws {
        let limits = try SessionLimits(parsing: ["maxPayloadSize": 16384])
        XCTAssertEqual(limits, SessionLimits(maxPayloadSize: 16384))
        XCTAssertNil(limits.maxInflightMessages)
        XCTAssertTrue(limits.rateLimits.messages.isUnlimited)
        XCTAssertNil(limits.gatewayRateLimits)
        // null parts count as absent.
        let nulls = try SessionLimits(parsing: ["maxPayloadSize": 100, "rateLimits": ["messages": nil], "gatewayRateLimits": nil])
        XCTAssertEqual(nulls, SessionLimits(maxPayloadSize: 100))
    }

    func testPayloadLimitCountsTheHeader() {
        // 2-byte topic length + topic + 2-byte packet id are inside the server's limit.
        XCTAssertEqual(SessionLimits.payloadLimit(maxMessageBytes: 65536, topic: "v1/gateway/telemetry"), 65536 - 24)
        XCTAssertEqual(SessionLimits.payloadLimit(maxMessageBytes: 10, topic: "v1/gateway/telemetry"), 0)
        XCTAssertEqual(SessionLimits.defaultBatchPayloadBytes, 16384)
        XCTAssertEqual(SessionLimits.defaultMaxInflightMessages, 100)
    }

    func testDescriptionIsReadable() throws {
        let limits = try SessionLimits(parsing: ["maxPayloadSize": 65536, "maxInflightMessages": 100,
                                                 "gatewayRateLimits": ["messages": "20:1"]])
        XCTAssertEqual(limits.description,
                       "maxPayloadSize 65536, maxInflightMessages 100, rateLimits {messages unlimited, telemetryMessages unlimited, telemetryDataPoints unlimited}, gatewayRateLimits {messages 20:1, telemetryMessages unlimited, telemetryDataPoints unlimited}")
    }
}
