// The Hardware module: the portable contracts (`GPIOChip`/`GPIOLineRequest` in GPIO/, `I2CBus` in I2C/),
// their thin Linux backends (Linux/: libgpiod 1.6 and i2c-dev), the simulated board (Sim/), and the sensor
// drivers written against the contracts (Sensors/). Nothing above this module knows a chip, a line offset
// or an ioctl.
import CGPIOD

/// libgpiod's version string (proves the library links in both build modes; logged at start-up).
public func gpiodLibraryVersion() -> String {
    guard let text = gpiod_version_string() else { return "unknown" }
    return String(cString: text)
}
