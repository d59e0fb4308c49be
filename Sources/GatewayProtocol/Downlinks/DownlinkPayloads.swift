// The values carried by the Downlink cases, one type per downlink message. They are plain records with
// public initialisers so that the agent's tests can build downlinks without going through JSON.
import JSON

/// A shared-attribute push: updated values and deleted keys. ThingsBoard sends deletions as
/// `{"deleted":["a","b"]}`; so a member "deleted" whose value is an array of strings is read as that list,
/// and every other member as an update (a shared attribute literally named "deleted" holding an array of
/// strings is therefore indistinguishable from a deletion and is read as one).
public struct SharedAttributesChange: Equatable, Sendable, CustomStringConvertible {
    public var updated: JSONObject
    public var deleted: [String]

    public init(updated: JSONObject = JSONObject(), deleted: [String] = []) {
        self.updated = updated
        self.deleted = deleted
    }

    public var description: String {
        var parts: [String] = []
        if !updated.isEmpty { parts.append("updated " + JSONValue.object(updated).encodedString()) }
        if !deleted.isEmpty { parts.append("deleted " + JSONValue.array(deleted.map { .string($0) }).encodedString()) }
        if parts.isEmpty { return "no change" }
        var text = ""
        for part in parts { text += text.isEmpty ? part : "; " + part }
        return text
    }
}

public struct ChildAttributesUpdate: Equatable, Sendable {
    public var device: DeviceName
    public var change: SharedAttributesChange

    public init(device: DeviceName, change: SharedAttributesChange) {
        self.device = device
        self.change = change
    }
}

/// What an attribute lookup found.
public enum AttributeLookup: Equatable, Sendable {
    /// `"value"`: exactly one key was asked for and found.
    case value(JSONValue)
    /// `"values"`: the keys found, by name.
    case values(JSONObject)
    /// Neither member: nothing asked for was found.
    case notFound
}

public struct ChildAttributeResponse: Equatable, Sendable {
    public var id: Int
    public var device: DeviceName
    public var result: AttributeLookup

    public init(id: Int, device: DeviceName, result: AttributeLookup) {
        self.id = id
        self.device = device
        self.result = result
    }
}

public struct ChildRPCRequest: Equatable, Sendable {
    public var device: DeviceName
    /// Per-device counter from 0; key pending work by (device, id). It can arrive twice after a reconnect.
    public var id: Int
    public var method: String
    /// Any JSON value, or nil when absent (`null` sent explicitly is `.null`).
    public var params: JSONValue?

    public init(device: DeviceName, id: Int, method: String, params: JSONValue?) {
        self.device = device
        self.id = id
        self.method = method
        self.params = params
    }
}

public struct ChildDisconnectNotice: Equatable, Sendable {
    public var device: DeviceName
    /// MQTT 5 reason code: 150 message rate too high, 128 unspecified error, 129 malformed packet.
    public var reason: Int

    public init(device: DeviceName, reason: Int) {
        self.device = device
        self.reason = reason
    }

    public var reasonText: String {
        switch reason {
        case 128: return "unspecified error (128)"
        case 129: return "malformed packet (129)"
        case 150: return "message rate too high (150)"
        default: return "reason code \(reason)"
        }
    }
}

public struct OwnAttributeResponse: Equatable, Sendable {
    public var id: Int
    public var client: JSONObject?
    public var shared: JSONObject?

    public init(id: Int, client: JSONObject?, shared: JSONObject?) {
        self.id = id
        self.client = client
        self.shared = shared
    }
}

/// A server-side RPC to the gateway. `notice` is set for the platform's own notifications about child
/// devices, which arrive as RPCs with these method names and need no action beyond logging.
public struct OwnRPCRequest: Equatable, Sendable {
    public var id: Int
    public var method: String
    public var params: JSONValue?
    public var notice: PlatformNotice?

    public init(id: Int, method: String, params: JSONValue?, notice: PlatformNotice? = nil) {
        self.id = id
        self.method = method
        self.params = params
        self.notice = notice
    }
}

public enum PlatformNotice: Equatable, Sendable, CustomStringConvertible {
    /// `gateway_device_renamed` with params `{"Old":"New"}`.
    case childRenamed(from: String, to: String)
    /// `gateway_device_deleted` with params `"Name"`.
    case childDeleted(String)

    public static let renamedMethod = "gateway_device_renamed"
    public static let deletedMethod = "gateway_device_deleted"

    public var description: String {
        switch self {
        case .childRenamed(let from, let to):
            return "device \(FieldPath.quoted(from)) renamed to \(FieldPath.quoted(to)) on the platform"
        case .childDeleted(let name): return "device \(FieldPath.quoted(name)) deleted on the platform"
        }
    }
}
