// Reading and writing records at logical positions, wrapping at the end of the data area, and the checks
// that decide whether bytes are a record of this ring.

extension RingStore {
    func physicalOffset(_ position: UInt64) -> UInt64 { RingLayout.dataStart + position % capacity }

    func readRing(into buffer: inout [UInt8], at bufferOffset: Int = 0, count: Int, from position: UInt64) throws(StoreError) {
        let start = position % capacity
        let first = Int(min(UInt64(count), capacity - start))
        try medium.read(into: &buffer, at: bufferOffset, count: first, from: RingLayout.dataStart + start)
        if first < count {
            try medium.read(into: &buffer, at: bufferOffset + first, count: count - first, from: RingLayout.dataStart)
        }
    }

    func writeRing(_ buffer: [UInt8], count: Int, at position: UInt64) throws(StoreError) {
        let start = position % capacity
        let first = Int(min(UInt64(count), capacity - start))
        try medium.write(buffer, from: 0, count: first, to: RingLayout.dataStart + start)
        if first < count {
            try medium.write(buffer, from: first, count: count - first, to: RingLayout.dataStart)
        }
    }

    /// The header at `position`, unchecked (the caller trusts the chain or checks the sequence).
    func peekHeader(at position: UInt64) throws(StoreError) -> RecordHeader {
        try readRing(into: &scratch, count: RecordHeader.byteCount, from: position)
        return RecordHeader.decode(scratch, at: 0).header
    }

    /// The record at `position` if it is one: sequence above `floor`, inside `limit`, sane length, CRC
    /// matching this file and this position. A data record's payload is left in `scratch` after the header.
    func readRecord(at position: UInt64, floor: UInt64, limit: UInt64) throws(StoreError) -> RecordHeader? {
        guard position + UInt64(RecordHeader.byteCount) <= limit else { return nil }
        try readRing(into: &scratch, count: RecordHeader.byteCount, from: position)
        let (header, crc) = RecordHeader.decode(scratch, at: 0)
        guard plausible(header, at: position, floor: floor, limit: limit) else { return nil }
        if !header.isPadding && header.length > 0 {
            try readRing(into: &scratch, at: RecordHeader.byteCount, count: Int(header.length),
                         from: position + UInt64(RecordHeader.byteCount))
        }
        let payloadLength = header.isPadding ? 0 : Int(header.length)
        return RecordHeader.checksum(fileID: fileID, position: position, buffer: scratch, at: 0,
                                     payloadLength: payloadLength) == crc ? header : nil
    }

    /// The cheap checks, before any payload is read or checksummed.
    func plausible(_ header: RecordHeader, at position: UInt64, floor: UInt64, limit: UInt64) -> Bool {
        guard header.sequence > floor, position + header.size <= limit else { return false }
        // Compared as UInt64: on 32-bit boards Int(UInt32) would trap on a damaged length.
        return header.isPadding || UInt64(header.length) <= UInt64(maxPayload)
    }

    /// The first record after damage: scans byte by byte from `start` (64 KiB at a time) for bytes that
    /// pass every check of `readRecord`. A record cannot start inside the 16-byte header of the damaged
    /// one, so callers start at least one header past it.
    func findNextRecord(from start: UInt64, limit: UInt64, floor: UInt64) throws(StoreError) -> (UInt64, RecordHeader)? {
        let chunk = 65536
        let headerBytes = RecordHeader.byteCount
        if scanBuffer.isEmpty { scanBuffer = [UInt8](repeating: 0, count: chunk + headerBytes) }
        var chunkStart = start
        while chunkStart + UInt64(headerBytes) <= limit {
            let count = Int(min(UInt64(chunk + headerBytes - 1), limit - chunkStart))
            try readRing(into: &scanBuffer, count: count, from: chunkStart)
            let candidates = count - headerBytes + 1
            for index in 0..<candidates {
                let position = chunkStart + UInt64(index)
                let header = RecordHeader.decode(scanBuffer, at: index).header
                guard plausible(header, at: position, floor: floor, limit: limit) else { continue }
                if let found = try readRecord(at: position, floor: floor, limit: limit) {
                    return (position, found)
                }
            }
            chunkStart += UInt64(candidates)
        }
        return nil
    }

