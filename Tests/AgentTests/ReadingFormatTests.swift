import JSON
import XCTest
@testable import Agent

final class ReadingFormatTests: XCTestCase {
    func testRoundsToTheResolutionOfTheUnit() {
        XCTAssertEqual(ReadingFormat.value(key: "temperature", 21.499198901350425).encodedString(), "21.499")
        XCTAssertEqual(ReadingFormat.value(key: "pressure", 1013.2581189722082).encodedString(), "1013.258")
        XCTAssertEqual(ReadingFormat.value(key: "temperature", -0.0625).encodedString(), "-0.063")
        XCTAssertEqual(ReadingFormat.value(key: "ain0", 0.000187503).encodedString(), "0.000188")
        XCTAssertEqual(ReadingFormat.value(key: "illuminance", 100).encodedString(), "100.0")
        XCTAssertEqual(ReadingFormat.value(key: "temperature", .nan), .null)
    }
}
