import XCTest
@testable import Agent

final class InFlightWindowTests: XCTestCase {
    func testAcknowledgeOutOfOrderAndForeignMids() {
        var window = InFlightWindow<UInt64>(limit: 3)
        window.add(mid: 10, record: 100)
        window.add(mid: 11, record: 101)
        window.add(mid: 12, record: 102)
        XCTAssertFalse(window.hasRoom)
        XCTAssertEqual(window.acknowledge(mid: 11), 101)
        XCTAssertNil(window.acknowledge(mid: 11), "a second PUBACK for one mid releases nothing")
        XCTAssertNil(window.acknowledge(mid: 99), "an RPC reply's mid is not a buffered record")
        XCTAssertTrue(window.hasRoom)
        XCTAssertEqual(window.acknowledge(mid: 10), 100)
        window.clear()
        XCTAssertEqual(window.count, 0)
        XCTAssertNil(window.acknowledge(mid: 12))
    }

    func testTopicsOfBufferedKinds() {
        XCTAssertEqual(BufferedUplink(rawValue: 1)?.topic, "v1/gateway/telemetry")
        XCTAssertEqual(BufferedUplink(rawValue: 4)?.topic, "v1/devices/me/attributes")
        XCTAssertNil(BufferedUplink(rawValue: 0), "an unknown kind from a damaged record is refused, not guessed")
    }
}
