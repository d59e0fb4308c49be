// The shapes the server sends about child devices (v1/gateway/...), and how each is told apart from the
// echo of our own uplink on the same topic (a plain broker reflects them; ThingsBoard never does):
//  - v1/gateway/attributes: the server sends `{"device":"<name>","data":{...}}`; we send
//    `{"<name>":{...},...}` where every value is an object. A member "device" whose value is a STRING
//    therefore marks the server's update; our own message for a device literally named "device" maps it
//    to an object and still reads as the echo.
//  - v1/gateway/rpc: the server's request has no top-level "id" (it is in `data.id`); our reply always
//    has one. A top-level "id" marks the echo.
//  - v1/gateway/disconnect: the server's notice has a "reason"; our disconnect never does.
// Unknown extra members are ignored, so that a newer server adding a field does not break decoding.
import JSON

enum ChildDownlinks {
    static func attributes(_ root: Field) throws(ProtocolError) -> Downlink {
        let object = try root.object()
        let deviceIsString = object["device"]?.stringValue != nil
        if !deviceIsString && Echoes.isChildAttributes(object) { return .echo(.childAttributes) }
        let device = try root.member("device").deviceName()
        let change = try OwnDownlinks.sharedChange(try root.member("data"))
        return .childAttributesChanged(ChildAttributesUpdate(device: device, change: change))
    }

    static func attributeResponse(_ root: Field) throws(ProtocolError) -> Downlink {
        let id = try root.member("id").requestID()
        let device = try root.member("device").deviceName()
        let value = try root.optionalMember("value")
        let values = try root.optionalMember("values")
        let result: AttributeLookup
        switch (value, values) {
        case (nil, nil): result = .notFound
        case (let value?, nil): result = .value(value.value)
        case (nil, let values?): result = .values(try values.object())
        case (_?, _?): throw root.error(.invalidValue("both \"value\" and \"values\" are present"))
        }
        return .childAttributeResponse(ChildAttributeResponse(id: id, device: device, result: result))
    }

    static func rpc(_ root: Field) throws(ProtocolError) -> Downlink {
        let object = try root.object()
        if object["id"] != nil { return try Echoes.childRPCReply(root) }
        let device = try root.member("device").deviceName()
        let data = try root.member("data")
        _ = try data.object()
        let id = try data.member("id").requestID()
        let method = try data.member("method").string()
        let params = try data.optionalMember("params")?.value
        return .childRPC(ChildRPCRequest(device: device, id: id, method: method, params: params))
    }

    static func disconnect(_ root: Field) throws(ProtocolError) -> Downlink {
        let device = try root.member("device").deviceName()
        guard let reason = try root.optionalMember("reason") else { return .echo(.childDisconnect) }
        let code = try reason.integer(atMost: 255, expected: "an MQTT reason code 0...255")
        return .childDisconnected(ChildDisconnectNotice(device: device, reason: code))
    }
}
