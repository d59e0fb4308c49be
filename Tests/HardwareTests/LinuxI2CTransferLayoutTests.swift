// The I2C_RDWR message layout: each i2c_msg carries the address, the read flag and the length of its
// operation and points at its own bytes; write bytes are in place before the ioctl and read bytes written
// through the message pointers (as the kernel does) come back in operation order.
import CI2C
import XCTest
@testable import Hardware

final class LinuxI2CTransferLayoutTests: XCTestCase {
    func testMessagesPointAtTheirOwnBytes() {
        let operations: [I2COperation] = [.write([0xF7, 0x01]), .read(count: 3), .write([]), .read(count: 1)]
        let layout = I2CTransferLayout(operations)
        XCTAssertEqual(layout.offsets, [0, 2, 5, 5])
        var storage = layout.makeStorage()
        XCTAssertEqual(storage, [0xF7, 0x01, 0, 0, 0, 0])

        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            let messages = layout.messages(address: 0x76, base: base)
            XCTAssertEqual(messages.map(\.addr), [0x76, 0x76, 0x76, 0x76])
            XCTAssertEqual(messages.map(\.flags), [0, UInt16(I2C_M_RD), 0, UInt16(I2C_M_RD)])
            XCTAssertEqual(messages.map(\.len), [2, 3, 0, 1])
            XCTAssertEqual(messages[0].buf.pointee, 0xF7)
            // Play the kernel: fill each read message through its pointer.
            for (index, value) in [0xA1, 0xA2, 0xA3].enumerated() { messages[1].buf[index] = UInt8(value) }
            messages[3].buf[0] = 0xB1
        }
        XCTAssertEqual(layout.receivedBytes(storage), [0xA1, 0xA2, 0xA3, 0xB1])
        XCTAssertEqual(Array(storage[0...1]), [0xF7, 0x01], "reads never overwrite the written bytes")
    }

    func testLoneProbeWriteStillHasABuffer() {
        let layout = I2CTransferLayout([.write([])])
        XCTAssertEqual(layout.makeStorage().count, 1)
        XCTAssertEqual(layout.receivedBytes(layout.makeStorage()), [])
    }
}
