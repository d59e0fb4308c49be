// A GPIO chip in memory that behaves like a real one electrically: outputs drive wires, inputs read their
// wire (or their bias resistor when nothing drives it), active-low inverts at the request, and every edge
// on an edge-watching input is queued with a timestamp and makes the request's fd readable. Test stimulus
// (wiring, external drive, scripts) lives in SimulatedGPIOChip+Stimulus.swift.
//
// Wire resolution, strongest first: the line's own output (open-drain high and open-source low release the
// wire), the output wired to it by `loop(output:input:)`, an external drive or script, the input's bias
// (pull-up 1, pull-down 0). A wire nothing holds floats; the simulation reads a floating wire as 0.

public final class SimulatedGPIOChip: GPIOChip {
    public let name: String
    public let label: String
    public let lineCount: Int
    /// Events each edge-watching request can queue before the oldest are dropped (the kernel's v1 queue
    /// holds 16).
    public let eventQueueCapacity: Int
    /// Timestamps of events caused by `drive` or `setValue`, in nanoseconds. CLOCK_MONOTONIC by default,
    /// like the kernel's, so `GPIOEventClock` converts both alike.
    public var clockNs: () -> UInt64

    var lines: [SimulatedLine]
    private var nextHandle = 1

    public init(label: String, lineCount: Int, eventQueueCapacity: Int = 16,
                clockNs: @escaping () -> UInt64 = GPIOEventClock.monotonicNowNs) {
        self.name = label
        self.label = label
        self.lineCount = max(0, lineCount)
        self.eventQueueCapacity = max(1, eventQueueCapacity)
        self.clockNs = clockNs
        self.lines = [SimulatedLine](repeating: SimulatedLine(), count: max(0, lineCount))
    }

    // MARK: GPIOChip

    public func request(line: Int, _ settings: GPIOLineSettings, consumer: String) throws(GPIOError) -> any GPIOLineRequest {
        let operation = "request \(settings.description)"
        try checkOffset(line, operation: operation)
        if let holder = lines[line].holder {
            throw GPIOError(.lineBusy, chip: name, line: line, operation: "\(operation), held by \"\(holder.consumer)\"")
        }
        var signal: ReadinessSignal? = nil
        if settings.detectsEdges {
            do {
                signal = try ReadinessSignal.make()
            } catch {
                throw GPIOError(.io, chip: name, line: line, operation: "\(operation): event pipe", errno: error.errno)
            }
        }
        let handle = nextHandle
        nextHandle += 1
        lines[line].holder = LineHolder(handle: handle, consumer: consumer, settings: settings,
                                        outputLevel: settings.initialLevel, inputLevel: false,
                                        queue: BoundedEventQueue(capacity: eventQueueCapacity), signal: signal)
        // The level at request time is the baseline: requesting an input is not an edge. (Computed first:
        // `wireLevel` reads `lines`, which the assignment holds exclusively.)
        let baseline = wireLevel(of: line) != settings.activeLow
        lines[line].holder?.inputLevel = baseline
        // A new output may change the inputs wired to it.
        propagate(timestampNs: clockNs())
        return SimulatedLineRequest(chip: self, line: line, handle: handle, settings: settings)
    }

    // MARK: Inspection (tests, the demo's status page)

    /// The physical level on the wire of `line`: what a voltmeter (or gpio-sim's `value`) would show.
    public func physicalLevel(line: Int) throws(GPIOError) -> Bool {
        try checkOffset(line, operation: "read wire level")
        return wireLevel(of: line)
    }

    /// The consumer holding `line`, nil when it is free or out of range.
    public func consumer(line: Int) -> String? {
        guard lines.indices.contains(line) else { return nil }
        return lines[line].holder?.consumer
    }

    /// Events queued and not yet read on `line`'s request (0 when not requested).
    public func queuedEventCount(line: Int) -> Int {
        guard lines.indices.contains(line) else { return 0 }
        return lines[line].holder?.queue.count ?? 0
    }

    /// Events dropped on `line`'s current request because its queue was full.
    public func droppedEventCount(line: Int) -> Int {
        guard lines.indices.contains(line) else { return 0 }
        return lines[line].holder?.queue.dropped ?? 0
    }

    // MARK: Request operations (called by SimulatedLineRequest)

    func holds(line: Int, handle: Int) -> Bool {
        lines.indices.contains(line) && lines[line].holder?.handle == handle
    }

