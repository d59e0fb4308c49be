// The Bosch compensation maths against the datasheet's worked example, the calibration register layout
// (including the 12-bit signed dig_H4 / dig_H5 packing), and the humidity formula against the datasheet's
// independent 32-bit integer formula.

import XCTest
@testable import Hardware

final class BoschCompensationTests: XCTestCase {
    /// BMP280 datasheet 3.12, "Calculating pressure and temperature": the trimming words and ADC values.
    let example = BoschCalibration(t1: 27504, t2: 26435, t3: -1000,
                                   p1: 36477, p2: -10685, p3: 3024, p4: 2855, p5: 140, p6: -7,
                                   p7: 15500, p8: -14600, p9: 6000)

    func testDatasheetWorkedExampleTemperature() {
        let (celsius, fine) = example.temperature(adc: 519888)
        XCTAssertEqual(celsius, 25.08, accuracy: 0.005)       // datasheet: 25.08 degC
        XCTAssertEqual(fine, 128422.2869948, accuracy: 0.01)  // datasheet: t_fine 128422.2869948
    }

    func testDatasheetWorkedExamplePressure() throws {
        let fine = example.temperature(adc: 519888).fine
        let pascal = try XCTUnwrap(example.pressure(adc: 415148, fine: fine))
        XCTAssertEqual(pascal, 100653.27, accuracy: 0.005)    // datasheet: 100653.27 Pa
    }

    func testPressureWithUnprogrammedCalibrationIsRejectedNotDividedByZero() {
        var blank = example
        blank.p1 = 0
        XCTAssertNil(blank.pressure(adc: 415148, fine: 128422))
    }

    func testCalibrationBlocksDecodeLittleEndianAndSignedWords() {
        // 0x88.. as a chip holds them: dig_T1 = 0x6B70 (27504) is stored 70 6B; dig_T3 = -1000 is 18 FC.
        var main = [UInt8](repeating: 0, count: 26)
        main[0] = 0x70; main[1] = 0x6B
        main[4] = 0x18; main[5] = 0xFC
        main[25] = 0x4B  // dig_H1 at 0xA1
        // 0xE1..0xE7: H2 = 0x016A (362), H3 = 0, E4 = 0x13, E5 = 0xE9 (H4 low nibble 9, H5 low nibble 0xE),
        // E6 = 0xFC, H6 = 0x1E. So H4 = 0x13 << 4 | 9 = 313; H5 = 0xFC (signed -4) << 4 | 0xE = -50.
        let humidity: [UInt8] = [0x6A, 0x01, 0x00, 0x13, 0xE9, 0xFC, 0x1E]
        let words = BoschCalibration(mainBlock: main, humidityBlock: humidity)
        XCTAssertEqual(words.t1, 27504)
        XCTAssertEqual(words.t3, -1000)
        XCTAssertEqual(words.h1, 75)
        XCTAssertEqual(words.h2, 362)
        XCTAssertEqual(words.h4, 313)
        XCTAssertEqual(words.h5, -50)
        XCTAssertEqual(words.h6, 30)
    }

    func testNegativeDigH4AndPositiveH5PackIntoSharedNibbles() {
        var words = example
        words.h4 = -7      // 0xFF9: E4 = 0xFF, E5 low nibble = 0x9
        words.h5 = 0x7FF   // 2047: E6 = 0x7F, E5 high nibble = 0xF
        let blocks = words.encoded()
        XCTAssertEqual(Array(blocks.humidityBlock[3...5]), [0xFF, 0xF9, 0x7F])
        let decoded = BoschCalibration(mainBlock: blocks.mainBlock, humidityBlock: blocks.humidityBlock)
        XCTAssertEqual(decoded, words)
    }

    /// The BME280 datasheet gives humidity compensation twice: in double precision (used by the driver)
    /// and in 32-bit integers returning %RH in Q22.10. Written here from the datasheet's description, it
    /// is an independent check of the double formula over the whole range.
    func testHumidityDoubleFormulaAgreesWithDatasheetIntegerFormula() {
        let words = SimulatedBME280.typicalCalibration
        for adcT: Int32 in [400_000, 519_888, 600_000] {
            let fineInteger = Int32(words.temperature(adc: adcT).fine)
            for adcH: Int32 in stride(from: 20_000, through: 40_000, by: 2_500) {
                let integer = Double(integerHumidity(words, adc: adcH, fine: fineInteger)) / 1024.0
                let double = words.humidity(adc: adcH, fine: Double(fineInteger))
                XCTAssertEqual(double, integer, accuracy: 0.02, "adc_T \(adcT) adc_H \(adcH)")
            }
        }
    }

    private func integerHumidity(_ c: BoschCalibration, adc: Int32, fine: Int32) -> Int32 {
        var x = fine - 76800
        let a = ((adc << 14) - (Int32(c.h4) << 20) - (Int32(c.h5) * x)) + 16384
        let b = (((((x * Int32(c.h6)) >> 10) * (((x * Int32(c.h3)) >> 11) + 32768)) >> 10) + 2097152) * Int32(c.h2) + 8192
        x = (a >> 15) * (b >> 14)
        x = x - (((((x >> 15) * (x >> 15)) >> 7) * Int32(c.h1)) >> 4)
        x = max(0, min(x, 419_430_400))
        return x >> 12
    }
}
