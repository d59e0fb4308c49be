// Everything the gateway can receive, as one enum: the agent switches over it, and an unexpected message
// is a typed ProtocolError instead of a case. One case per topic and meaning (gateway-api.md, "Downlink"
// and "The gateway as a device"), plus `echo` for our own publishes reflected by a plain MQTT broker.
import JSON

public enum Downlink: Equatable, Sendable, CustomStringConvertible {
    /// v1/gateway/attributes: shared attributes of a child device changed or were deleted.
    case childAttributesChanged(ChildAttributesUpdate)
    /// v1/gateway/attributes/response: the answer to a ChildAttributeRequest.
    case childAttributeResponse(ChildAttributeResponse)
    /// v1/gateway/rpc: a server-side RPC to a child device.
    case childRPC(ChildRPCRequest)
    /// v1/gateway/disconnect (MQTT 5 only): the server dropped a child session.
    case childDisconnected(ChildDisconnectNotice)
    /// v1/devices/me/attributes: the gateway's own shared attributes changed or were deleted.
    case ownAttributesChanged(SharedAttributesChange)
    /// v1/devices/me/attributes/response/N: the answer to an OwnAttributeRequest.
    case ownAttributeResponse(OwnAttributeResponse)
    /// v1/devices/me/rpc/request/N: a server-side RPC to the gateway itself (or a platform notice).
    case ownRPC(OwnRPCRequest)
    /// v1/devices/me/rpc/response/N carrying session limits: the answer to `getSessionLimits`.
    case sessionLimits(id: Int, SessionLimits)
    /// v1/devices/me/rpc/response/N, anything else: the answer to another client-side RPC, or (plain
    /// broker) the echo of our own OwnRPCReply; the agent acts only on ids it is waiting for.
    case ownRPCResponse(id: Int, result: JSONValue)
    /// Our own uplink of this kind, reflected by a plain broker: ignore silently.
    case echo(UplinkKind)

    public var description: String {
        switch self {
        case .childAttributesChanged(let update):
            return "shared attributes of \(FieldPath.quoted(update.device.value)): \(update.change)"
        case .childAttributeResponse(let response):
            return "attribute response \(response.id) for \(FieldPath.quoted(response.device.value))"
        case .childRPC(let request):
            return "RPC \(request.id) '\(request.method)' to \(FieldPath.quoted(request.device.value))"
        case .childDisconnected(let notice):
            return "server disconnected \(FieldPath.quoted(notice.device.value)): \(notice.reasonText)"
        case .ownAttributesChanged(let change): return "gateway shared attributes: \(change)"
        case .ownAttributeResponse(let response): return "gateway attribute response \(response.id)"
        case .ownRPC(let request): return "gateway RPC \(request.id) '\(request.method)'"
        case .sessionLimits(let id, let limits): return "session limits (response \(id)): \(limits)"
        case .ownRPCResponse(let id, _): return "gateway RPC response \(id)"
        case .echo(let kind): return "echo of our own \(kind)"
        }
    }
}
