// The transaction -> SMBus mapping used on SMBus-only adapters (i2c-stub, SMBus controllers): each register
// access shape becomes the SMBus transfer with the same bytes on the wire, words are low byte first, every
// transfer is checked against the adapter's functionality bits, and shapes with no SMBus form are refused
// with an error naming the bus, the address and why.
import CI2C
import XCTest
@testable import Hardware

final class SMBusMappingTests: XCTestCase {
    /// What i2c-stub reports: quick, byte, byte data, word data, I2C block; no plain I2C.
    let stub = UInt(I2C_FUNC_SMBUS_QUICK | I2C_FUNC_SMBUS_BYTE | I2C_FUNC_SMBUS_BYTE_DATA
        | I2C_FUNC_SMBUS_WORD_DATA | I2C_FUNC_SMBUS_I2C_BLOCK)

    private func map(_ operations: [I2COperation], _ functionality: UInt? = nil) throws -> SMBusOperation {
        try SMBusMapping.operation(for: operations, functionality: functionality ?? stub, bus: "i2c-0", address: 0x76)
    }

    private func refusal(_ operations: [I2COperation], _ functionality: UInt? = nil) -> I2CError? {
        do {
            let mapped = try map(operations, functionality)
            XCTFail("\(operations) mapped to \(mapped), expected a refusal")
            return nil
        } catch let error as I2CError {
            return error
        } catch {
            XCTFail("unexpected \(error)")
            return nil
        }
    }

    func testRegisterReadsBecomeSMBusReads() throws {
        XCTAssertEqual(try map([.write([0xD0]), .read(count: 1)]), .readByteData(register: 0xD0))
        XCTAssertEqual(try map([.write([0x05]), .read(count: 2)]), .readWordData(register: 0x05))
        XCTAssertEqual(try map([.write([0x88]), .read(count: 26)]), .readBlockData(register: 0x88, count: 26))
        XCTAssertEqual(try map([.write([0xF7]), .read(count: 32)]), .readBlockData(register: 0xF7, count: 32))
    }

    func testRegisterWritesBecomeSMBusWritesWithTheSameBytes() throws {
        XCTAssertEqual(try map([.write([0xE0, 0xB6])]), .writeByteData(register: 0xE0, value: 0xB6))
        // MCP9808 config 0x0123 goes out as 0x01, 0x01, 0x23; an SMBus word sends its low byte first.
        XCTAssertEqual(try map([.write([0x01, 0x01, 0x23])]), .writeWordData(register: 0x01, value: 0x2301))
        XCTAssertEqual(try map([.write([0x10, 1, 2, 3])]), .writeBlockData(register: 0x10, bytes: [1, 2, 3]))
        let full = [UInt8](repeating: 0xAA, count: 32)
        XCTAssertEqual(try map([.write([0x10] + full)]), .writeBlockData(register: 0x10, bytes: full))
    }

    func testCommandAndProbeShapes() throws {
        XCTAssertEqual(try map([.write([])]), .quickWrite)
        XCTAssertEqual(try map([.write([0x30])]), .sendByte(0x30))
        XCTAssertEqual(try map([.read(count: 1)]), .receiveByte)
    }

    func testWordReadReturnsTheBytesInBusOrder() {
        // The chip sends 0x12 then 0x34; i2c_smbus_read_word_data returns 0x3412.
        XCTAssertEqual(SMBusMapping.receivedBytes(.readWordData(register: 0), word: 0x3412), [0x12, 0x34])
        XCTAssertEqual(SMBusMapping.receivedBytes(.readBlockData(register: 0, count: 3), bytes: [1, 2, 3]), [1, 2, 3])
        XCTAssertEqual(SMBusMapping.receivedBytes(.writeWordData(register: 0, value: 7)), [])
    }

