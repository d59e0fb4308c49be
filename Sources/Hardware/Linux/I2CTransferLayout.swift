// How one transaction is laid out for the I2C_RDWR ioctl: every message's bytes in one buffer (so every
// i2c_msg points into memory that stays put for the whole call), write bytes copied in, read bytes
// gathered back out in order. Kept apart from the ioctl so the layout is testable without an adapter.
import CI2C

struct I2CTransferLayout {
    let operations: [I2COperation]
    /// Where each operation's bytes start in `storage`.
    let offsets: [Int]
    /// Bytes of all messages together.
    let totalBytes: Int

    init(_ operations: [I2COperation]) {
        self.operations = operations
        var offsets: [Int] = []
        var total = 0
        for operation in operations {
            offsets.append(total)
            total += Self.byteCount(operation)
        }
        self.offsets = offsets
        self.totalBytes = total
    }

    /// The buffer the messages point into: write bytes filled in, read bytes zero until the transfer.
    /// Never empty, so it has an address even for a lone zero-length (probe) write.
    func makeStorage() -> [UInt8] {
        var storage = [UInt8](repeating: 0, count: max(1, totalBytes))
        for (index, operation) in operations.enumerated() {
            if case .write(let bytes) = operation {
                for (position, byte) in bytes.enumerated() { storage[offsets[index] + position] = byte }
            }
        }
        return storage
    }

    /// The i2c_msg list for `address`, pointing into `base` (the first byte of a `makeStorage()` buffer).
    func messages(address: UInt8, base: UnsafeMutablePointer<UInt8>) -> [i2c_msg] {
        var messages: [i2c_msg] = []
        messages.reserveCapacity(operations.count)
        for (index, operation) in operations.enumerated() {
            let flags: UInt16
            if case .read = operation { flags = UInt16(I2C_M_RD) } else { flags = 0 }
            messages.append(i2c_msg(addr: UInt16(address), flags: flags, len: UInt16(Self.byteCount(operation)),
                                    buf: base + offsets[index]))
        }
        return messages
    }

    /// The bytes of every read operation, in order, from `storage` after the transfer filled it in.
    func receivedBytes(_ storage: [UInt8]) -> [UInt8] {
        var received: [UInt8] = []
        for (index, operation) in operations.enumerated() {
            if case .read(let count) = operation {
                received.append(contentsOf: storage[offsets[index]..<(offsets[index] + count)])
            }
        }
        return received
    }

    static func byteCount(_ operation: I2COperation) -> Int {
        switch operation {
        case .write(let bytes): return bytes.count
        case .read(let count): return count
        }
    }
}
