// The server-side RPC methods on a GPIO child device (design.md, "RPC methods"): parameters checked,
// the pin allowlist enforced through the device's PinBank, and the reply `data` built in the exact shape
// ThingsBoard's GPIO widgets expect. Pure: no MQTT, no hardware; the caller sends the reply.
import JSON

/// The result of one RPC: the reply `data`, and the outputs it changed (the agent reports those as
/// client attributes and telemetry).
public struct RPCOutcome: Equatable, Sendable {
    public var reply: JSONValue
    public var changedOutputs: [PinLevel]

    public static func failure(_ reason: String) -> RPCOutcome {
        RPCOutcome(reply: .object(JSONObject([JSONMember("success", false), JSONMember("error", .string(reason))])),
                   changedOutputs: [])
    }

    public var succeeded: Bool { reply["success"]?.boolValue != false }
}

public struct PinLevel: Equatable, Sendable {
    public var key: Int
    public var level: Bool
    public init(key: Int, level: Bool) {
        self.key = key
        self.level = level
    }
}

public enum GPIOMethods {
    /// The methods this table answers; anything else is an error reply naming them.
    public static let names = ["toggle_gpio", "set_gpio", "get_gpio", "setGpioStatus", "getGpioStatus"]

    public static func handle(method: String, params: JSONValue?, pins: some PinBank) -> RPCOutcome {
        switch method {
        case "toggle_gpio":
            return toggle(params, pins)
        case "set_gpio":
            return set(params, pins, valueKey: "value", includeSuccess: true)
        case "setGpioStatus":
            let outcome = set(params, pins, valueKey: "enabled", includeSuccess: false)
            return outcome.succeeded ? RPCOutcome(reply: statusMap(pins), changedOutputs: outcome.changedOutputs) : outcome
        case "get_gpio":
            return get(params, pins)
        case "getGpioStatus":
            return RPCOutcome(reply: statusMap(pins), changedOutputs: [])
        default:
            return .failure("unknown method '\(method)' (this device answers: \(joined(names)))")
        }
    }

    private static func toggle(_ params: JSONValue?, _ pins: some PinBank) -> RPCOutcome {
        let key: Int
        switch pinKey(params, pins, forWriting: true) {
        case .failure(let fault): return .failure(fault.message)
        case .success(let found): key = found
        }
        do throws(PinFault) {
            let next = !(try pins.level(of: key))
            try pins.setLevel(of: key, to: next)
            return changed(key, next, includeSuccess: true)
        } catch {
            return .failure(error.message)
        }
    }

    private static func set(_ params: JSONValue?, _ pins: some PinBank, valueKey: String, includeSuccess: Bool) -> RPCOutcome {
        let key: Int
        switch pinKey(params, pins, forWriting: true) {
        case .failure(let fault): return .failure(fault.message)
        case .success(let found): key = found
        }
        guard let raw = params?[valueKey] else { return .failure("params.\(valueKey) is missing (true, false, 0 or 1)") }
        guard let level = levelValue(raw) else {
            return .failure("params.\(valueKey) must be true, false, 0 or 1, got \(raw.kindName) \(raw.encodedString())")
        }
        do throws(PinFault) {
            try pins.setLevel(of: key, to: level)
            return changed(key, level, includeSuccess: includeSuccess)
        } catch {
            return .failure(error.message)
        }
    }

    private static func get(_ params: JSONValue?, _ pins: some PinBank) -> RPCOutcome {
        let key: Int
        switch pinKey(params, pins, forWriting: false) {
        case .failure(let fault): return .failure(fault.message)
        case .success(let found): key = found
        }
        do throws(PinFault) {
            let level = try pins.level(of: key)
            return RPCOutcome(reply: .object(JSONObject([JSONMember("pin", .int(Int64(key))), JSONMember("value", .bool(level))])),
                              changedOutputs: [])
        } catch {
            return .failure(error.message)
        }
    }

    private static func changed(_ key: Int, _ level: Bool, includeSuccess: Bool) -> RPCOutcome {
        var members: [JSONMember] = []
        if includeSuccess { members.append(JSONMember("success", true)) }
        members.append(JSONMember("pin", .int(Int64(key))))
        members.append(JSONMember("value", .bool(level)))
        return RPCOutcome(reply: .object(JSONObject(members)), changedOutputs: [PinLevel(key: key, level: level)])
    }

    /// Every pin key of the device mapped to its level: the shape of ThingsBoard's GPIO Control widget.
    /// A pin that cannot be read is left out and the failure is reported in `errors`, rather than failing
    /// the whole status of a device whose other pins work.
    static func statusMap(_ pins: some PinBank) -> JSONValue {
        var status = JSONObject()
        var errors: [JSONValue] = []
        for key in pins.pinKeys {
            do throws(PinFault) {
                status[String(key)] = .bool(try pins.level(of: key))
            } catch {
                errors.append(.string(error.message))
            }
        }
        if !errors.isEmpty { status["errors"] = .array(errors) }
        return .object(status)
    }

    /// `params.pin` as a configured key of this device. ThingsBoard widgets send a number; a rule chain
    /// may stringify it, so a string of digits is accepted too.
    private static func pinKey(_ params: JSONValue?, _ pins: some PinBank, forWriting: Bool) -> Result<Int, PinFault> {
        guard let params else { return .failure(PinFault("params are missing: expected {\"pin\": K}")) }
        guard params.objectValue != nil else {
            return .failure(PinFault("params must be an object like {\"pin\": K}, got \(params.kindName)"))
        }
        guard let raw = params["pin"] else { return .failure(PinFault("params.pin is missing")) }
        let key: Int
        if let number = raw.intValue, number >= 0, number <= Int64(Int32.max) {
            key = Int(number)
        } else if let text = raw.stringValue, let number = Int(text), number >= 0 {
            key = number
        } else {
            return .failure(PinFault("params.pin must be a pin key (a non-negative integer), got \(raw.kindName) \(raw.encodedString())"))
        }
        guard let direction = pins.direction(of: key) else {
            return .failure(PinFault("pin \(key) is not configured on this device (its pins: \(joined(pins.pinKeys.map { String($0) })))"))
        }
        if forWriting && direction == .input {
            return .failure(PinFault("pin \(key) is an input and cannot be written"))
        }
        return .success(key)
    }

    /// true/false, or the integers 0/1 (ThingsBoard's knob and switch widgets send either).
    static func levelValue(_ value: JSONValue) -> Bool? {
        if let flag = value.boolValue { return flag }
        if let number = value.intValue, number == 0 || number == 1 { return number == 1 }
        return nil
    }

    private static func joined(_ items: [String]) -> String {
        var text = ""
        for item in items {
            if !text.isEmpty { text += ", " }
            text += item
        }
        return text.isEmpty ? "none" : text
    }
}
