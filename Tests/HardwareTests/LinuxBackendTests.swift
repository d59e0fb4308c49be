// The Linux backends on a machine without GPIO chips or I2C adapters (this CI host, and a Pi with the
// interfaces disabled): opening must fail with an error that names the device, the operation and the cause.
// A device node that is not what it claims (/dev/null) reaches the ioctl path and fails there, named too.
// The success paths run in the HIL VM against gpio-sim and i2c-stub (see spec/virtual-board.md).
import CGPIOD
import Glibc
import XCTest
@testable import Hardware

final class LinuxBackendTests: XCTestCase {
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

    // MARK: GPIO

    func testMissingChipPathIsChipMissing() {
        let error = gpioError { _ = try LinuxGPIOChip(path: "/dev/gpiochip99") }
        XCTAssertEqual(error?.kind, .chipMissing)
        XCTAssertEqual(error?.errno, ENOENT)
        XCTAssertEqual(error?.description, "gpio chip /dev/gpiochip99: open: chip not found (errno 2)")
    }

    func testMissingChipLabelIsChipMissing() {
        let error = gpioError { _ = try LinuxGPIOChip(label: "pinctrl-nonexistent") }
        XCTAssertEqual(error?.kind, .chipMissing)
        XCTAssertEqual(error?.description, "gpio chip pinctrl-nonexistent: open by label: chip not found (errno 2)")
    }

    func testMissingChipNameIsChipMissing() {
        let error = gpioError { _ = try LinuxGPIOChip(name: "gpiochip99") }
        XCTAssertEqual(error?.kind, .chipMissing)
        XCTAssertEqual(error?.description, "gpio chip gpiochip99: open by name: chip not found (errno 2)")
    }

    func testANodeThatIsNotAGPIOChipIsChipMissing() {
        let error = gpioError { _ = try LinuxGPIOChip(path: "/dev/null") }
        XCTAssertEqual(error?.kind, .chipMissing)
        XCTAssertEqual(error?.description, "gpio chip /dev/null: open (not a GPIO chip): chip not found (errno 25)")
    }

    func testRequestFlagsFollowTheSettings() {
        let pullUpActiveLow = LinuxGPIOChip.requestFlags(.input(bias: .pullUp, edge: .both, activeLow: true))
        XCTAssertEqual(pullUpActiveLow, Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP | GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW))
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.input(bias: .pullDown)), Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN))
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.input(bias: .disabled)), Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE))
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.input(bias: .asIs)), 0)
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.output(drive: .openDrain)), Int32(GPIOD_LINE_REQUEST_FLAG_OPEN_DRAIN))
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.output(activeLow: true, drive: .openSource)),
                       Int32(GPIOD_LINE_REQUEST_FLAG_OPEN_SOURCE | GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW))
        XCTAssertEqual(LinuxGPIOChip.requestFlags(.output()), 0)
    }

    func testKernelEventsBecomeEdgeEvents() {
        var raw = gpiod_line_event()
        raw.ts = timespec(tv_sec: 12, tv_nsec: 345_678_901)
        raw.event_type = Int32(GPIOD_LINE_EVENT_RISING_EDGE)
        XCTAssertEqual(LinuxGPIOLineRequest.edgeEvent(raw, line: 17),
                       GPIOEdgeEvent(kind: .rising, line: 17, timestampNs: 12_345_678_901))
        raw.event_type = Int32(GPIOD_LINE_EVENT_FALLING_EDGE)
        XCTAssertEqual(LinuxGPIOLineRequest.edgeEvent(raw, line: 4).kind, .falling)
    }

    func testGPIOErrnoKinds() {
        let cases: [(Int32, GPIOError.Kind)] = [
            (ENOENT, .chipMissing), (ENODEV, .chipMissing), (EACCES, .permissionDenied), (EPERM, .permissionDenied),
            (EBUSY, .lineBusy), (EOPNOTSUPP, .unsupported), (EINVAL, .invalidArgument), (EIO, .io),
        ]
        for (code, kind) in cases {
            let error = GPIOError(errno: code, chip: "gpiochip0", line: 17, operation: "request output")
            XCTAssertEqual(error.kind, kind, "errno \(code)")
            XCTAssertEqual(error.errno, code)
        }
        XCTAssertEqual(GPIOError(errno: EBUSY, chip: "gpiochip0", line: 17, operation: "request output").description,
                       "gpio chip gpiochip0 line 17: request output: line busy (already requested) (errno 16)")
    }

    // MARK: I2C

    func testMissingBusIsBusMissing() {
        let error = i2cError { _ = try LinuxI2CBus(path: "/dev/i2c-99") }
        XCTAssertEqual(error?.kind, .busMissing)
        XCTAssertEqual(error?.bus, "i2c-99")
        XCTAssertEqual(error?.errno, ENOENT)
        XCTAssertEqual(error?.description, "i2c-99: open /dev/i2c-99: bus device not found (errno 2)")
        XCTAssertEqual(i2cError { _ = try LinuxI2CBus(busNumber: 99) }?.description, error?.description)
        XCTAssertEqual(i2cError { _ = try LinuxI2CBus(busNumber: -1) }?.kind, .invalidArgument)
    }

    func testANodeThatIsNotAnAdapterFailsAtTheIoctlNamingTheTransfer() throws {
        let bus = try LinuxI2CBus(path: "/dev/null")
        XCTAssertEqual(bus.name, "null")
        let transfer = i2cError { _ = try bus.writeRead(0x48, [0x00], readCount: 2) }
        XCTAssertEqual(transfer?.kind, .busError)
        XCTAssertEqual(transfer?.errno, ENOTTY)
        XCTAssertEqual(transfer?.description, "null address 0x48: write 1 bytes, read 2 bytes: bus error (errno 25)")
        let smbus = i2cError { _ = try bus.readByteData(0x76, register: 0xD0) }
        XCTAssertEqual(smbus?.description, "null address 0x76: read byte data register 0xd0: select address: bus error (errno 25)")
        XCTAssertEqual(i2cError { _ = try bus.transaction(0x80, [.read(count: 1)]) }?.kind, .invalidArgument)
        bus.close()
        XCTAssertFalse(bus.isOpen)
        XCTAssertEqual(i2cError { _ = try bus.read(0x48, count: 1) }?.operation, "read 1 bytes: bus closed")
    }

    func testI2CErrnoKinds() {
        let cases: [(Int32, I2CError.Kind)] = [
            (ENOENT, .busMissing), (ENODEV, .busMissing), (EACCES, .permissionDenied), (ENXIO, .noAcknowledge),
            (EREMOTEIO, .noAcknowledge), (ETIMEDOUT, .timeout), (EBADMSG, .badResponse), (EPROTO, .badResponse),
            (EINVAL, .invalidArgument), (EAGAIN, .busError), (EIO, .busError), (EBUSY, .busError),
        ]
        for (code, kind) in cases {
            XCTAssertEqual(I2CError(errno: code, bus: "i2c-1", address: 0x76, operation: "read").kind, kind, "errno \(code)")
        }
        XCTAssertEqual(I2CError(errno: EREMOTEIO, bus: "i2c-1", address: 0x76, operation: "write 1 bytes").description,
                       "i2c-1 address 0x76: write 1 bytes: no acknowledge (chip absent or wrong address) (errno 121)")
    }
}
