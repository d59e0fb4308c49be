// A transaction on an SMBus-only adapter: SMBusMapping picks the SMBus transfer with the same bytes on the
// wire (checked against the adapter's I2C_FUNCS), and this runs it through libi2c. Errors name the
// transaction as the driver asked for it and the SMBus transfer that carried it.
import CI2C
import CSystem

extension LinuxI2CBus {
    func smbusTransaction(_ address: UInt8, _ operations: [I2COperation]) throws(I2CError) -> [UInt8] {
        let smbus = try SMBusMapping.operation(for: operations, functionality: functionality, bus: name, address: address)
        let operation = "\(Self.summary(operations)) (\(smbus.description))"
        try select(address, operation)
        let fd = self.fd
        switch smbus {
        case .quickWrite:
            try check(i2c_smbus_write_quick(fd, UInt8(I2C_SMBUS_WRITE)), address, operation)
        case .sendByte(let byte):
            try check(i2c_smbus_write_byte(fd, byte), address, operation)
        case .receiveByte:
            let result = i2c_smbus_read_byte(fd)
            try check(result, address, operation)
            return SMBusMapping.receivedBytes(smbus, bytes: [UInt8(truncatingIfNeeded: result)])
        case .writeByteData(let register, let value):
            try check(i2c_smbus_write_byte_data(fd, register, value), address, operation)
        case .writeWordData(let register, let value):
            try check(i2c_smbus_write_word_data(fd, register, value), address, operation)
        case .writeBlockData(let register, let bytes):
            let result = bytes.withUnsafeBufferPointer { buffer in
                i2c_smbus_write_i2c_block_data(fd, register, UInt8(bytes.count), buffer.baseAddress)
            }
            try check(result, address, operation)
        case .readByteData(let register):
            let result = i2c_smbus_read_byte_data(fd, register)
            try check(result, address, operation)
            return SMBusMapping.receivedBytes(smbus, bytes: [UInt8(truncatingIfNeeded: result)])
        case .readWordData(let register):
            let result = i2c_smbus_read_word_data(fd, register)
            try check(result, address, operation)
            return SMBusMapping.receivedBytes(smbus, word: UInt16(truncatingIfNeeded: result))
        case .readBlockData(let register, let count):
            // libi2c copies at most I2C_SMBUS_BLOCK_MAX bytes; the buffer always has room for them.
            var bytes = [UInt8](repeating: 0, count: SMBusMapping.maxBlockBytes)
            let result = bytes.withUnsafeMutableBufferPointer { buffer in
                i2c_smbus_read_i2c_block_data(fd, register, UInt8(count), buffer.baseAddress)
            }
            try check(result, address, operation)
            guard Int(result) == count else {
                throw I2CError(.badResponse, bus: name, address: address, operation: "\(operation): got \(result) of \(count) bytes")
            }
            return SMBusMapping.receivedBytes(smbus, bytes: Array(bytes.prefix(count)))
        }
        return []
    }
}
