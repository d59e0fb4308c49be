// I2C through i2c-dev (`/dev/i2c-N`): `transaction` is one I2C_RDWR ioctl (all messages under a single
// STOP, repeated STARTs between them) on adapters that do plain I2C, and the same bytes as one SMBus
// transfer on adapters that speak SMBus only (asked once at open with I2C_FUNCS; LinuxI2CBus+SMBus.swift).
// The SMBus helpers go to libi2c's i2c_smbus_*. Every errno becomes an `I2CError` naming the bus, the
// address and the operation.
import CI2C
import CSystem

public final class LinuxI2CBus: I2CBus {
    /// `i2c-1` for `/dev/i2c-1`.
    public let name: String
    public let path: String

    private(set) var fd: Int32
    /// The address last given to I2C_SLAVE (the SMBus calls address whatever it names).
    private var selectedAddress: UInt8?
    /// The adapter's I2C_FUNCS mask. Without I2C_FUNC_I2C, transactions go out as SMBus transfers.
    public let functionality: UInt

    /// Opens the adapter at `path` (`/dev/i2c-1`). Fails with `.busMissing` when the node does not exist
    /// (I2C not enabled in the firmware config, wrong bus number) and `.permissionDenied` without access.
    public init(path: String) throws(I2CError) {
        let name = Self.lastComponent(path)
        let fd = path.withCString { csys_open($0, O_RDWR | O_CLOEXEC, 0) }
        guard fd >= 0 else {
            throw I2CError(errno: csys_errno(), bus: name, address: 0, operation: "open \(path)")
        }
        self.name = name
        self.path = path
        self.fd = fd
        self.functionality = Self.queryFunctionality(fd)
    }

    /// Whether the adapter does plain I2C (I2C_RDWR); false for SMBus-only adapters.
    public var supportsPlainI2C: Bool { functionality & UInt(I2C_FUNC_I2C) != 0 }

    /// I2C_FUNCS. A node that does not answer it (not an adapter) is taken as plain I2C, so that the
    /// transfer itself fails with the errno that says what the node is.
    private static func queryFunctionality(_ fd: Int32) -> UInt {
        var mask: UInt = 0
        guard csys_ioctl_ptr(fd, UInt(I2C_FUNCS), &mask) == 0 else { return UInt(I2C_FUNC_I2C) }
        return mask
    }

    /// Opens `/dev/i2c-<number>`.
    public convenience init(busNumber: Int) throws(I2CError) {
        guard busNumber >= 0 else {
            throw I2CError(.invalidArgument, bus: "i2c-\(busNumber)", address: 0, operation: "open (negative bus number)")
        }
        try self.init(path: "/dev/i2c-\(busNumber)")
    }

    public var isOpen: Bool { fd >= 0 }

    /// Closes the adapter; every later transfer fails with `.invalidArgument`. Closing twice does nothing.
    public func close() {
        guard fd >= 0 else { return }
        _ = CSystem.close(fd)
        fd = -1
        selectedAddress = nil
    }

    deinit {
        close()
    }

    // MARK: I2CBus

