// Where a ring's bytes live: a preallocated file, or a byte array for boards with read-only storage.
// The ring logic above is the same for both; only the medium differs.

protocol RingMedium: AnyObject {
    /// The file's path, or "(memory)"; used in every error and note.
    var label: String { get }
    /// Whether `flush` reaches storage (counted as a sync) or does nothing.
    var isPersistent: Bool { get }
    func read(into buffer: inout [UInt8], at bufferOffset: Int, count: Int, from offset: UInt64) throws(StoreError)
    func write(_ buffer: [UInt8], from bufferOffset: Int, count: Int, to offset: UInt64) throws(StoreError)
    func flush() throws(StoreError)
    func close()
}

/// The memory-only ring: the same layout in a fixed array allocated once.
final class MemoryMedium: RingMedium {
    let label = "(memory)"
    let isPersistent = false
    private var bytes: [UInt8]

    init(totalBytes: Int) { bytes = [UInt8](repeating: 0, count: totalBytes) }

    func read(into buffer: inout [UInt8], at bufferOffset: Int, count: Int, from offset: UInt64) throws(StoreError) {
        guard offset + UInt64(count) <= UInt64(bytes.count) else {
            throw .io(operation: "read", path: label, offset: Int64(offset), errno: 22)
        }
        let start = Int(offset)
        for index in 0..<count { buffer[bufferOffset + index] = bytes[start + index] }
    }

    func write(_ buffer: [UInt8], from bufferOffset: Int, count: Int, to offset: UInt64) throws(StoreError) {
        guard offset + UInt64(count) <= UInt64(bytes.count) else {
            throw .io(operation: "write", path: label, offset: Int64(offset), errno: 22)
        }
        let start = Int(offset)
        for index in 0..<count { bytes[start + index] = buffer[bufferOffset + index] }
    }

    func flush() throws(StoreError) {}
    func close() {}
}