    /// Writes a padding record over [start, end) (at least one header long) whose sequence is that of the
    /// record following it, so the chain of increasing sequences stays valid across the hole.
    func writePadding(from start: UInt64, to end: UInt64, sequence: UInt64) throws(StoreError) {
        var bytes = [UInt8](repeating: 0, count: RecordHeader.byteCount)
        let header = RecordHeader(length: UInt32(end - start - UInt64(RecordHeader.byteCount)), sequence: sequence, kind: 0)
        header.encodeFields(into: &bytes, at: 0)
        LittleEndian.store32(RecordHeader.checksum(fileID: fileID, position: start, buffer: bytes, at: 0, payloadLength: 0),
                             &bytes, 0)
        try writeRing(bytes, count: bytes.count, at: start)
    }

    /// Damage found while the store runs (a record that passed recovery no longer checks out): the bytes up
    /// to the next good record (or the tail) become padding, with a note; the records in them are lost.
    func repairDamage(at position: UInt64, floor: UInt64) throws(StoreError) {
        corruptRegions += 1
        guard tail - position >= UInt64(RecordHeader.byteCount) else {
            note(.corruptRegion(path: path, offset: Int64(physicalOffset(position)), length: Int64(tail - position)))
            tail = position
            try recount()
            return
        }
        let next = try findNextRecord(from: position + UInt64(RecordHeader.byteCount), limit: tail, floor: floor)
        let end = next?.0 ?? tail
        try writePadding(from: position, to: end, sequence: next?.1.sequence ?? nextSequence)
        note(.corruptRegion(path: path, offset: Int64(physicalOffset(position)), length: Int64(end - position)))
        table.removeAll(in: position..<end)
        if let offered, offered.position >= position && offered.position < end { self.offered = nil }
        markDirty()
        try recount()
    }

    /// Counts the held records again by walking the headers (only after damage, when the lost ones are
    /// unknown).
    func recount() throws(StoreError) {
        var count = 0
        var position = head
        while position + UInt64(RecordHeader.byteCount) <= tail {
            let header = try peekHeader(at: position)
            guard header.size <= tail - position else { break }
            if !header.isPadding { count += 1 }
            position += header.size
        }
        liveRecords = count
    }

    /// Moves the head over acknowledged records and padding at the front. Returns how many records left.
    func releaseAcknowledged() throws(StoreError) -> Int {
        var released = 0
        while head < tail {
            if let index = table.index(atPosition: head) {
                let entry = table.entry(at: index)
                guard entry.acknowledged else { break }
                head += entry.size
                headFloor = entry.sequence
                liveRecords -= 1
                table.remove(at: index)
                released += 1
                continue
            }
            let header = try peekHeader(at: head)
            guard header.isPadding, header.sequence > headFloor, header.size <= tail - head,
                  RecordHeader.checksum(fileID: fileID, position: head, buffer: scratch, at: 0, payloadLength: 0)
                    == LittleEndian.load32(scratch, 0) else { break }
            head += header.size
            headFloor = header.sequence - 1
        }
        if cursor < head {
            cursor = head
            cursorFloor = headFloor
            offered = nil
        }
        return released
    }

    /// Overflow: the oldest record leaves the ring whatever its state; unacknowledged ones are counted.
    func dropOldest() throws(StoreError) {
        if let index = table.index(atPosition: head) {
            let entry = table.entry(at: index)
            if !entry.acknowledged {
                droppedRecords += 1
                droppedBytes += entry.size
            }
            head += entry.size
            headFloor = entry.sequence
            liveRecords -= 1
            table.remove(at: index)
        } else if let header = try readRecord(at: head, floor: headFloor, limit: tail) {
            if header.isPadding {
                headFloor = header.sequence - 1
            } else {
                droppedRecords += 1
                droppedBytes += header.size
                headFloor = header.sequence
                liveRecords -= 1
            }
            head += header.size
        } else {
            try repairDamage(at: head, floor: headFloor)
            return
        }
        markDirty()
        if cursor < head {
            cursor = head
            cursorFloor = headFloor
            offered = nil
        }
    }
}
