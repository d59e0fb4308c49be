// A scripted signal on a simulated input: a sequence of (delay, level) steps, played against the caller's
// clock by `SimulatedGPIOChip.tick(nowMs:)` (a door opening and closing, a flow meter's pulses).

/// One step: `delayMs` after the previous step (the first: after the script starts), the wire goes to
/// `level` (physical, as a signal generator on the pin would drive it).
public struct GPIOScriptStep: Equatable, Sendable {
    public var delayMs: Int64
    public var level: Bool

    public init(delayMs: Int64, level: Bool) {
        self.delayMs = delayMs
        self.level = level
    }
}

/// Where a running script is: the step due next and when.
struct GPIOScriptPlayer {
    let steps: [GPIOScriptStep]
    let repeating: Bool
    private(set) var index = 0
    /// Milliseconds on the caller's clock at which `currentStep` applies.
    private(set) var dueMs: Int64

    /// `steps` must be non-empty with non-negative delays (checked by the chip).
    init(steps: [GPIOScriptStep], startMs: Int64, repeating: Bool) {
        self.steps = steps
        self.repeating = repeating
        self.dueMs = Self.add(startMs, steps[0].delayMs)
    }

    var currentStep: GPIOScriptStep { steps[index] }

    /// Moves to the next step; false when a non-repeating script has played its last one.
    mutating func advance() -> Bool {
        index += 1
        if index == steps.count {
            guard repeating else { return false }
            index = 0
        }
        dueMs = Self.add(dueMs, steps[index].delayMs)
        return true
    }

    /// Saturating: a script that far in the future simply never plays.
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int64.max : sum
    }
}
