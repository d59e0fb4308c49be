// Every MQTT topic of the gateway API (gateway-api.md), in one place, so that no other module spells one.
// `subscriptions` is the exact list to subscribe to after every (re)connect: ThingsBoard refuses wildcard
// filters on gateway topics and accepts a subscription only to the topics it pushes on.

public enum Topics {
    // Child devices, through the gateway (v1/gateway/...).
    public static let childConnect = "v1/gateway/connect"
    public static let childDisconnect = "v1/gateway/disconnect"
    public static let childAttributes = "v1/gateway/attributes"
    public static let childAttributesRequest = "v1/gateway/attributes/request"
    public static let childAttributesResponse = "v1/gateway/attributes/response"
    public static let childTelemetry = "v1/gateway/telemetry"
    public static let childRPC = "v1/gateway/rpc"
    public static let childClaim = "v1/gateway/claim"

    // The gateway as a device (v1/devices/me/...).
    public static let ownTelemetry = "v1/devices/me/telemetry"
    public static let ownAttributes = "v1/devices/me/attributes"
    public static let ownAttributesRequestPrefix = "v1/devices/me/attributes/request/"
    public static let ownAttributesResponsePrefix = "v1/devices/me/attributes/response/"
    public static let ownRPCRequestPrefix = "v1/devices/me/rpc/request/"
    public static let ownRPCResponsePrefix = "v1/devices/me/rpc/response/"

    public static let ownAttributesResponses = "v1/devices/me/attributes/response/+"
    public static let ownRPCRequests = "v1/devices/me/rpc/request/+"
    public static let ownRPCResponses = "v1/devices/me/rpc/response/+"

    /// What the gateway subscribes to, at QoS 1. `v1/gateway/disconnect` is not in it: ThingsBoard does
    /// not accept that filter (it pushes the MQTT 5 notice regardless), and on a plain broker it would only
    /// echo our own disconnects.
    public static let subscriptions: [String] = [
        childAttributes, childAttributesResponse, childRPC,
        ownAttributes, ownAttributesResponses, ownRPCRequests, ownRPCResponses,
    ]

    public static func ownAttributesRequest(id: Int) -> String { ownAttributesRequestPrefix + String(id) }
    public static func ownAttributesResponse(id: Int) -> String { ownAttributesResponsePrefix + String(id) }
    public static func ownRPCRequest(id: Int) -> String { ownRPCRequestPrefix + String(id) }
    public static func ownRPCResponse(id: Int) -> String { ownRPCResponsePrefix + String(id) }
}
