// An I2C bus in memory: chips modelled at register level (`SimulatedI2CDevice`) sit at 7-bit addresses and
// see the raw transaction exactly as a real chip would, so the real drivers run on it unchanged. Faults a
// board shows in the field can be injected: a chip that stops answering, a transfer that times out once,
// a bus held low until someone clears it.

/// The simulated counterpart of `/dev/i2c-N`.
///
/// Wire behaviour reproduced:
/// - a `.write` operation is handed to the chip's `receive`; `false` is a data NAK that ends the transaction;
/// - a `.read` operation asks the chip's `transmit`; nil is an address NAK. A chip answering with fewer bytes
///   than clocked reads 0xFF for the rest (SDA released, pulled high), extra bytes are never clocked;
/// - every transaction that reached a chip ends with its `stop()`, also after a NAK (the master sends STOP);
/// - an address with no chip NAKs.
public final class SimulatedI2CBus: I2CBus {
    public let name: String

    private var devices: [UInt8: any SimulatedI2CDevice] = [:]
    private var nakAddresses: Set<UInt8> = []
    private var pendingTimeouts = 0

    /// While true every transaction times out (SDA or SCL held low by a crashed chip), until cleared.
    public var isStuck = false
    /// Transactions put on the bus since creation (or `resetCounters`), failed ones included; rejected
    /// malformed transactions never reach the bus and are not counted.
    public private(set) var transferCount = 0
    /// Transactions that ended with an error (NAK or timeout).
    public private(set) var failedTransferCount = 0
    /// The address and operations of the last transaction put on the bus, for tests checking exact bytes.
    public private(set) var lastAddress: UInt8?
    public private(set) var lastOperations: [I2COperation] = []

    public init(name: String = "i2c-1") {
        self.name = name
    }

    /// Places `device` at `address`, replacing whatever chip was there.
    public func attach(_ device: any SimulatedI2CDevice, at address: UInt8) {
        devices[address] = device
    }

    /// Removes the chip at `address` (unplugged); later transactions to it NAK.
    public func detach(address: UInt8) {
        devices[address] = nil
    }

    public func device(at address: UInt8) -> (any SimulatedI2CDevice)? {
        devices[address]
    }

    /// Addresses with a chip attached, ascending.
    public var attachedAddresses: [UInt8] {
        devices.keys.sorted()
    }

    // MARK: Failure injection

    /// The chip at `address` stops acknowledging (power lost, loose wire) but stays attached.
    public func injectNoAcknowledge(at address: UInt8) {
        nakAddresses.insert(address)
    }

    public func clearNoAcknowledge(at address: UInt8) {
        nakAddresses.remove(address)
    }

    /// The next `count` transactions time out, then the bus works again (a glitch).
    public func injectTimeouts(_ count: Int = 1) {
        pendingTimeouts += max(0, count)
    }

    /// Clears every injected fault: NAKs, pending timeouts and a stuck bus.
    public func clearFaults() {
        nakAddresses.removeAll()
        pendingTimeouts = 0
        isStuck = false
    }

    public func resetCounters() {
        transferCount = 0
        failedTransferCount = 0
    }

    // MARK: I2CBus

    public func transaction(_ address: UInt8, _ operations: [I2COperation]) throws(I2CError) -> [UInt8] {
        try I2CTransactionRules.check(address, operations, bus: name)
        transferCount += 1
        lastAddress = address
        lastOperations = operations
        do {
            return try run(address, operations)
        } catch {
            failedTransferCount += 1
            throw error
        }
    }

    private func run(_ address: UInt8, _ operations: [I2COperation]) throws(I2CError) -> [UInt8] {
        if isStuck {
            throw I2CError(.timeout, bus: name, address: address, operation: "transaction (bus stuck)")
        }
        if pendingTimeouts > 0 {
            pendingTimeouts -= 1
            throw I2CError(.timeout, bus: name, address: address, operation: "transaction")
        }
        guard let device = devices[address], !nakAddresses.contains(address) else {
            throw I2CError(.noAcknowledge, bus: name, address: address,
                           operation: operations.first?.description ?? "transaction")
        }
        // The chip was addressed: whatever happens next, the master ends with STOP.
        defer { device.stop() }
        var received: [UInt8] = []
        for operation in operations {
            switch operation {
            case .write(let bytes):
                guard device.receive(bytes) else {
                    throw I2CError(.noAcknowledge, bus: name, address: address, operation: operation.description)
                }
            case .read(let count):
                guard let answer = device.transmit(count: count) else {
                    throw I2CError(.noAcknowledge, bus: name, address: address, operation: operation.description)
                }
                received.append(contentsOf: answer.prefix(count))
                if answer.count < count {
                    received.append(contentsOf: [UInt8](repeating: 0xFF, count: count - answer.count))
                }
            }
        }
        return received
    }
}
