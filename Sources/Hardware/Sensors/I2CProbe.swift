// `pinpost probe`: which addresses answer on a bus, and which known chips they are.
//
// Presence is tested read-only, like `i2cdetect -r`: a 1-byte read (START, address+R, one byte, NACK,
// STOP). Nothing is ever written to an address that is not a known chip's address. Identification then
// happens only at the addresses of the chips pinpost has drivers for, and only through register reads:
// the one write is the register pointer (e.g. 0xD0 at 0x76/0x77), never a register's contents.
//   0x76, 0x77   BME280 / BMP280: chip id register 0xD0 (0x60 / 0x58)
//   0x18...0x1F  MCP9808: manufacturer id 0x06 = 0x0054 and device id 0x07 = 0x04xx
//   0x48...0x4B  TMP102: config 0x01 with R1 R0 = 11 and bits 3:0 = 0, limits 0x02/0x03 with bits 2:0 = 0;
//                ADS1115: threshold registers at their power-on values 0x8000 / 0x7FFF (pinpost never
//                writes them)
//   0x44, 0x45   SHT3x: not identified (it has no registers; it answers only to commands, and a bare
//                read is NAKed unless a measurement is pending, so it may not show as present at all)
//   0x23, 0x5C   BH1750: not identified (no id register)
// Addresses where a known chip may sit but is not identified carry the candidate driver names.

public struct I2CProbeResult: Equatable, Sendable, CustomStringConvertible {
    public var address: UInt8
    /// The chip identified by its registers, as a driver name; nil when not identified.
    public var chip: String?
    /// Drivers whose chips can sit at this address (whether or not identified).
    public var candidates: [String]

    public init(address: UInt8, chip: String?, candidates: [String]) {
        self.address = address
        self.chip = chip
        self.candidates = candidates
    }

    public var description: String {
        var text = "0x\(hexByte(address))"
        if let chip {
            text += ": \(chip)"
        } else if !candidates.isEmpty {
            text += ": unidentified (maybe"
            for candidate in candidates { text += " " + candidate }
            text += ")"
        }
        return text
    }
}

/// Scans `addresses` (default 0x08...0x77, as i2cdetect) and returns the addresses that answered, in
/// order. A NAK means absent; any other failure at one address (timeout, bus error) also counts as
/// absent there, but a failure of the bus itself (missing device, permission) is thrown.
public func probeI2CBus<Bus: I2CBus>(_ bus: Bus, addresses: ClosedRange<UInt8> = 0x08...0x77) throws(I2CError) -> [I2CProbeResult] {
    guard addresses.lowerBound >= 0x03, addresses.upperBound <= 0x77 else {
        throw I2CError(.invalidArgument, bus: bus.name, address: addresses.lowerBound,
                       operation: "probe 0x\(hexByte(addresses.lowerBound))...0x\(hexByte(addresses.upperBound)) (7-bit range is 0x03...0x77)")
    }
    var found: [I2CProbeResult] = []
    for address in addresses {
        do {
            _ = try bus.read(address, count: 1)
        } catch {
            if error.kind == .busMissing || error.kind == .permissionDenied { throw error }
            continue
        }
        found.append(I2CProbeResult(address: address, chip: identifyChip(bus, at: address),
                                    candidates: probeCandidates(at: address)))
    }
    return found
}

/// The drivers whose chips can be strapped to `address`.
public func probeCandidates(at address: UInt8) -> [String] {
    switch address {
    case 0x76, 0x77: return ["bme280", "bmp280"]
    case 0x18...0x1F: return ["mcp9808"]
    case 0x48...0x4B: return ["ads1115", "tmp102"]
    case 0x44, 0x45: return ["sht3x"]
    case 0x23, 0x5C: return ["bh1750"]
    default: return []
    }
}

/// Register-read identification at the known addresses (see the file header); nil when not recognised
/// or when a read fails.
func identifyChip<Bus: I2CBus>(_ bus: Bus, at address: UInt8) -> String? {
    do {
        switch address {
        case 0x76, 0x77:
            let id = try bus.readByteData(address, register: BME280Register.chipID)
            if id == 0x60 { return "bme280" }
            if id == 0x58 || id == 0x56 || id == 0x57 { return "bmp280" }
        case 0x18...0x1F:
            let manufacturer = try bus.readRegisterBigEndian16(address, register: MCP9808Register.manufacturerID)
            let device = try bus.readRegisterBigEndian16(address, register: MCP9808Register.deviceID)
            if manufacturer == MCP9808Register.manufacturer && UInt8(device >> 8) == MCP9808Register.device { return "mcp9808" }
        case 0x48...0x4B:
            let config = try bus.readRegisterBigEndian16(address, register: TMP102Register.config)
            let low = try bus.readRegisterBigEndian16(address, register: TMP102Register.lowLimit)
            let high = try bus.readRegisterBigEndian16(address, register: TMP102Register.highLimit)
            if config & 0x600F == TMP102Register.resolutionBits && low & 0x0007 == 0 && high & 0x0007 == 0 { return "tmp102" }
            if low == 0x8000 && high == 0x7FFF { return "ads1115" }
        default:
            break
        }
    } catch {
        return nil
    }
    return nil
}
