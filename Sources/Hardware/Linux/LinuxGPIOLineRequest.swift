// One line held through libgpiod 1.6: values via gpiod_line_get/set_value, edge events read straight from
// the line's event fd (gpiod_line_event_read_fd_multiple) once the poll loop reports it readable.
import CGPIOD
import CSystem

public final class LinuxGPIOLineRequest: GPIOLineRequest {
    /// Kept alive by the request: closing the chip would free `line`.
    private let chip: LinuxGPIOChip
    private let handle: OpaquePointer
    public let line: Int
    public let settings: GPIOLineSettings
    private var released = false
    private let fd: Int32?

    init(chip: LinuxGPIOChip, line: OpaquePointer, offset: Int, settings: GPIOLineSettings, eventFD: Int32?) {
        self.chip = chip
        self.handle = line
        self.line = offset
        self.settings = settings
        self.fd = eventFD
    }

    public var chipName: String { chip.name }
    /// Also true once the chip was closed (which releases all its lines).
    public var isReleased: Bool { released || !chip.isOpen }

    public func value() throws(GPIOError) -> Bool {
        try checkHeld("get value")
        let level = gpiod_line_get_value(handle)
        guard level >= 0 else {
            throw GPIOError(errno: csys_errno(), chip: chip.name, line: line, operation: "get value")
        }
        return level == 1
    }

    public func setValue(_ level: Bool) throws(GPIOError) {
        let operation = "set value \(level ? 1 : 0)"
        try checkHeld(operation)
        guard settings.direction == .output else {
            throw GPIOError(.invalidArgument, chip: chip.name, line: line, operation: "\(operation): line is an input")
        }
        guard gpiod_line_set_value(handle, level ? 1 : 0) == 0 else {
            throw GPIOError(errno: csys_errno(), chip: chip.name, line: line, operation: operation)
        }
    }

    public var eventFD: Int32? {
        isReleased ? nil : fd
    }

    public func readEvents(max: Int) throws(GPIOError) -> [GPIOEdgeEvent] {
        try checkHeld("read events")
        guard let fd else {
            throw GPIOError(.invalidArgument, chip: chip.name, line: line, operation: "read events: no edge detection requested")
        }
        guard max >= 1 else {
            throw GPIOError(.invalidArgument, chip: chip.name, line: line, operation: "read events (max \(max), at least 1)")
        }
        // libgpiod 1.6 reads at most 16 events per call.
        var batch = [gpiod_line_event](repeating: gpiod_line_event(), count: 16)
        var events: [GPIOEdgeEvent] = []
        while events.count < max {
            let wanted = min(batch.count, max - events.count)
            let count = batch.withUnsafeMutableBufferPointer { buffer in
                gpiod_line_event_read_fd_multiple(fd, buffer.baseAddress, UInt32(wanted))
            }
            if count < 0 {
                let code = csys_errno()
                if code == EINTR { continue }
                if code == EAGAIN || code == EWOULDBLOCK { break }
                // Events already taken from the kernel are returned, not lost; the error shows next call.
                if !events.isEmpty { break }
                throw GPIOError(errno: code, chip: chip.name, line: line, operation: "read events")
            }
            for index in 0..<min(Int(count), wanted) {
                events.append(Self.edgeEvent(batch[index], line: line))
            }
            if Int(count) < wanted { break }
        }
        return events
    }

    public func release() {
        guard !isReleased else { return }
        gpiod_line_release(handle)
        released = true
    }

    deinit {
        release()
    }

    private func checkHeld(_ operation: String) throws(GPIOError) {
        guard !isReleased else {
            throw GPIOError(.invalidArgument, chip: chip.name, line: line, operation: "\(operation): request already released")
        }
    }

    static func edgeEvent(_ raw: gpiod_line_event, line: Int) -> GPIOEdgeEvent {
        let kind: GPIOEdgeEvent.Kind = raw.event_type == Int32(GPIOD_LINE_EVENT_RISING_EDGE) ? .rising : .falling
        let nanoseconds = UInt64(clamping: raw.ts.tv_sec) &* 1_000_000_000 &+ UInt64(clamping: raw.ts.tv_nsec)
        return GPIOEdgeEvent(kind: kind, line: line, timestampNs: nanoseconds)
    }
}
