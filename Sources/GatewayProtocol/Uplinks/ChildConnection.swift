// v1/gateway/connect and v1/gateway/disconnect: announcing a child device (after every reconnect, since the
// server forgets them) and withdrawing it. The payloads are exactly gateway-api.md's examples.
import JSON

/// `{"device":"Device A"}` or `{"device":"Device A","type":"relay"}` on `v1/gateway/connect`.
public struct ChildConnect: Uplink, Equatable {
    public static let kind = UplinkKind.childConnect
    public let device: DeviceName
    /// The device profile the server uses when it creates the device; nil (or "") leaves the server's
    /// default, so "" is not sent.
    public let type: String?

    public init(device: DeviceName, type: String? = nil) {
        self.device = device
        self.type = (type?.isEmpty ?? true) ? nil : type
    }

    public var topic: String { Topics.childConnect }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        PayloadWriter.key("device", into: &out)
        JSONWriter.writeString(device.value, into: &out)
        if let type {
            PayloadWriter.comma(into: &out)
            PayloadWriter.key("type", into: &out)
            JSONWriter.writeString(type, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }
}

/// `{"device":"Device A"}` on `v1/gateway/disconnect`.
public struct ChildDisconnect: Uplink, Equatable {
    public static let kind = UplinkKind.childDisconnect
    public let device: DeviceName

    public init(device: DeviceName) { self.device = device }

    public var topic: String { Topics.childDisconnect }

    public func writePayload(into out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        PayloadWriter.key("device", into: &out)
        JSONWriter.writeString(device.value, into: &out)
        out.append(UInt8(ascii: "}"))
    }
}
