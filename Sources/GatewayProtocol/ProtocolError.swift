// The one error type of the gateway protocol codec. A rejected downlink is logged and dropped by the agent,
// and a rejected uplink is a bug or a bad config value; either way the message must say exactly what was
// wrong and where (topic, field path, expected versus found), because nobody can attach a debugger to a
// board in a field.
import JSON

public struct ProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable, CustomStringConvertible {
        /// A topic the gateway never subscribes to and never publishes on.
        case unknownTopic
        /// The request id at the end of a `.../request/N` or `.../response/N` topic is not an id.
        case invalidTopicID(String)
        /// The payload is not JSON at all (or is too large or too deep to be read).
        case invalidJSON(JSONError)
        /// A required member is absent.
        case missingField
        /// A member has the wrong JSON kind or an unusable number (`found` includes the number).
        case wrongKind(expected: String, found: String)
        /// Anything else, explained in words ("device name is empty", "both value and values").
        case invalidValue(String)
        /// One telemetry entry does not fit the payload limit even in a message of its own.
        case entryTooLarge(bytes: Int, limit: Int)

        public var description: String {
            switch self {
            case .unknownTopic: return "unknown topic"
            case .invalidTopicID(let text):
                return "request id \"\(text)\" in the topic is not an integer 0...\(RequestID.maximum)"
            case .invalidJSON(let error): return error.description
            case .missingField: return "missing"
            case .wrongKind(let expected, let found): return "expected \(expected), found \(found)"
            case .invalidValue(let text): return text
            case .entryTooLarge(let bytes, let limit):
                return "telemetry entry needs \(bytes) bytes alone, more than the \(limit)-byte payload limit"
            }
        }
    }

    public var reason: Reason
    /// The MQTT topic of the message ("" when the error is not about one message, e.g. a bad device name).
    public var topic: String
    /// The member path inside the payload, e.g. `data.id` or `"Device A"[2].ts` ("" for the whole payload).
    public var path: String

    public init(_ reason: Reason, topic: String = "", path: String = "") {
        self.reason = reason
        self.topic = topic
        self.path = path
    }

    public var description: String {
        if case .unknownTopic = reason { return "unknown topic \"\(topic)\"" }
        var text = ""
        if !topic.isEmpty { text += topic + ": " }
        if !path.isEmpty { text += path + ": " }
        return text + reason.description
    }

    /// The same error located in a message (used when a value checked on its own turns up in a payload).
    func located(topic: String, path: String) -> ProtocolError {
        ProtocolError(reason, topic: topic, path: path)
    }
}
