import CGPIOD
import CI2C

/// libgpiod's version string (proves the library links in both build modes).
public func gpiodLibraryVersion() -> String {
    guard let text = gpiod_version_string() else { return "unknown" }
    return String(cString: text)
}
