// v1/gateway/attributes (up): client-side attributes of several child devices in one message,
// `{"Device A":{"attribute1":"value1","attribute2":42},"Device B":{...}}`. A device named twice is merged
// (a repeated JSON key would silently drop the first one on the server); empty sets are refused.
import JSON

/// The client attributes of one child device.
public struct ChildAttributeSet: Equatable, Sendable {
    public var device: DeviceName
    public var attributes: JSONObject

    public init(device: DeviceName, attributes: JSONObject) {
        self.device = device
        self.attributes = attributes
    }
}

public struct ChildAttributes: Uplink, Equatable {
    public static let kind = UplinkKind.childAttributes
    /// One set per device, in order of first appearance.
    public let sets: [ChildAttributeSet]

    /// Merges sets of the same device (a later value of a key wins). Throws when there is no set or a
    /// device's attributes are empty.
    public init(_ sets: [ChildAttributeSet]) throws(ProtocolError) {
        guard !sets.isEmpty else {
            throw ProtocolError(.invalidValue("attribute message names no device"), topic: Topics.childAttributes)
        }
        var merged: [ChildAttributeSet] = []
        var setOfDevice: [DeviceName: Int] = [:]
        for set in sets {
            guard !set.attributes.isEmpty else {
                throw ProtocolError(.invalidValue("no attributes given"), topic: Topics.childAttributes,
                                    path: FieldPath.member(set.device.value, of: ""))
            }
            if let index = setOfDevice[set.device] {
                for member in set.attributes.members { merged[index].attributes[member.key] = member.value }
            } else {
                setOfDevice[set.device] = merged.count
                merged.append(set)
            }
        }
        self.sets = merged
    }

    public init(device: DeviceName, attributes: JSONObject) throws(ProtocolError) {
        try self.init([ChildAttributeSet(device: device, attributes: attributes)])
    }

    public var topic: String { Topics.childAttributes }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        for (index, set) in sets.enumerated() {
            if index > 0 { PayloadWriter.comma(into: &out) }
            PayloadWriter.key(set.device.value, into: &out)
            PayloadWriter.object(set.attributes, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}