    func value(line: Int, handle: Int) throws(GPIOError) -> Bool {
        let holder = try activeHolder(line: line, handle: handle, operation: "get value")
        if holder.settings.direction == .output { return holder.outputLevel }
        return wireLevel(of: line) != holder.settings.activeLow
    }

    func setValue(_ level: Bool, line: Int, handle: Int) throws(GPIOError) {
        let operation = "set value \(level ? 1 : 0)"
        let holder = try activeHolder(line: line, handle: handle, operation: operation)
        guard holder.settings.direction == .output else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "\(operation): line is an input")
        }
        lines[line].holder?.outputLevel = level
        propagate(timestampNs: clockNs())
    }

    func eventFD(line: Int, handle: Int) -> Int32? {
        guard holds(line: line, handle: handle) else { return nil }
        return lines[line].holder?.signal?.readFD
    }

    func readEvents(line: Int, handle: Int, max: Int) throws(GPIOError) -> [GPIOEdgeEvent] {
        let holder = try activeHolder(line: line, handle: handle, operation: "read events")
        guard let signal = holder.signal else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "read events: no edge detection requested")
        }
        guard max >= 1 else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "read events (max \(max), at least 1)")
        }
        let events = lines[line].holder?.queue.pop(upTo: max) ?? []
        if lines[line].holder?.queue.isEmpty ?? true { signal.lower() }
        return events
    }

    func release(line: Int, handle: Int) {
        guard holds(line: line, handle: handle) else { return }
        lines[line].holder = nil
        // A released output stops driving: inputs wired to it fall back to their bias.
        propagate(timestampNs: clockNs())
    }

    // MARK: Electrical model

    /// What `offset`'s own output pushes onto its wire; nil when it does not drive (input, free, or an
    /// open-drain/open-source output in its released state).
    func drivenLevel(of offset: Int) -> Bool? {
        guard let holder = lines[offset].holder, holder.settings.direction == .output else { return nil }
        let physical = holder.outputLevel != holder.settings.activeLow
        switch holder.settings.drive {
        case .pushPull: return physical
        case .openDrain: return physical ? nil : false
        case .openSource: return physical ? true : nil
        }
    }

    /// The physical level of `offset`'s wire (see the resolution order at the top of the file).
    func wireLevel(of offset: Int) -> Bool {
        if let own = drivenLevel(of: offset) { return own }
        if let source = lines[offset].loopSource, let wired = drivenLevel(of: source) { return wired }
        if let external = lines[offset].externalLevel { return external }
        if let holder = lines[offset].holder, holder.settings.direction == .input {
            switch holder.settings.bias {
            case .pullUp: return true
            case .pullDown: return false
            case .asIs, .disabled: break
            }
        }
        return false
    }

    /// Re-reads every requested input and queues an event for each logical change its edge setting
    /// watches. Called after anything that can move a wire.
    func propagate(timestampNs: UInt64) {
        for offset in lines.indices {
            guard var holder = lines[offset].holder, holder.settings.direction == .input else { continue }
            let level = wireLevel(of: offset) != holder.settings.activeLow
            guard level != holder.inputLevel else { continue }
            holder.inputLevel = level
            let kind: GPIOEdgeEvent.Kind = level ? .rising : .falling
            if watches(holder.settings.edge, kind) {
                holder.queue.push(GPIOEdgeEvent(kind: kind, line: offset, timestampNs: timestampNs))
                holder.signal?.raise()
            }
            lines[offset].holder = holder
        }
    }

    private func watches(_ edge: GPIOEdge, _ kind: GPIOEdgeEvent.Kind) -> Bool {
        switch edge {
        case .none: return false
        case .both: return true
        case .rising: return kind == .rising
        case .falling: return kind == .falling
        }
    }

    // MARK: Checks

    func checkOffset(_ offset: Int, operation: String) throws(GPIOError) {
        guard lines.indices.contains(offset) else {
            throw GPIOError(.invalidArgument, chip: name, line: offset,
                            operation: "\(operation): line offset out of range 0..<\(lineCount)")
        }
    }

    private func activeHolder(line: Int, handle: Int, operation: String) throws(GPIOError) -> LineHolder {
        guard lines.indices.contains(line), let holder = lines[line].holder, holder.handle == handle else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "\(operation): request already released")
        }
        return holder
    }
}
