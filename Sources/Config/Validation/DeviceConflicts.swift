// What no single device can check: every board pin belongs to at most one configured pin across all
// devices (so an output is never also an input), the SDA/SCL pins of a bus in use are not GPIO, and no two
// sensors share a bus and address.

struct DeviceConflicts {
    private struct PinUse {
        var pinName: String
        var field: String
        var isOutput: Bool
    }
    private struct AddressUse {
        var bus: BoardI2CBus
        var address: UInt8
        var field: String
    }
    private var pins: [PinUse] = []
    private var addresses: [AddressUse] = []

    mutating func usePin(_ pin: GPIOPinConfig, at field: String, issues: inout IssueList) {
        let name = pin.pin.name
        let alias = pin.writtenName == name ? "" : " (\(pin.writtenName))"
        if let other = pins.first(where: { $0.pinName == name }) {
            if other.isOutput != pin.isOutput {
                issues.error(field, "\(name)\(alias) is already an \(other.isOutput ? "output" : "input") at \(other.field): a pin is either an output or an input")
            } else {
                issues.error(field, "\(name)\(alias) is already used at \(other.field)")
            }
            return
        }
        pins.append(PinUse(pinName: name, field: field, isOutput: pin.isOutput))
    }

    mutating func useAddress(_ sensor: I2CSensorConfig, at field: String, issues: inout IssueList) {
        if let other = addresses.first(where: { $0.bus.name == sensor.bus.name && $0.address == sensor.address }) {
            issues.error(field, "\(sensor.addressHex) on \(sensor.bus.name) is already used at \(other.field)")
            return
        }
        addresses.append(AddressUse(bus: sensor.bus, address: sensor.address, field: field))
    }

    /// After all devices: a pin that is SDA or SCL of a bus some sensor uses cannot be a GPIO pin too.
    func reportBusPinsUsedAsGPIO(issues: inout IssueList) {
        for use in pins {
            for sensor in addresses {
                let role = use.pinName == sensor.bus.sda ? "SDA" : use.pinName == sensor.bus.scl ? "SCL" : ""
                if !role.isEmpty {
                    issues.error(use.field, "\(use.pinName) is \(role) of \(sensor.bus.name), used by the sensor at \(sensor.field)")
                    break
                }
            }
        }
    }
}
