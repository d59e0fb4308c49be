// The bus access every driver shares: the transfers it needs, with each I2C failure wrapped into a
// SensorError that names the driver, bus and address (the I2C error and its kind are kept inside).
// Also the short pause a soft reset needs; nothing else in a driver waits.

import CSystem

struct SensorLink<Bus: I2CBus> {
    let bus: Bus
    let address: UInt8
    let driverName: String

    func error(_ problem: SensorError.Problem) -> SensorError {
        SensorError(driver: driverName, bus: bus.name, address: address, problem)
    }

    func write(_ bytes: [UInt8]) throws(SensorError) {
        do { try bus.write(address, bytes) } catch { throw self.error(.bus(error)) }
    }

    func read(count: Int) throws(SensorError) -> [UInt8] {
        do { return try bus.read(address, count: count) } catch { throw self.error(.bus(error)) }
    }

    /// Sets the register pointer and reads `count` bytes from it (repeated START, no STOP in between).
    func readRegisters(_ register: UInt8, count: Int) throws(SensorError) -> [UInt8] {
        do { return try bus.writeRead(address, [register], readCount: count) } catch { throw self.error(.bus(error)) }
    }

    func readRegister(_ register: UInt8) throws(SensorError) -> UInt8 {
        try readRegisters(register, count: 1)[0]
    }

    func writeRegister(_ register: UInt8, _ value: UInt8) throws(SensorError) {
        try write([register, value])
    }

    func readBigEndian16(_ register: UInt8) throws(SensorError) -> UInt16 {
        do { return try bus.readRegisterBigEndian16(address, register: register) } catch { throw self.error(.bus(error)) }
    }

    func writeBigEndian16(_ register: UInt8, _ value: UInt16) throws(SensorError) {
        do { try bus.writeRegisterBigEndian16(address, register: register, value) } catch { throw self.error(.bus(error)) }
    }
}

/// Sleeps for a few milliseconds. Only initialisation uses it (a soft reset takes 1.5 to 2 ms), never a
/// measurement: those are scheduled by the agent.
func pauseMilliseconds(_ milliseconds: Int) {
    var request = timespec(tv_sec: 0, tv_nsec: milliseconds * 1_000_000)
    var remaining = timespec(tv_sec: 0, tv_nsec: 0)
    // EINTR (a signal arrived): sleep the rest, so a reset always gets its time.
    while nanosleep(&request, &remaining) != 0 && csys_errno() == EINTR {
        request = remaining
    }
}

/// Rounds to the nearest integer, halves away from zero, without libm (`rounded()` may call `round`).
func roundToInt(_ value: Double) -> Int {
    value >= 0 ? Int(value + 0.5) : -Int(-value + 0.5)
}
