// The simulated world outside the chip: wires from outputs to inputs, signals forced onto a pin, and
// scripted signals played against the caller's clock. Tests and the demo board use these; the agent sees
// only their effect (levels and edge events), exactly as on hardware.

extension SimulatedGPIOChip {
    /// Wires output line `output` to input line `input` (a jumper): the input's wire follows what the output
    /// drives. An input has at most one source; wiring it again replaces the source.
    public func loop(output: Int, input: Int) throws(GPIOError) {
        try checkOffset(output, operation: "loop output to line \(input)")
        try checkOffset(input, operation: "loop from output line \(output)")
        guard output != input else {
            throw GPIOError(.invalidArgument, chip: name, line: input, operation: "loop a line to itself")
        }
        lines[input].loopSource = output
        propagate(timestampNs: clockNs())
    }

    /// Removes the wire into `input`.
    public func unloop(input: Int) throws(GPIOError) {
        try checkOffset(input, operation: "unloop")
        lines[input].loopSource = nil
        propagate(timestampNs: clockNs())
    }

    /// Forces the wire of `line` to a physical level (a button, a sensor contact), until `float(line:)`.
    /// Stops a script running on the line.
    public func drive(line: Int, level: Bool) throws(GPIOError) {
        try checkOffset(line, operation: "drive \(level ? 1 : 0)")
        lines[line].script = nil
        lines[line].externalLevel = level
        propagate(timestampNs: clockNs())
    }

    /// Stops driving `line` from outside: it reads its wired output or its bias again.
    public func float(line: Int) throws(GPIOError) {
        try checkOffset(line, operation: "float")
        lines[line].script = nil
        lines[line].externalLevel = nil
        propagate(timestampNs: clockNs())
    }

    /// Plays `steps` on `line` from `startMs` (the caller's millisecond clock, the one passed to `tick`).
    /// Each applied step's edges are stamped with the step's due time, as the kernel stamps the moment the
    /// edge happened, not when anyone looked. A repeating script needs a total delay above zero.
    public func script(line: Int, _ steps: [GPIOScriptStep], startMs: Int64, repeating: Bool = false) throws(GPIOError) {
        try checkOffset(line, operation: "script")
        guard !steps.isEmpty else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "script: no steps")
        }
        var total: Int64 = 0
        for step in steps {
            guard step.delayMs >= 0 else {
                throw GPIOError(.invalidArgument, chip: name, line: line, operation: "script: negative delay \(step.delayMs) ms")
            }
            total = GPIOScriptPlayer.add(total, step.delayMs)
        }
        guard !repeating || total > 0 else {
            throw GPIOError(.invalidArgument, chip: name, line: line, operation: "script: repeating with zero total delay")
        }
        lines[line].script = GPIOScriptPlayer(steps: steps, startMs: startMs, repeating: repeating)
    }

    /// Stops the script on `line`; the wire keeps the last scripted level until `float(line:)`.
    public func stopScript(line: Int) {
        guard lines.indices.contains(line) else { return }
        lines[line].script = nil
    }

    /// When the next scripted step is due (for the agent's timer), nil when no script runs.
    public var nextScriptDeadlineMs: Int64? {
        var earliest: Int64? = nil
        for line in lines {
            if let due = line.script?.dueMs, due < (earliest ?? Int64.max) { earliest = due }
        }
        return earliest
    }

    /// Applies every scripted step due at or before `nowMs`, in time order across lines. At most
    /// `maxSteps` are applied per call so a fast repeating script cannot stall the loop after a long pause;
    /// the rest follow on the next tick. Returns the number of steps applied.
    @discardableResult
    public func tick(nowMs: Int64, maxSteps: Int = 1024) -> Int {
        var applied = 0
        while applied < maxSteps {
            var next: Int? = nil
            for offset in lines.indices {
                guard let due = lines[offset].script?.dueMs, due <= nowMs else { continue }
                if let best = next, let bestDue = lines[best].script?.dueMs, bestDue <= due { continue }
                next = offset
            }
            guard let offset = next, var player = lines[offset].script else { break }
            lines[offset].externalLevel = player.currentStep.level
            propagate(timestampNs: Self.nanoseconds(ms: player.dueMs))
            lines[offset].script = player.advance() ? player : nil
            applied += 1
        }
        return applied
    }

    static func nanoseconds(ms: Int64) -> UInt64 {
        let (product, overflow) = UInt64(clamping: ms).multipliedReportingOverflow(by: 1_000_000)
        return overflow ? UInt64.max : product
    }
}
