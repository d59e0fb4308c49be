// The simulated I2C bus: transactions reach the chip as on the wire (write → receive, read → transmit,
// STOP at the end, also after a NAK), absent chips NAK, and injected faults (NAK, timeout, stuck bus)
// fail exactly the transfers they should, with clear messages.
import XCTest
@testable import Hardware

/// A register-pointer chip: a write sets the pointer (and stores any following bytes), a read returns
/// registers from the pointer on. Records what the bus did to it.
private final class RegisterFileChip: SimulatedI2CDevice {
    var registers = [UInt8](repeating: 0, count: 256)
    var pointer = 0
    var received: [[UInt8]] = []
    var transmitted: [Int] = []
    var stops = 0
    var refuseWrites = false
    var shortAnswer: Int? = nil

    func receive(_ bytes: [UInt8]) -> Bool {
        received.append(bytes)
        if refuseWrites { return false }
        guard let first = bytes.first else { return true }
        pointer = Int(first)
        for (index, byte) in bytes.dropFirst().enumerated() { registers[(pointer + index) & 0xFF] = byte }
        return true
    }

    func transmit(count: Int) -> [UInt8]? {
        transmitted.append(count)
        let length = shortAnswer ?? count
        let bytes = (0..<length).map { registers[(pointer + $0) & 0xFF] }
        pointer = (pointer + length) & 0xFF
        return bytes
    }

    func stop() { stops += 1 }
}

final class SimI2CBusTests: XCTestCase {
    private func makeBus() -> (SimulatedI2CBus, RegisterFileChip) {
        let bus = SimulatedI2CBus(name: "i2c-1")
        let chip = RegisterFileChip()
        bus.attach(chip, at: 0x48)
        return (bus, chip)
    }

