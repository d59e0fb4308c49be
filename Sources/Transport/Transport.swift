import CMosquitto

/// libmosquitto's version as "major.minor.revision" (proves the library links in both build modes).
public func mosquittoLibraryVersion() -> String {
    var major: Int32 = 0, minor: Int32 = 0, revision: Int32 = 0
    _ = mosquitto_lib_version(&major, &minor, &revision)
    return "\(major).\(minor).\(revision)"
}
