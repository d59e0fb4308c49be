// RPCs addressed to the gateway itself (`v1/devices/me/rpc/request/N`), answered on `.../response/N`.
// The platform's own notifications about child devices arrive on the same topic; they are recognised
// here so the agent can log them, and acknowledged rather than answered with an error.
import JSON

public enum GatewayRequest: Equatable, Sendable {
    /// Answer now with this reply.
    case reply(JSONValue)
    /// The platform renamed a child device (`gateway_device_renamed`, `{"Old":"New"}`).
    case deviceRenamed(from: String, to: String, reply: JSONValue)
    /// The platform deleted a child device (`gateway_device_deleted`, `"Name"`).
    case deviceDeleted(String, reply: JSONValue)
}

public enum GatewayMethods {
    public static let names = ["ping", "getStatus"]

    public static func handle(method: String, params: JSONValue?, health: GatewayHealth) -> GatewayRequest {
        switch method {
        case "ping":
            return .reply(.object(JSONObject([JSONMember("pong", true)])))
        case "getStatus":
            return .reply(health.statusReply())
        case "gateway_device_renamed":
            // The config still names the old device: pinpost keeps using it (and so re-creates it on the
            // platform) until the config is changed. The agent logs that as a warning.
            guard let pairs = params?.objectValue, pairs.count == 1, let newName = pairs.members[0].value.stringValue else {
                return .reply(failure("gateway_device_renamed params must be {\"old name\": \"new name\"}"))
            }
            return .deviceRenamed(from: pairs.members[0].key, to: newName, reply: success)
        case "gateway_device_deleted":
            guard let name = params?.stringValue else {
                return .reply(failure("gateway_device_deleted params must be the device name as a string"))
            }
            return .deviceDeleted(name, reply: success)
        default:
            var known = ""
            for name in names { known += known.isEmpty ? name : ", " + name }
            return .reply(failure("unknown method '\(method)' (the gateway answers: \(known))"))
        }
    }

    static let success: JSONValue = .object(JSONObject([JSONMember("success", true)]))

    static func failure(_ reason: String) -> JSONValue {
        .object(JSONObject([JSONMember("success", false), JSONMember("error", .string(reason))]))
    }
}
