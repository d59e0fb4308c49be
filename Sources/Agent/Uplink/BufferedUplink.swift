// The uplinks that go through the ring store (design.md: every telemetry and client-attribute uplink is
// appended before it is published and released only on its PUBACK), with the one-byte kind stored in each
// record. The byte values are part of the buffer file format: never renumber them, only add.

public enum BufferedUplink: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case gatewayTelemetry = 1
    case gatewayAttributes = 2
    case gatewayDeviceTelemetry = 3
    case gatewayDeviceAttributes = 4

    /// The topic a record of this kind is published on.
    public var topic: String {
        switch self {
        case .gatewayTelemetry: return "v1/gateway/telemetry"
        case .gatewayAttributes: return "v1/gateway/attributes"
        case .gatewayDeviceTelemetry: return "v1/devices/me/telemetry"
        case .gatewayDeviceAttributes: return "v1/devices/me/attributes"
        }
    }

    public var description: String { topic }
}
