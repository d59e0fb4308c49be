// The simulated chip's electrical model: loopback wires, active-low on either end, bias of unconnected
// inputs, open-drain/open-source release, and the request rules (busy lines, writes to inputs, release).
import XCTest
@testable import Hardware

final class SimGPIOLevelTests: XCTestCase {
    func testLoopbackCarriesTheOutputLevelToTheInput() throws {
        let chip = try makeSimHeader()
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        let input = try chip.requestInput(line: 27, bias: .disabled)
        XCTAssertFalse(try input.value())
        try output.setValue(true)
        XCTAssertTrue(try input.value())
        XCTAssertTrue(try chip.physicalLevel(line: 27))
        XCTAssertTrue(try output.value(), "an output reads back what it drives")
        try output.setValue(false)
        XCTAssertFalse(try input.value())
        // The other loopback pair is independent.
        XCTAssertFalse(try chip.physicalLevel(line: 23))
    }

    func testInitialLevelIsDrivenFromTheRequest() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullDown)
        let output = try chip.requestOutput(line: 17, initialLevel: true)
        XCTAssertTrue(try input.value())
        XCTAssertFalse(output.isReleased)
    }

    func testActiveLowInvertsAtEachRequest() throws {
        let chip = try makeSimHeader()
        let output = try chip.requestOutput(line: 17, initialLevel: false, activeLow: true)
        let input = try chip.requestInput(line: 27, bias: .disabled, activeLow: false)
        XCTAssertTrue(try chip.physicalLevel(line: 17), "logical 0 on an active-low output is physical high")
        XCTAssertTrue(try input.value())
        try output.setValue(true)
        XCTAssertFalse(try chip.physicalLevel(line: 17))
        XCTAssertFalse(try input.value())

        let invertedInput = try chip.requestInput(line: 23, bias: .disabled, activeLow: true)
        let plainOutput = try chip.requestOutput(line: 22, initialLevel: true)
        XCTAssertFalse(try invertedInput.value(), "physical high reads logical 0 on an active-low input")
        try plainOutput.setValue(false)
        XCTAssertTrue(try invertedInput.value())
    }

    func testUnconnectedInputsReadTheirBias() throws {
        let chip = try makeSimHeader()
        XCTAssertTrue(try chip.requestInput(line: 4, bias: .pullUp).value())
        XCTAssertFalse(try chip.requestInput(line: 5, bias: .pullDown).value())
        XCTAssertFalse(try chip.requestInput(line: 6, bias: .pullUp, activeLow: true).value(),
                       "a pulled-up active-low input is logically inactive")
        XCTAssertFalse(try chip.requestInput(line: 7, bias: .disabled).value(), "the sim reads a floating wire as 0")
        // A looped input whose output is not requested is unconnected too.
        XCTAssertTrue(try chip.requestInput(line: 27, bias: .pullUp).value())
    }

    func testOpenDrainReleasesHighToThePullUp() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullUp)
        let output = try chip.requestOutput(line: 17, initialLevel: false, drive: .openDrain)
        XCTAssertFalse(try input.value(), "open-drain low is driven")
        try output.setValue(true)
        XCTAssertTrue(try input.value(), "open-drain high releases the wire; the pull-up wins")
        let pulledDown = try chip.requestInput(line: 23, bias: .pullDown)
        let drain = try chip.requestOutput(line: 22, initialLevel: true, drive: .openDrain)
        XCTAssertFalse(try pulledDown.value(), "released wire with a pull-down reads 0")
        try drain.setValue(false)
        XCTAssertFalse(try pulledDown.value())
    }

    func testOpenSourceReleasesLowToThePullDown() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullUp)
        let output = try chip.requestOutput(line: 17, initialLevel: true, drive: .openSource)
        XCTAssertTrue(try input.value())
        try output.setValue(false)
        XCTAssertTrue(try input.value(), "open-source low releases the wire; the pull-up keeps it high")
    }

    func testLoopedOutputOverridesAnExternalDrive() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .disabled)
        try chip.drive(line: 27, level: true)
        XCTAssertTrue(try input.value())
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        XCTAssertFalse(try input.value())
        output.release()
        XCTAssertTrue(try input.value(), "with the output released, the external drive shows again")
        try chip.float(line: 27)
        XCTAssertFalse(try input.value())
    }

    func testSecondRequestOfALineIsBusy() throws {
        let chip = try makeSimHeader()
        let first = try chip.requestOutput(line: 17)
        let error = gpioError { _ = try chip.requestInput(line: 17) }
        XCTAssertEqual(error?.kind, .lineBusy)
        XCTAssertEqual(error?.line, 17)
        XCTAssertEqual(error?.description,
                       "gpio chip pinpost-sim line 17: request input (bias as-is, edge none), held by \"pinpost\": line busy (already requested)")
        XCTAssertEqual(chip.consumer(line: 17), "pinpost")
        first.release()
        XCTAssertNil(chip.consumer(line: 17))
        XCTAssertNoThrow(try chip.requestInput(line: 17))
    }

    func testConsumerNameIsRecorded() throws {
        let chip = try makeSimHeader()
        let held = try chip.request(line: 4, .input(), consumer: "other-program")
        XCTAssertFalse(held.isReleased)
        XCTAssertEqual(chip.consumer(line: 4), "other-program")
        XCTAssertEqual(gpioError { _ = try chip.requestOutput(line: 4) }?.operation,
                       "request output (initial 0, push-pull), held by \"other-program\"")
    }

    func testWritingAnInputIsRefused() throws {
        let chip = try makeSimHeader()
        let input = try chip.requestInput(line: 27, bias: .pullUp)
        let error = gpioError { try input.setValue(false) }
        XCTAssertEqual(error?.kind, .invalidArgument)
        XCTAssertEqual(error?.description, "gpio chip pinpost-sim line 27: set value 0: line is an input: invalid argument")
        XCTAssertTrue(try input.value(), "the refused write changed nothing")
    }

    func testOffsetsOutOfRangeAreRefused() throws {
        let chip = try makeSimHeader()
        for offset in [-1, 28, 1000] {
            let error = gpioError { _ = try chip.requestOutput(line: offset) }
            XCTAssertEqual(error?.kind, .invalidArgument)
            XCTAssertEqual(error?.line, offset)
        }
        XCTAssertEqual(gpioError { try chip.drive(line: 28, level: true) }?.kind, .invalidArgument)
        XCTAssertEqual(gpioError { try chip.loop(output: 3, input: 99) }?.kind, .invalidArgument)
        XCTAssertEqual(gpioError { try chip.loop(output: 3, input: 3) }?.kind, .invalidArgument)
    }

    func testReleasedRequestFailsAndNeverTouchesALaterRequest() throws {
        let chip = try makeSimHeader()
        let old = try chip.requestOutput(line: 17, initialLevel: true)
        old.release()
        old.release()
        XCTAssertTrue(old.isReleased)
        XCTAssertEqual(gpioError { _ = try old.value() }?.operation, "get value: request already released")
        let newer = try chip.requestOutput(line: 17, initialLevel: false)
        XCTAssertEqual(gpioError { try old.setValue(true) }?.kind, .invalidArgument)
        old.release()
        XCTAssertFalse(newer.isReleased, "a stale handle cannot release the newer request")
        XCTAssertFalse(try newer.value())
    }

    func testDroppedRequestReleasesItsLine() throws {
        let chip = try makeSimHeader()
        do {
            _ = try chip.requestOutput(line: 17)
            XCTAssertNil(chip.consumer(line: 17), "the discarded request was released on deinit")
        }
        var request: (any GPIOLineRequest)? = try chip.requestOutput(line: 17)
        XCTAssertEqual(chip.consumer(line: 17), "pinpost")
        request = nil
        XCTAssertNil(request)
        XCTAssertNil(chip.consumer(line: 17))
    }

    func testToggleFlipsAndReportsTheNewLevel() throws {
        let chip = try makeSimHeader()
        let output = try chip.requestOutput(line: 17, initialLevel: false)
        let input = try chip.requestInput(line: 27, bias: .disabled)
        XCTAssertTrue(try output.toggle())
        XCTAssertTrue(try input.value())
        XCTAssertFalse(try output.toggle())
        XCTAssertFalse(try input.value())
    }
}
