// Recognising our own uplinks when a plain MQTT broker reflects them (ThingsBoard never does). An echo is
// accepted only in the exact shape pinpost sends, so garbage on these topics is still reported; anything
// accepted here is `.echo(kind)`, which the agent ignores without logging an error.
import JSON

enum Echoes {
    /// `{"<device>":{...},...}`: a non-empty object of valid device names mapped to non-empty objects.
    static func isChildAttributes(_ object: JSONObject) -> Bool {
        guard !object.isEmpty else { return false }
        for member in object.members {
            guard DeviceName.problem(with: member.key) == nil,
                  case .object(let attributes) = member.value, !attributes.isEmpty else { return false }
        }
        return true
    }

    /// `{"device":"A","id":1,"data":...}`: our ChildRPCReply.
    static func childRPCReply(_ root: Field) throws(ProtocolError) -> Downlink {
        _ = try root.member("device").deviceName()
        _ = try root.member("id").requestID()
        _ = try root.member("data")
        return .echo(.childRPCReply)
    }

    /// `{"device":"A"}` or `{"device":"A","type":"relay"}`: our ChildConnect.
    static func childConnect(_ root: Field) throws(ProtocolError) -> Downlink {
        _ = try root.member("device").deviceName()
        _ = try root.optionalMember("type")?.string()
        return .echo(.childConnect)
    }

    /// `{"A":[{...},...],...}`: our ChildTelemetry; the object form per device is not ours.
    static func childTelemetry(_ root: Field) throws(ProtocolError) -> Downlink {
        let object = try nonEmptyObject(root)
        for member in object.members {
            let device = root.child(member.key, member.value)
            try checkDeviceKey(member.key, at: device)
            let entries = try device.array()
            guard !entries.isEmpty else { throw device.error(.invalidValue("no entries")) }
            for (index, entry) in entries.enumerated() { try checkEntry(device.element(entry, at: index)) }
        }
        return .echo(.childTelemetry)
    }

    /// `{"A":{"secretKey":"...","durationMs":60000},...}`: our ChildClaim.
    static func childClaim(_ root: Field) throws(ProtocolError) -> Downlink {
        let object = try nonEmptyObject(root)
        for member in object.members {
            let claim = root.child(member.key, member.value)
            try checkDeviceKey(member.key, at: claim)
            _ = try claim.object()
            _ = try claim.optionalMember("secretKey")?.string()
            _ = try claim.optionalMember("durationMs")?.integer64(atMost: Int64.max, expected: "a duration in ms (>= 0)")
        }
        return .echo(.childClaim)
    }

    /// `{"id":1,"device":"A","client":true,"key":"k"}` or `"keys":[...]`: our ChildAttributeRequest.
    static func childAttributeRequest(_ root: Field) throws(ProtocolError) -> Downlink {
        _ = try root.member("id").requestID()
        _ = try root.member("device").deviceName()
        _ = try root.member("client").bool()
        if let key = try root.optionalMember("key") {
            _ = try key.string()
        } else {
            let keys = try root.member("keys")
            for (index, key) in try keys.array().enumerated() { _ = try keys.element(key, at: index).string() }
        }
        return .echo(.childAttributeRequest)
    }

    /// An entry object or a non-empty array of them: our OwnTelemetry.
    static func ownTelemetry(_ root: Field) throws(ProtocolError) -> Downlink {
        if case .array(let entries) = root.value {
            guard !entries.isEmpty else { throw root.error(.invalidValue("no entries")) }
            for (index, entry) in entries.enumerated() { try checkEntry(root.element(entry, at: index)) }
        } else {
            try checkEntry(root)
        }
        return .echo(.ownTelemetry)
    }

    /// `{"clientKeys":"a,b","sharedKeys":"c,d"}` (either may be absent, not both): our OwnAttributeRequest.
    static func ownAttributeRequest(_ root: Field) throws(ProtocolError) -> Downlink {
        let client = try root.optionalMember("clientKeys")
        let shared = try root.optionalMember("sharedKeys")
        guard client != nil || shared != nil else { throw root.error(.invalidValue("neither clientKeys nor sharedKeys")) }
        _ = try client?.string()
        _ = try shared?.string()
        return .echo(.ownAttributeRequest)
    }

    /// `{"ts":<integer>,"values":{...}}` or a non-empty values object.
    private static func checkEntry(_ entry: Field) throws(ProtocolError) {
        let object = try entry.object()
        guard !object.isEmpty else { throw entry.error(.invalidValue("entry has no values")) }
        guard let ts = try entry.optionalMember("ts"), object["values"] != nil else { return }
        _ = try ts.integer64(atMost: Int64.max, expected: "a time in ms since 1970 (>= 0)")
        let values = try entry.member("values").object()
        if values.isEmpty { throw entry.error(.invalidValue("entry has no values")) }
    }

    private static func nonEmptyObject(_ root: Field) throws(ProtocolError) -> JSONObject {
        let object = try root.object()
        guard !object.isEmpty else { throw root.error(.invalidValue("names no device")) }
        return object
    }

    private static func checkDeviceKey(_ key: String, at field: Field) throws(ProtocolError) {
        if let problem = DeviceName.problem(with: key) { throw field.error(.invalidValue(problem)) }
    }
}
