// The wire protocol shared by chips with a pointer register and 16-bit registers sent MSB first (ADS1115,
// MCP9808, TMP102): a write's first byte sets the pointer, the next bytes (if any) are the register's
// new contents; a read returns the register at the pointer, MSB first, and (not auto-incrementing)
// repeats it if the master reads on.

/// What a 16-bit-register chip implements; `SimulatedRegisterPointerWire` does the wire part.
protocol RegisterPointerChip: AnyObject {
    /// The pointer value is a register this chip has.
    func hasRegister(_ pointer: UInt8) -> Bool
    /// The register as read now (may change state: conversion-ready bits, one-shot completion).
    func readRegister(_ pointer: UInt8) -> UInt16
    /// A write of `bytes` (1 or 2 data bytes, MSB first) to the register.
    func writeRegister(_ pointer: UInt8, _ bytes: [UInt8])
}

/// Pointer state and byte framing for a `RegisterPointerChip`.
struct SimulatedRegisterPointerWire {
    var pointer: UInt8 = 0

    mutating func receive(_ bytes: [UInt8], chip: some RegisterPointerChip) -> Bool {
        guard let first = bytes.first else { return true }  // a quick write: address only
        // A pointer to no register is not acknowledged (the chip NAKs the byte).
        guard chip.hasRegister(first) else { return false }
        pointer = first
        if bytes.count > 1 { chip.writeRegister(first, Array(bytes.dropFirst().prefix(2))) }
        return true
    }

    func transmit(count: Int, chip: some RegisterPointerChip) -> [UInt8] {
        let value = chip.readRegister(pointer)
        var bytes: [UInt8] = []
        while bytes.count < count {
            bytes.append(bytes.count % 2 == 0 ? UInt8(truncatingIfNeeded: value >> 8) : UInt8(truncatingIfNeeded: value))
        }
        return bytes
    }
}
