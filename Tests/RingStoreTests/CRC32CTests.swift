// CRC-32C against the standard check value and known vectors (RFC 3720 appendix B.4).
import XCTest
@testable import RingStore

final class CRC32CTests: XCTestCase {
    func testCheckValue() {
        XCTAssertEqual(CRC32C.checksum(Array("123456789".utf8)), 0xE306_9283)
    }

    func testRFC3720Vectors() {
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0, count: 32)), 0x8A91_36AA)
        XCTAssertEqual(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)), 0x62A8_AB43)
        XCTAssertEqual(CRC32C.checksum((0..<32).map { UInt8($0) }), 0x46DD_794E)
        XCTAssertEqual(CRC32C.checksum([]), 0)
    }

    func testIncrementalEqualsOneShot() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var crc = CRC32C()
        crc.update(Array(data[0..<1]))
        for byte in data[1..<500] { crc.update(byte) }
        crc.update(Array(data[500...]))
        XCTAssertEqual(crc.value, CRC32C.checksum(data))
        var words = CRC32C()
        words.update(littleEndian: UInt32(0x0403_0201))
        words.update(littleEndian: UInt64(0x0C0B_0A09_0807_0605))
        XCTAssertEqual(words.value, CRC32C.checksum(Array(1...12)))
    }
}
