// The shapes the server sends to the gateway as a device (v1/devices/me/...). Echo rules here:
//  - rpc/request/N: a method pinpost calls client-side (ClientRPCMethod, e.g. getSessionLimits) is never
//    sent by the server to a device, so it marks the echo of our own request.
//  - rpc/response/N: an object with "maxPayloadSize" is the getSessionLimits answer; anything else is
//    `.ownRPCResponse`, which is also what the echo of our own OwnRPCReply looks like (the agent acts
//    only on ids it is waiting for).
//  - attributes: our own client attributes echoed by a plain broker cannot be told from a shared update
//    (same topic, same shape); the agent must tolerate that (it applies only keys it knows).
import JSON

enum OwnDownlinks {
    /// `{"key":value,...}` and/or `{"deleted":["key",...]}` (see SharedAttributesChange for the rule).
    static func sharedChange(_ field: Field) throws(ProtocolError) -> SharedAttributesChange {
        let object = try field.object()
        var change = SharedAttributesChange()
        for member in object.members {
            if member.key == "deleted", let names = stringList(member.value) {
                change.deleted = names
            } else {
                change.updated[member.key] = member.value
            }
        }
        return change
    }

    static func attributeResponse(_ root: Field, id: Int) throws(ProtocolError) -> Downlink {
        _ = try root.object()
        let client = try root.optionalMember("client")?.object()
        let shared = try root.optionalMember("shared")?.object()
        return .ownAttributeResponse(OwnAttributeResponse(id: id, client: client, shared: shared))
    }

    static func rpcRequest(_ root: Field, id: Int) throws(ProtocolError) -> Downlink {
        let method = try root.member("method").string()
        let paramsField = try root.optionalMember("params")
        if ClientRPCMethod.named(method) != nil { return .echo(.ownClientRPCRequest) }
        var notice: PlatformNotice?
        if method == PlatformNotice.renamedMethod {
            notice = try renamed(paramsField, root: root)
        } else if method == PlatformNotice.deletedMethod {
            guard let paramsField else { throw ProtocolError(.missingField, topic: root.topic, path: "params") }
            notice = .childDeleted(try paramsField.string())
        }
        return .ownRPC(OwnRPCRequest(id: id, method: method, params: paramsField?.value, notice: notice))
    }

    static func rpcResponse(_ root: Field, id: Int) throws(ProtocolError) -> Downlink {
        if case .object(let object) = root.value, object["maxPayloadSize"] != nil {
            return .sessionLimits(id: id, try SessionLimits(root))
        }
        return .ownRPCResponse(id: id, result: root.value)
    }

    /// `{"Old name":"New name"}`: exactly one member with a string value.
    private static func renamed(_ params: Field?, root: Field) throws(ProtocolError) -> PlatformNotice {
        guard let params else { throw ProtocolError(.missingField, topic: root.topic, path: "params") }
        let pairs = try params.object()
        guard pairs.count == 1 else {
            throw params.error(.invalidValue("expected exactly one \"old name\":\"new name\" member, found \(pairs.count)"))
        }
        let pair = pairs.members[0]
        let newName = try params.child(pair.key, pair.value).string()
        return .childRenamed(from: pair.key, to: newName)
    }

    private static func stringList(_ value: JSONValue) -> [String]? {
        guard case .array(let elements) = value else { return nil }
        var names: [String] = []
        names.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let name) = element else { return nil }
            names.append(name)
        }
        return names
    }
}
