// The shape a transaction must have before any backend puts it on the wire. The limits are Linux
// i2c-dev's (I2C_RDWR takes at most 42 messages of at most 8192 bytes each); the simulated bus enforces the
// same ones, so a driver that passes its tests on the sim board cannot be refused by a real adapter.

enum I2CTransactionRules {
    /// 7-bit addresses outside this range are reserved (general call, 10-bit prefix, HS-mode codes).
    static let addresses: ClosedRange<UInt8> = 0x03...0x77
    /// I2C_RDWR_IOCTL_MAX_MSGS.
    static let maxOperations = 42
    /// i2c-dev refuses longer messages (8192 bytes per message).
    static let maxBytesPerOperation = 8192

    /// Throws `.invalidArgument` naming what is wrong; returns normally when the transaction may be sent.
    static func check(_ address: UInt8, _ operations: [I2COperation], bus: String) throws(I2CError) {
        guard addresses.contains(address) else {
            throw I2CError(.invalidArgument, bus: bus, address: address,
                           operation: "transaction (address outside 0x03...0x77)")
        }
        guard !operations.isEmpty, operations.count <= maxOperations else {
            throw I2CError(.invalidArgument, bus: bus, address: address,
                           operation: "transaction (\(operations.count) operations, 1...\(maxOperations))")
        }
        for operation in operations {
            switch operation {
            case .write(let bytes):
                // An empty write is legal: it is the "quick write" used to probe whether a chip answers.
                guard bytes.count <= maxBytesPerOperation else {
                    throw I2CError(.invalidArgument, bus: bus, address: address,
                                   operation: "\(operation.description) (at most \(maxBytesPerOperation))")
                }
            case .read(let count):
                guard count >= 1, count <= maxBytesPerOperation else {
                    throw I2CError(.invalidArgument, bus: bus, address: address,
                                   operation: "\(operation.description) (1...\(maxBytesPerOperation))")
                }
            }
        }
    }
}