    public func transaction(_ address: UInt8, _ operations: [I2COperation]) throws(I2CError) -> [UInt8] {
        try I2CTransactionRules.check(address, operations, bus: name)
        let operation = Self.summary(operations)
        try checkOpen(address, operation)
        guard supportsPlainI2C else { return try smbusTransaction(address, operations) }

        let layout = I2CTransferLayout(operations)
        var storage = layout.makeStorage()
        let fd = self.fd
        let result: Int32 = storage.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return -2 }
            var messages = layout.messages(address: address, base: base)
            return messages.withUnsafeMutableBufferPointer { list in
                var request = i2c_rdwr_ioctl_data(msgs: list.baseAddress, nmsgs: UInt32(list.count))
                return csys_ioctl_ptr(fd, UInt(I2C_RDWR), &request)
            }
        }
        guard result >= 0 else {
            throw I2CError(errno: result == -2 ? EINVAL : csys_errno(), bus: name, address: address, operation: operation)
        }
        return layout.receivedBytes(storage)
    }

    // MARK: SMBus, through libi2c (i2c_smbus_* return -errno on failure)

    public func readByteData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt8 {
        let operation = "read byte data register 0x\(hexByte(register))"
        try select(address, operation)
        let result = i2c_smbus_read_byte_data(fd, register)
        try check(result, address, operation)
        return UInt8(truncatingIfNeeded: result)
    }

    public func writeByteData(_ address: UInt8, register: UInt8, _ value: UInt8) throws(I2CError) {
        let operation = "write byte data register 0x\(hexByte(register))"
        try select(address, operation)
        try check(i2c_smbus_write_byte_data(fd, register, value), address, operation)
    }

    public func readWordData(_ address: UInt8, register: UInt8) throws(I2CError) -> UInt16 {
        let operation = "read word data register 0x\(hexByte(register))"
        try select(address, operation)
        let result = i2c_smbus_read_word_data(fd, register)
        try check(result, address, operation)
        return UInt16(truncatingIfNeeded: result)
    }

    public func writeWordData(_ address: UInt8, register: UInt8, _ value: UInt16) throws(I2CError) {
        let operation = "write word data register 0x\(hexByte(register))"
        try select(address, operation)
        try check(i2c_smbus_write_word_data(fd, register, value), address, operation)
    }

    public func readBlockData(_ address: UInt8, register: UInt8, count: Int) throws(I2CError) -> [UInt8] {
        let operation = "read block data register 0x\(hexByte(register))"
        guard count > 0, count <= 32 else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "\(operation) (count \(count), 1...32)")
        }
        try select(address, operation)
        var bytes = [UInt8](repeating: 0, count: 32)
        let fd = self.fd
        let result = bytes.withUnsafeMutableBufferPointer { buffer in
            i2c_smbus_read_i2c_block_data(fd, register, UInt8(count), buffer.baseAddress)
        }
        try check(result, address, operation)
        guard Int(result) == count else {
            throw I2CError(.badResponse, bus: name, address: address, operation: "\(operation): got \(result) of \(count) bytes")
        }
        return Array(bytes.prefix(count))
    }

    public func writeBlockData(_ address: UInt8, register: UInt8, _ bytes: [UInt8]) throws(I2CError) {
        let operation = "write block data register 0x\(hexByte(register))"
        guard bytes.count <= 32 else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "\(operation) (\(bytes.count) bytes, at most 32)")
        }
        try select(address, operation)
        let fd = self.fd
        let result = bytes.withUnsafeBufferPointer { buffer in
            i2c_smbus_write_i2c_block_data(fd, register, UInt8(bytes.count), buffer.baseAddress)
        }
        try check(result, address, operation)
    }

    // MARK: Helpers

    func checkOpen(_ address: UInt8, _ operation: String) throws(I2CError) {
        guard fd >= 0 else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "\(operation): bus closed")
        }
    }

    /// Points the fd at `address` for the SMBus calls (I2C_SLAVE), once per address change.
    func select(_ address: UInt8, _ operation: String) throws(I2CError) {
        guard I2CTransactionRules.addresses.contains(address) else {
            throw I2CError(.invalidArgument, bus: name, address: address, operation: "\(operation) (address outside 0x03...0x77)")
        }
        try checkOpen(address, operation)
        guard selectedAddress != address else { return }
        guard csys_ioctl_ulong(fd, UInt(I2C_SLAVE), UInt(address)) == 0 else {
            // EBUSY here means a kernel driver has claimed the address.
            throw I2CError(errno: csys_errno(), bus: name, address: address, operation: "\(operation): select address")
        }
        selectedAddress = address
    }

    func check(_ result: Int32, _ address: UInt8, _ operation: String) throws(I2CError) {
        guard result >= 0 else {
            throw I2CError(errno: -result, bus: name, address: address, operation: operation)
        }
    }

    /// "write 1 bytes, read 6 bytes": what the transaction was, for its error message.
    static func summary(_ operations: [I2COperation]) -> String {
        var text = ""
        for op in operations {
            if !text.isEmpty { text += ", " }
            text += op.description
        }
        return text.isEmpty ? "empty transaction" : text
    }

    static func lastComponent(_ path: String) -> String {
        guard let last = path.split(separator: "/").last else { return path }
        return String(last)
    }
}