    /// The I2CError `body` throws; nil when it succeeds (an error of another type fails the test).
    private func i2cError(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> I2CError? {
        do {
            try body()
            return nil
        } catch let error as I2CError {
            return error
        } catch {
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func testWriteReadReachesTheChipAsOnTheWire() throws {
        let (bus, chip) = makeBus()
        chip.registers[0x10] = 0xAB
        chip.registers[0x11] = 0xCD
        let bytes = try bus.writeRead(0x48, [0x10], readCount: 2)
        XCTAssertEqual(bytes, [0xAB, 0xCD])
        XCTAssertEqual(chip.received, [[0x10]])
        XCTAssertEqual(chip.transmitted, [2])
        XCTAssertEqual(chip.stops, 1, "one STOP per transaction, none between the repeated-START parts")
        XCTAssertEqual(bus.transferCount, 1)
        XCTAssertEqual(bus.lastAddress, 0x48)
        XCTAssertEqual(bus.lastOperations, [.write([0x10]), .read(count: 2)])
    }

    func testSMBusHelpersRunOnTheSimulatedBus() throws {
        let (bus, chip) = makeBus()
        try bus.writeByteData(0x48, register: 0x01, 0x5A)
        XCTAssertEqual(chip.registers[0x01], 0x5A)
        XCTAssertEqual(try bus.readByteData(0x48, register: 0x01), 0x5A)
        try bus.writeWordData(0x48, register: 0x02, 0x1234)
        XCTAssertEqual(Array(chip.registers[2...3]), [0x34, 0x12], "SMBus words go low byte first")
        XCTAssertEqual(try bus.readWordData(0x48, register: 0x02), 0x1234)
        XCTAssertEqual(try bus.readRegisterBigEndian16(0x48, register: 0x02), 0x3412)
        try bus.writeBlockData(0x48, register: 0x20, [1, 2, 3])
        XCTAssertEqual(try bus.readBlockData(0x48, register: 0x20, count: 3), [1, 2, 3])
        XCTAssertEqual(bus.transferCount, 7)
    }

    func testAbsentAddressNAKsWithoutTouchingOtherChips() {
        let (bus, chip) = makeBus()
        let error = i2cError { _ = try bus.read(0x49, count: 1) }
        XCTAssertEqual(error?.kind, .noAcknowledge)
        XCTAssertEqual(error?.address, 0x49)
        XCTAssertEqual(error?.description, "i2c-1 address 0x49: read 1 bytes: no acknowledge (chip absent or wrong address)")
        XCTAssertEqual(chip.stops, 0)
        XCTAssertEqual(bus.transferCount, 1)
        XCTAssertEqual(bus.failedTransferCount, 1)
    }

    func testDataNAKEndsTheTransactionWithStop() {
        let (bus, chip) = makeBus()
        chip.refuseWrites = true
        let error = i2cError { _ = try bus.writeRead(0x48, [0x10], readCount: 2) }
        XCTAssertEqual(error?.kind, .noAcknowledge)
        XCTAssertEqual(error?.operation, "write 1 bytes")
        XCTAssertEqual(chip.transmitted, [], "the read after a NAKed write never happens")
        XCTAssertEqual(chip.stops, 1, "the master still sends STOP after a NAK")
    }

    func testShortAnswerReadsReleasedLineAsFF() throws {
        let (bus, chip) = makeBus()
        chip.registers[0] = 0x42
        chip.shortAnswer = 1
        XCTAssertEqual(try bus.writeRead(0x48, [0x00], readCount: 3), [0x42, 0xFF, 0xFF])
    }

    func testInjectedNoAcknowledgeUntilCleared() throws {
        let (bus, chip) = makeBus()
        bus.injectNoAcknowledge(at: 0x48)
        XCTAssertEqual(i2cError { _ = try bus.readByteData(0x48, register: 0) }?.kind, .noAcknowledge)
        XCTAssertTrue(chip.received.isEmpty, "a NAKed address never reaches the chip")
        bus.clearNoAcknowledge(at: 0x48)
        XCTAssertNoThrow(try bus.readByteData(0x48, register: 0))
    }

    func testInjectedTimeoutsFailOnlyTheNextTransfers() throws {
        let (bus, _) = makeBus()
        bus.injectTimeouts(2)
        XCTAssertEqual(i2cError { _ = try bus.read(0x48, count: 1) }?.kind, .timeout)
        XCTAssertEqual(i2cError { _ = try bus.read(0x48, count: 1) }?.kind, .timeout)
        XCTAssertEqual(try bus.read(0x48, count: 1).count, 1)
        XCTAssertEqual(bus.transferCount, 3)
        XCTAssertEqual(bus.failedTransferCount, 2)
    }

    func testStuckBusTimesOutEverythingUntilCleared() throws {
        let (bus, chip) = makeBus()
        bus.isStuck = true
        for address: UInt8 in [0x48, 0x49, 0x76] {
            let error = i2cError { _ = try bus.read(address, count: 1) }
            XCTAssertEqual(error?.kind, .timeout)
            XCTAssertEqual(error?.description, "i2c-1 address 0x\(String(address, radix: 16)): transaction (bus stuck): bus timeout")
        }
        XCTAssertTrue(chip.transmitted.isEmpty)
        bus.clearFaults()
        XCTAssertFalse(bus.isStuck)
        XCTAssertEqual(try bus.read(0x48, count: 2).count, 2)
    }

    func testDetachMakesTheChipDisappear() {
        let (bus, _) = makeBus()
        XCTAssertEqual(bus.attachedAddresses, [0x48])
        bus.detach(address: 0x48)
        XCTAssertEqual(bus.attachedAddresses, [])
        XCTAssertEqual(i2cError { _ = try bus.read(0x48, count: 1) }?.kind, .noAcknowledge)
    }

    func testMalformedTransactionsAreRejectedBeforeTheBus() {
        let (bus, chip) = makeBus()
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x48, []) }?.kind, .invalidArgument)
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x48, [.read(count: 0)]) }?.kind, .invalidArgument)
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x48, [.read(count: 8193)]) }?.kind, .invalidArgument)
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x78, [.write([0])]) }?.kind, .invalidArgument)
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x02, [.write([0])]) }?.kind, .invalidArgument)
        let tooMany = [I2COperation](repeating: .write([0]), count: 43)
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x48, tooMany) }?.kind, .invalidArgument)
        XCTAssertEqual(bus.transferCount, 0)
        XCTAssertTrue(chip.received.isEmpty)
    }

    func testEmptyWriteProbesPresence() throws {
        let (bus, chip) = makeBus()
        try bus.write(0x48, [])
        XCTAssertEqual(chip.received, [[]])
        XCTAssertEqual(i2cError { try bus.write(0x50, []) }?.kind, .noAcknowledge)
    }
}
