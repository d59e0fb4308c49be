// The handle a `SimulatedGPIOChip` returns for a requested line: it forwards to the chip, which holds the
// state, so the chip never references its requests (no retain cycle without `weak`).

public final class SimulatedLineRequest: GPIOLineRequest {
    private let chip: SimulatedGPIOChip
    private let handle: Int
    public let line: Int
    public let settings: GPIOLineSettings

    init(chip: SimulatedGPIOChip, line: Int, handle: Int, settings: GPIOLineSettings) {
        self.chip = chip
        self.line = line
        self.handle = handle
        self.settings = settings
    }

    public var chipName: String { chip.name }
    public var isReleased: Bool { !chip.holds(line: line, handle: handle) }

    public func value() throws(GPIOError) -> Bool {
        try chip.value(line: line, handle: handle)
    }

    public func setValue(_ level: Bool) throws(GPIOError) {
        try chip.setValue(level, line: line, handle: handle)
    }

    public var eventFD: Int32? {
        chip.eventFD(line: line, handle: handle)
    }

    public func readEvents(max: Int) throws(GPIOError) -> [GPIOEdgeEvent] {
        try chip.readEvents(line: line, handle: handle, max: max)
    }

    public func release() {
        chip.release(line: line, handle: handle)
    }

    deinit {
        chip.release(line: line, handle: handle)
    }
}