    func testShapesWithoutAnSMBusFormAreRefusedNamingWhatAndWhere() {
        let cases: [[I2COperation]] = [
            [.read(count: 6)],                                   // SHT3x result read
            [.write([0x24, 0x00]), .read(count: 6)],             // command then read: 2-byte pointer
            [.write([0x88]), .read(count: 33)],                  // longer than an SMBus block
            [.write([0x10] + [UInt8](repeating: 0, count: 33))], // longer than an SMBus block
            [.write([0x01]), .write([0x02])],
            [.write([0x01]), .read(count: 1), .read(count: 1)],
            [.read(count: 1), .write([0x01])],
        ]
        for operations in cases {
            let error = refusal(operations)
            XCTAssertEqual(error?.kind, .invalidArgument, "\(operations)")
            XCTAssertEqual(error?.errno, EOPNOTSUPP, "\(operations)")
            XCTAssertTrue(error?.description.hasPrefix("i2c-0 address 0x76: ") ?? false, error?.description ?? "")
            XCTAssertTrue(error?.operation.hasSuffix("no SMBus equivalent, and the adapter supports SMBus only (no I2C_FUNC_I2C)") ?? false,
                          error?.operation ?? "")
        }
        XCTAssertEqual(refusal([.read(count: 6)])?.description,
                       "i2c-0 address 0x76: read 6 bytes: no SMBus equivalent, and the adapter supports SMBus only (no I2C_FUNC_I2C): invalid argument (errno \(EOPNOTSUPP))")
    }

    func testEachTransferNeedsItsFunctionalityBit() {
        let shapes: [([I2COperation], Int32)] = [
            ([.write([])], I2C_FUNC_SMBUS_QUICK),
            ([.write([0x30])], I2C_FUNC_SMBUS_WRITE_BYTE),
            ([.read(count: 1)], I2C_FUNC_SMBUS_READ_BYTE),
            ([.write([0x88]), .read(count: 26)], I2C_FUNC_SMBUS_READ_I2C_BLOCK),
            ([.write([0x10, 1, 2, 3])], I2C_FUNC_SMBUS_WRITE_I2C_BLOCK),
        ]
        for (operations, bit) in shapes {
            XCTAssertNoThrow(try map(operations, UInt(bit)), "\(operations)")
            let error = refusal(operations, stub & ~UInt(bit))
            XCTAssertEqual(error?.errno, EOPNOTSUPP, "\(operations)")
            XCTAssertTrue(error?.operation.contains("the adapter supports SMBus only and not SMBus") ?? false, error?.operation ?? "")
        }
        XCTAssertEqual(refusal([.write([0x88]), .read(count: 26)], UInt(I2C_FUNC_SMBUS_BYTE_DATA))?.operation,
                       "write 1 bytes, read 26 bytes: the adapter supports SMBus only and not SMBus read I2C block data register 0x88 (26 bytes) (I2C_FUNCS 0x180000)")
    }

    func testRegisterAccessFallsBackToABlockTransferWithTheSameBytes() throws {
        let blocksOnly = UInt(I2C_FUNC_SMBUS_I2C_BLOCK)
        XCTAssertEqual(try map([.write([0xD0]), .read(count: 1)], blocksOnly), .readBlockData(register: 0xD0, count: 1))
        XCTAssertEqual(try map([.write([0x05]), .read(count: 2)], blocksOnly), .readBlockData(register: 0x05, count: 2))
        XCTAssertEqual(try map([.write([0xE0, 0xB6])], blocksOnly), .writeBlockData(register: 0xE0, bytes: [0xB6]))
        XCTAssertEqual(try map([.write([0x01, 0x01, 0x23])], blocksOnly), .writeBlockData(register: 0x01, bytes: [0x01, 0x23]))
        // With both, the natural transfer wins.
        XCTAssertEqual(try map([.write([0x05]), .read(count: 2)]), .readWordData(register: 0x05))
    }

    func testTheAdapterIsAskedOnceAtOpenAndANonAdapterCountsAsPlainI2C() throws {
        // /dev/null answers I2C_FUNCS with ENOTTY: taken as plain I2C, so the transfer's own ioctl fails
        // with the errno that says what the node is (LinuxBackendTests checks that message).
        let bus = try LinuxI2CBus(path: "/dev/null")
        XCTAssertTrue(bus.supportsPlainI2C)
        XCTAssertEqual(bus.functionality, UInt(I2C_FUNC_I2C))
    }
}
