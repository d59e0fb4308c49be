// The GPIO contract, after libgpiod's chip → line → request model: a chip hands out requests for single
// lines, each request owns its line until it is released, and an edge-watching request exposes a file
// descriptor that the agent's poll() loop waits on. Backends: `LinuxGPIOChip` (libgpiod 1.6) and
// `SimulatedGPIOChip` (in memory, with a real pollable fd).
//
// Both protocols are class-bound: requests are shared handles to a kernel object, and Embedded Swift only
// allows existentials (`any GPIOChip`) of class-bound protocols.

/// One GPIO controller (`/dev/gpiochip0`, or a simulated one).
public protocol GPIOChip: AnyObject {
    /// What error messages and logs call the chip (the label or path it was opened by).
    var name: String { get }
    /// The controller's label (`pinctrl-bcm2711`, `pinpost-sim`).
    var label: String { get }
    var lineCount: Int { get }

    /// Requests line `line` (offset 0..<lineCount) with `settings`, under `consumer`.
    ///
    /// Errors: `.invalidArgument` for an offset out of range, `.lineBusy` when the line is already
    /// requested (by this process or another), `.unsupported` for options the chip lacks.
    func request(line: Int, _ settings: GPIOLineSettings, consumer: String) throws(GPIOError) -> any GPIOLineRequest
}

// Embedded Swift 6.3: a member that exists only in a protocol extension, called through an existential
// (`any GPIOChip`, `any GPIOLineRequest`) from another module, compiles but traps at run time. These
// conveniences are for code holding a concrete type or a generic; code holding an existential (the
// agent) calls the requirements above.
extension GPIOChip {
    public func request(line: Int, _ settings: GPIOLineSettings) throws(GPIOError) -> any GPIOLineRequest {
        try request(line: line, settings, consumer: GPIOLineSettings.defaultConsumer)
    }

    public func requestInput(line: Int, bias: GPIOBias = .asIs, edge: GPIOEdge = .none,
                             activeLow: Bool = false) throws(GPIOError) -> any GPIOLineRequest {
        try request(line: line, .input(bias: bias, edge: edge, activeLow: activeLow))
    }

    public func requestOutput(line: Int, initialLevel: Bool = false, activeLow: Bool = false,
                              drive: GPIODrive = .pushPull) throws(GPIOError) -> any GPIOLineRequest {
        try request(line: line, .output(initialLevel: initialLevel, activeLow: activeLow, drive: drive))
    }
}

/// A line held by pinpost. Every level is logical (active-low applied).
///
/// Release it explicitly with `release()` (on shutdown, or when a config reload drops the pin); a request
/// that is dropped without release is released when it is deinitialised. After release every operation
/// fails with `.invalidArgument` and `eventFD` is nil.
public protocol GPIOLineRequest: AnyObject {
    /// The chip's name, for messages.
    var chipName: String { get }
    var line: Int { get }
    var settings: GPIOLineSettings { get }
    var isReleased: Bool { get }

    /// The logical level: what an input reads, or what an output drives.
    func value() throws(GPIOError) -> Bool
    /// Drives an output. Fails with `.invalidArgument` on an input.
    func setValue(_ level: Bool) throws(GPIOError)

    /// Non-blocking descriptor that is readable (POLLIN) while edge events are queued; nil for a request
    /// without edge detection, or once released. The request owns it: never close it.
    var eventFD: Int32? { get }
    /// The queued edge events, oldest first, at most `max`; empty when none is queued (never blocks).
    /// Fails with `.invalidArgument` on a request without edge detection.
    func readEvents(max: Int) throws(GPIOError) -> [GPIOEdgeEvent]

    /// Gives the line back (an output keeps its last level in the kernel; the chip decides what follows).
    /// Releasing twice does nothing.
    func release()
}

// Embedded Swift 6.3: a member that exists only in a protocol extension, called through an existential
// (`any GPIOChip`, `any GPIOLineRequest`) from another module, compiles but traps at run time. These
// conveniences are for code holding a concrete type or a generic; code holding an existential (the
// agent) calls the requirements above.
extension GPIOLineRequest {
    /// Up to 64 events: more than a poll cycle normally brings, small enough to stay bounded.
    public func readEvents() throws(GPIOError) -> [GPIOEdgeEvent] {
        try readEvents(max: 64)
    }

    /// Flips an output and returns the new logical level (the `toggle_gpio` RPC).
    @discardableResult
    public func toggle() throws(GPIOError) -> Bool {
        let next = !(try value())
        try setValue(next)
        return next
    }
}
