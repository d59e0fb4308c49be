// The factory trimming words of the Bosch BME280 / BMP280 and the datasheet's double-precision
// compensation formulas (BME280 datasheet appendix 8.1, BMP280 datasheet 8.1), which turn raw ADC counts
// into degC, Pa and %RH. Shared by the driver and by the simulated chip (which inverts them).

/// The compensation words: dig_T1..T3 and dig_P1..P9 from 0x88...0x9F (little-endian), and for the
/// BME280 dig_H1 at 0xA1 and dig_H2..H6 at 0xE1...0xE7.
public struct BoschCalibration: Equatable, Sendable {
    public var t1: UInt16, t2: Int16, t3: Int16
    public var p1: UInt16, p2: Int16, p3: Int16, p4: Int16, p5: Int16, p6: Int16, p7: Int16, p8: Int16, p9: Int16
    public var h1: UInt8, h2: Int16, h3: UInt8, h4: Int16, h5: Int16, h6: Int8

    public init(t1: UInt16, t2: Int16, t3: Int16,
                p1: UInt16, p2: Int16, p3: Int16, p4: Int16, p5: Int16, p6: Int16, p7: Int16, p8: Int16, p9: Int16,
                h1: UInt8 = 0, h2: Int16 = 0, h3: UInt8 = 0, h4: Int16 = 0, h5: Int16 = 0, h6: Int8 = 0) {
        self.t1 = t1; self.t2 = t2; self.t3 = t3
        self.p1 = p1; self.p2 = p2; self.p3 = p3; self.p4 = p4; self.p5 = p5
        self.p6 = p6; self.p7 = p7; self.p8 = p8; self.p9 = p9
        self.h1 = h1; self.h2 = h2; self.h3 = h3; self.h4 = h4; self.h5 = h5; self.h6 = h6
    }

    /// The number of bytes at 0x88 (calib00...calib25: T and P words, a reserved word, dig_H1 at 0xA1).
    public static let mainBlockLength = 26
    /// The number of bytes at 0xE1 (calib26...calib32: dig_H2...dig_H6), BME280 only.
    public static let humidityBlockLength = 7

    /// Decodes the block read from 0x88, and for a BME280 the block read from 0xE1 (nil for a BMP280).
    /// The lengths must be `mainBlockLength` and `humidityBlockLength` (the caller read exactly those).
    public init(mainBlock b: [UInt8], humidityBlock h: [UInt8]?) {
        func unsigned(_ index: Int) -> UInt16 { UInt16(b[index]) | UInt16(b[index + 1]) << 8 }
        func signed(_ index: Int) -> Int16 { Int16(bitPattern: unsigned(index)) }
        self.init(t1: unsigned(0), t2: signed(2), t3: signed(4),
                  p1: unsigned(6), p2: signed(8), p3: signed(10), p4: signed(12), p5: signed(14),
                  p6: signed(16), p7: signed(18), p8: signed(20), p9: signed(22))
        guard let h else { return }
        h1 = b[25]
        h2 = Int16(bitPattern: UInt16(h[0]) | UInt16(h[1]) << 8)
        h3 = h[2]
        // dig_H4 and dig_H5 are 12-bit signed values sharing 0xE5: H4 = 0xE4[7:0] (bits 11:4, carrying the
        // sign) and 0xE5[3:0]; H5 = 0xE6[7:0] (bits 11:4, carrying the sign) and 0xE5[7:4].
        h4 = Int16(Int8(bitPattern: h[3])) * 16 | Int16(h[4] & 0x0F)
        h5 = Int16(Int8(bitPattern: h[5])) * 16 | Int16(h[4] >> 4)
        h6 = Int8(bitPattern: h[6])
    }

    /// The register image of the two blocks (what a chip with these words holds), for the simulated chip.
    public func encoded() -> (mainBlock: [UInt8], humidityBlock: [UInt8]) {
        var main: [UInt8] = []
        for word in [t1, UInt16(bitPattern: t2), UInt16(bitPattern: t3), p1,
                     UInt16(bitPattern: p2), UInt16(bitPattern: p3), UInt16(bitPattern: p4), UInt16(bitPattern: p5),
                     UInt16(bitPattern: p6), UInt16(bitPattern: p7), UInt16(bitPattern: p8), UInt16(bitPattern: p9)] {
            main.append(UInt8(truncatingIfNeeded: word))
            main.append(UInt8(truncatingIfNeeded: word >> 8))
        }
        main.append(0)  // 0xA0: reserved
        main.append(h1)
        let h4Bits = UInt16(bitPattern: h4), h5Bits = UInt16(bitPattern: h5)
        let humidity: [UInt8] = [
            UInt8(truncatingIfNeeded: UInt16(bitPattern: h2)), UInt8(truncatingIfNeeded: UInt16(bitPattern: h2) >> 8),
            h3,
            UInt8(truncatingIfNeeded: h4Bits >> 4),
            UInt8(truncatingIfNeeded: h4Bits & 0x0F) | UInt8(truncatingIfNeeded: (h5Bits & 0x0F) << 4),
            UInt8(truncatingIfNeeded: h5Bits >> 4),
            UInt8(bitPattern: h6),
        ]
        return (main, humidity)
    }

    /// Temperature in degC, and t_fine (the fine temperature the pressure and humidity formulas take).
    /// The datasheet's listing truncates t_fine to a 32-bit integer; its worked example (BMP280 datasheet
    /// 3.12: t_fine = 128422.2869948, p = 100653.27 Pa) carries it unrounded, as this does. The
    /// difference is below 0.01 Pa.
    public func temperature(adc: Int32) -> (celsius: Double, fine: Double) {
        let raw = Double(adc), t1 = Double(self.t1)
        let var1 = (raw / 16384.0 - t1 / 1024.0) * Double(t2)
        let linear = raw / 131072.0 - t1 / 8192.0
        let var2 = linear * linear * Double(t3)
        return ((var1 + var2) / 5120.0, var1 + var2)
    }

    /// Pressure in Pa, nil when dig_P1 makes the formula divide by zero (an unprogrammed chip).
    public func pressure(adc: Int32, fine: Double) -> Double? {
        var var1 = fine / 2.0 - 64000.0
        var var2 = var1 * var1 * Double(p6) / 32768.0
        var2 = var2 + var1 * Double(p5) * 2.0
        var2 = var2 / 4.0 + Double(p4) * 65536.0
        var1 = (Double(p3) * var1 * var1 / 524288.0 + Double(p2) * var1) / 524288.0
        var1 = (1.0 + var1 / 32768.0) * Double(p1)
        guard var1 != 0 else { return nil }
        var pascal = 1048576.0 - Double(adc)
        pascal = (pascal - var2 / 4096.0) * 6250.0 / var1
        var1 = Double(p9) * pascal * pascal / 2147483648.0
        var2 = pascal * Double(p8) / 32768.0
        return pascal + (var1 + var2 + Double(p7)) / 16.0
    }

    /// Relative humidity in %RH, clamped to 0...100 as the datasheet does.
    public func humidity(adc: Int32, fine: Double) -> Double {
        let offset = fine - 76800.0
        var value = (Double(adc) - (Double(h4) * 64.0 + Double(h5) / 16384.0 * offset))
            * (Double(h2) / 65536.0 * (1.0 + Double(h6) / 67108864.0 * offset * (1.0 + Double(h3) / 67108864.0 * offset)))
        value = value * (1.0 - Double(h1) * value / 524288.0)
        if value > 100.0 { return 100.0 }
        if value < 0.0 { return 0.0 }
        return value
    }
}
