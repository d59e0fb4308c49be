// GPIO through the kernel's character device with libgpiod 1.6: a thin mapping of `GPIOChip` onto
// gpiod_chip_open_*, gpiod_chip_get_line and gpiod_line_request_*_flags. Every failure names the chip, the
// line and the operation, with the errno behind it.
import CGPIOD
import CSystem

public final class LinuxGPIOChip: GPIOChip {
    /// How the chip was asked for (its label, `gpiochip0`, or a path): what messages call it.
    public let name: String
    /// The controller's label as the kernel reports it (`pinctrl-bcm2711`).
    public let label: String
    /// The kernel's name for it (`gpiochip0`).
    public let kernelName: String
    public let lineCount: Int

    private var handle: OpaquePointer?

    /// Opens the chip whose label is `label` (what board files use: stable across boots, unlike numbers).
    public convenience init(label: String) throws(GPIOError) {
        let handle = label.withCString { gpiod_chip_open_by_label($0) }
        try self.init(handle: handle, name: label, operation: "open by label")
    }

    /// Opens `/dev/<name>`, e.g. `gpiochip0`.
    public convenience init(name: String) throws(GPIOError) {
        let handle = name.withCString { gpiod_chip_open_by_name($0) }
        try self.init(handle: handle, name: name, operation: "open by name")
    }

    /// Opens the chip at `path`, e.g. `/dev/gpiochip0`.
    public convenience init(path: String) throws(GPIOError) {
        let handle = path.withCString { gpiod_chip_open($0) }
        try self.init(handle: handle, name: path, operation: "open")
    }

    private init(handle: OpaquePointer?, name: String, operation: String) throws(GPIOError) {
        guard let handle else {
            // libgpiod reports "no chip with that label" as ENOENT; a path that is not a GPIO chip as ENOTTY.
            let code = csys_errno()
            if code == ENOTTY {
                throw GPIOError(.chipMissing, chip: name, operation: "\(operation) (not a GPIO chip)", errno: code)
            }
            throw GPIOError(errno: code == 0 ? ENOENT : code, chip: name, line: nil, operation: operation)
        }
        self.handle = handle
        self.name = name
        self.label = Self.string(gpiod_chip_label(handle))
        self.kernelName = Self.string(gpiod_chip_name(handle))
        self.lineCount = Int(gpiod_chip_num_lines(handle))
    }

    /// Whether the chip is still open; requests of a closed chip are released.
    public var isOpen: Bool { handle != nil }

    /// Closes the chip, releasing every line still requested from it. Closing twice does nothing.
    public func close() {
        guard let handle else { return }
        gpiod_chip_close(handle)
        self.handle = nil
    }

    deinit {
        close()
    }

    public func request(line offset: Int, _ settings: GPIOLineSettings, consumer: String) throws(GPIOError) -> any GPIOLineRequest {
        let operation = "request \(settings.description)"
        guard let handle else {
            throw GPIOError(.invalidArgument, chip: name, line: offset, operation: "\(operation): chip closed")
        }
        guard offset >= 0, offset < lineCount else {
            throw GPIOError(.invalidArgument, chip: name, line: offset,
                            operation: "\(operation): line offset out of range 0..<\(lineCount)")
        }
        guard let line = gpiod_chip_get_line(handle, UInt32(offset)) else {
            throw GPIOError(errno: csys_errno(), chip: name, line: offset, operation: "\(operation): get line")
        }
        let flags = Self.requestFlags(settings)
        let status: Int32 = consumer.withCString { consumerName in
            switch (settings.direction, settings.edge) {
            case (.output, _):
                return gpiod_line_request_output_flags(line, consumerName, flags, settings.initialLevel ? 1 : 0)
            case (.input, .none):
                return gpiod_line_request_input_flags(line, consumerName, flags)
            case (.input, .rising):
                return gpiod_line_request_rising_edge_events_flags(line, consumerName, flags)
            case (.input, .falling):
                return gpiod_line_request_falling_edge_events_flags(line, consumerName, flags)
            case (.input, .both):
                return gpiod_line_request_both_edges_events_flags(line, consumerName, flags)
            }
        }
        guard status == 0 else {
            throw GPIOError(errno: csys_errno(), chip: name, line: offset, operation: operation)
        }
        var eventFD: Int32? = nil
        if settings.detectsEdges {
            let fd = gpiod_line_event_get_fd(line)
            // The poll loop must never block in read(): the kernel honours O_NONBLOCK on line-event fds.
            let flagsNow = fd >= 0 ? csys_fcntl_int(fd, F_GETFL, 0) : -1
            guard flagsNow >= 0, csys_fcntl_int(fd, F_SETFL, flagsNow | O_NONBLOCK) == 0 else {
                let code = csys_errno()
                gpiod_line_release(line)
                throw GPIOError(errno: code, chip: name, line: offset, operation: "\(operation): event fd")
            }
            eventFD = fd
        }
        return LinuxGPIOLineRequest(chip: self, line: line, offset: offset, settings: settings, eventFD: eventFD)
    }

    /// libgpiod's request flags for `settings` (bias only for inputs, drive only for outputs).
    static func requestFlags(_ settings: GPIOLineSettings) -> Int32 {
        var flags: Int32 = 0
        if settings.activeLow { flags |= Int32(GPIOD_LINE_REQUEST_FLAG_ACTIVE_LOW) }
        switch settings.direction {
        case .input:
            switch settings.bias {
            case .asIs: break
            case .disabled: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_DISABLE)
            case .pullUp: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_UP)
            case .pullDown: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_BIAS_PULL_DOWN)
            }
        case .output:
            switch settings.drive {
            case .pushPull: break
            case .openDrain: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_OPEN_DRAIN)
            case .openSource: flags |= Int32(GPIOD_LINE_REQUEST_FLAG_OPEN_SOURCE)
            }
        }
        return flags
    }

    private static func string(_ text: UnsafePointer<CChar>?) -> String {
        guard let text else { return "" }
        return String(cString: text)
    }
}
