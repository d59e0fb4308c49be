// v1/gateway/claim: start claiming child devices, `{"Device A":{"secretKey":"value_A","durationMs":60000}}`.
// Both keys are optional (the server defaults `secretKey` to "" and a missing or 0 `durationMs` to its own
// default), so absent values are simply not written.
import JSON

/// The claim of one device.
public struct ChildClaimRequest: Equatable, Sendable {
    public let device: DeviceName
    public let secretKey: String?
    public let durationMs: Int64?

    /// Throws when `durationMs` is negative.
    public init(device: DeviceName, secretKey: String? = nil, durationMs: Int64? = nil) throws(ProtocolError) {
        if let durationMs, durationMs < 0 {
            throw ProtocolError(.wrongKind(expected: "a duration in ms (>= 0)", found: "integer \(durationMs)"),
                                path: FieldPath.member("durationMs", of: FieldPath.member(device.value, of: "")))
        }
        self.device = device
        self.secretKey = secretKey
        self.durationMs = durationMs
    }
}

public struct ChildClaim: Uplink, Equatable {
    public static let kind = UplinkKind.childClaim
    public let claims: [ChildClaimRequest]

    /// Throws when `claims` is empty or names a device twice (which claim would the server take?).
    public init(_ claims: [ChildClaimRequest]) throws(ProtocolError) {
        guard !claims.isEmpty else {
            throw ProtocolError(.invalidValue("claim message names no device"), topic: Topics.childClaim)
        }
        var seen: Set<DeviceName> = []
        for claim in claims where !seen.insert(claim.device).inserted {
            throw ProtocolError(.invalidValue("device claimed twice in one message"), topic: Topics.childClaim,
                                path: FieldPath.member(claim.device.value, of: ""))
        }
        self.claims = claims
    }

    public var topic: String { Topics.childClaim }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, claim) in claims.enumerated() {
            if index > 0 { PayloadWriter.comma(into: &out) }
            PayloadWriter.key(claim.device.value, into: &out)
            out.append(UInt8(ascii: "{"))
            if let secretKey = claim.secretKey {
                PayloadWriter.key("secretKey", into: &out)
                JSONWriter.writeString(secretKey, into: &out)
            }
            if let durationMs = claim.durationMs {
                if claim.secretKey != nil { PayloadWriter.comma(into: &out) }
                PayloadWriter.key("durationMs", into: &out)
                JSONWriter.writeInteger(durationMs, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        }
        out.append(UInt8(ascii: "}"))
    }
}
