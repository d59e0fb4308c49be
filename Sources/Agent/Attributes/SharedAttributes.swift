// Applying a shared-attribute update to a child device (design.md, "Shared attributes"): an output pin's
// key sets that output (`{"1": true}`), `pollIntervalMs` changes a sensor's poll interval, and anything
// else is kept by the platform and ignored here. Pure: the caller logs what the result lists.
import JSON

public struct SharedAttributeResult: Equatable, Sendable {
    /// Outputs driven to a new level, in the order of the update.
    public var changedOutputs: [PinLevel] = []
    /// A new poll interval for a sensor device, already checked against the bounds.
    public var pollIntervalMs: Int? = nil
    /// Keys this device does not act on (logged once at debug level by the caller).
    public var ignoredKeys: [String] = []
    /// Keys that name something of this device but carry an unusable value, with the reason.
    public var problems: [String] = []

    public init() {}
}

public enum SharedAttributes {
    /// The lowest poll interval a shared attribute may set; the config enforces the same floor.
    public static let minimumPollIntervalMs = 100
    /// One day: a larger value is almost certainly a unit mistake (seconds typed as ms would be smaller).
    public static let maximumPollIntervalMs = 86_400_000

    /// Applies `data` to a device. `pins` is nil for a sensor device; `acceptsPollInterval` is true for one.
    public static func apply(_ data: JSONObject, pins: (some PinBank)?, acceptsPollInterval: Bool) -> SharedAttributeResult {
        var result = SharedAttributeResult()
        for member in data.members {
            if member.key == "pollIntervalMs" && acceptsPollInterval {
                applyPollInterval(member.value, to: &result)
            } else if let pins, let key = Int(member.key), key >= 0, let direction = pins.direction(of: key) {
                applyOutput(key: key, direction: direction, value: member.value, pins: pins, to: &result)
            } else {
                result.ignoredKeys.append(member.key)
            }
        }
        return result
    }

    private static func applyPollInterval(_ value: JSONValue, to result: inout SharedAttributeResult) {
        guard let number = value.intValue, number >= Int64(minimumPollIntervalMs), number <= Int64(maximumPollIntervalMs) else {
            result.problems.append("pollIntervalMs must be an integer from \(minimumPollIntervalMs) to \(maximumPollIntervalMs), got \(value.encodedString())")
            return
        }
        result.pollIntervalMs = Int(number)
    }

    private static func applyOutput(key: Int, direction: PinDirection, value: JSONValue, pins: some PinBank,
                                    to result: inout SharedAttributeResult) {
        guard direction == .output else {
            result.problems.append("pin \(key) is an input; a shared attribute cannot set it")
            return
        }
        guard let level = GPIOMethods.levelValue(value) else {
            result.problems.append("pin \(key) must be set to true, false, 0 or 1, got \(value.encodedString())")
            return
        }
        do throws(PinFault) {
            try pins.setLevel(of: key, to: level)
            result.changedOutputs.append(PinLevel(key: key, level: level))
        } catch {
            result.problems.append(error.message)
        }
    }
}
