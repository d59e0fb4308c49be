// The state of one simulated GPIO line: who holds it and how, what drives its wire from outside, and
// which output it is wired to. Plain data; `SimulatedGPIOChip` owns the rules.

struct SimulatedLine {
    /// The active request, nil while the line is free.
    var holder: LineHolder?
    /// A level forced onto the wire from outside (test, script), physical; nil when nothing drives it.
    var externalLevel: Bool?
    /// The output line wired to this one (`loop(output:input:)`).
    var loopSource: Int?
    /// A running script driving `externalLevel`.
    var script: GPIOScriptPlayer?
}

/// What a request holds. `handle` tells this request apart from earlier ones on the same line, so a stale
/// `SimulatedLineRequest` can never act on a newer request.
struct LineHolder {
    let handle: Int
    let consumer: String
    let settings: GPIOLineSettings
    /// Outputs: the logical level driven.
    var outputLevel: Bool
    /// Inputs: the logical level last seen, to detect edges.
    var inputLevel: Bool
    var queue: BoundedEventQueue
    /// Present exactly when the request detects edges.
    let signal: ReadinessSignal?
}
