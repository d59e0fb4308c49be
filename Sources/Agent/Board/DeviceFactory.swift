// Turns the config's child devices into run-time devices on the board's hardware: line requests with the
// configured settings for GPIO devices, initialised-on-first-poll drivers for sensors. The config's and
// the HAL's settings types are separate on purpose (Config must not depend on Hardware); the mapping
// between them is here and only here.
import Config
import Hardware

public enum DeviceFactory {
    public static func gpioDevice(_ config: DeviceConfig, pins: [GPIOPinConfig], hardware: BoardHardware,
                                  nowMs: Int64) throws(BoardHardwareError) -> GPIODevice {
        var runtimePins: [GPIOPin] = []
        var reportIntervalMs: Int64 = 300_000
        for pin in pins {
            let chip = try hardware.chip(for: pin.pin)
            let settings: GPIOLineSettings
            var debounceMs: Int64? = nil
            switch pin.mode {
            case .output(let output):
                settings = .output(initialLevel: output.initial, activeLow: output.activeLow, drive: drive(output.drive))
            case .input(let input):
                settings = .input(bias: bias(input.bias), edge: edge(input.edge), activeLow: input.activeLow)
                debounceMs = Int64(input.debounceMs)
                reportIntervalMs = min(reportIntervalMs, Int64(input.reportIntervalMs))
            }
            do throws(GPIOError) {
                let request = try chip.request(line: pin.pin.line, settings, consumer: GPIOLineSettings.defaultConsumer)
                let level = (try? request.value()) ?? false
                runtimePins.append(GPIOPin(key: pin.key, boardName: pin.pin.name, request: request,
                                           debounceMs: debounceMs, initialLevel: level))
            } catch {
                for acquired in runtimePins { acquired.request.release() }
                throw BoardHardwareError(message: "device \(config.name): pin \(pin.key) (\(pin.pin.name)): \(error.description)")
            }
        }
        return GPIODevice(name: config.name, type: config.type, pins: runtimePins,
                          keepAlive: KeepAlive(intervalMs: reportIntervalMs, nowMs: nowMs))
    }

    public static func sensorDevice(_ config: DeviceConfig, sensor: I2CSensorConfig, hardware: BoardHardware,
                                    nowMs: Int64, jitter: inout JitterSource) throws(BoardHardwareError) -> SensorDevice {
        let bus = try hardware.bus(sensor.bus)
        do throws(SensorError) {
            let driver = try bus.makeDriver(sensor.driver.description, address: sensor.address, options: sensor.numericOptions)
            return SensorDevice(name: config.name, type: config.type, driver: driver,
                                schedule: PollSchedule(intervalMs: Int64(sensor.pollIntervalMs), nowMs: nowMs, jitter: &jitter))
        } catch {
            throw BoardHardwareError(message: "device \(config.name): \(error.description)")
        }
    }

    static func drive(_ drive: Config.GPIODrive) -> Hardware.GPIODrive {
        switch drive {
        case .pushPull: return .pushPull
        case .openDrain: return .openDrain
        case .openSource: return .openSource
        }
    }

    static func bias(_ bias: Config.GPIOBias) -> Hardware.GPIOBias {
        switch bias {
        case .pullUp: return .pullUp
        case .pullDown: return .pullDown
        case .disabled: return .disabled
        case .asIs: return .asIs
        }
    }

    static func edge(_ edge: Config.GPIOEdge) -> Hardware.GPIOEdge {
        switch edge {
        case .both: return .both
        case .rising: return .rising
        case .falling: return .falling
        case .none: return .none
        }
    }
}
