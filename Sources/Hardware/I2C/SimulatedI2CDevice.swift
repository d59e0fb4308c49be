// The seam between the simulated bus and the simulated chips: a chip sees raw transactions only, as a
// real one does on the wire, so the real drivers (and their SMBus helpers) run unchanged on the sim board.

/// A chip on the simulated bus, modelled at register level after its datasheet.
public protocol SimulatedI2CDevice: AnyObject {
    /// A write operation addressed to this chip (its bytes, after the address byte). Return false to NAK
    /// it (the bus turns that into `I2CError.Kind.noAcknowledge`), as the real chip does for a command it
    /// does not know.
    func receive(_ bytes: [UInt8]) -> Bool
    /// A read operation of `count` bytes addressed to this chip (after a write that set its register
    /// pointer, when the transaction was a write-then-read). Return nil to NAK the address.
    func transmit(count: Int) -> [UInt8]?
    /// A STOP ended the transaction (chips that latch a command on STOP act here).
    func stop()
}

extension SimulatedI2CDevice {
    public func stop() {}
}
