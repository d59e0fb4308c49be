// swift-tools-version:6.0
// pinpost: a static ThingsBoard gateway agent for Raspberry-Pi-class boards.
//
// This manifest is the development build (`swift build`, `swift test`). The firmware is built from the
// same sources by the Makefile in Embedded Swift (see README "Building"); every module here must stay
// inside the Embedded subset, and `make test` builds both so the subset cannot break unnoticed.
import PackageDescription

let package = Package(
    name: "pinpost",
    products: [
        .executable(name: "pinpost", targets: ["pinpost"]),
    ],
    targets: [
        // C: libc module map, shims for variadic calls (open, fcntl, ioctl), errno, argv, strtod.
        .target(name: "CSystem"),
        .systemLibrary(name: "CMosquitto", pkgConfig: "libmosquitto",
                       providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(name: "CGPIOD", pkgConfig: "libgpiod",
                       providers: [.apt(["libgpiod-dev"])]),
        .systemLibrary(name: "CI2C", providers: [.apt(["libi2c-dev"])]),

        // Layers, top to bottom; each depends only on what is below it.
        // rounded() and friends come from libm, which the full runtime does not pull in on its own.
        .target(name: "JSON", linkerSettings: [.linkedLibrary("m")]),
        .target(name: "GatewayProtocol", dependencies: ["JSON"]),
        .target(name: "RingStore", dependencies: ["CSystem"]),
        .target(name: "Hardware", dependencies: ["CSystem", "CGPIOD", "CI2C"]),
        .target(name: "Transport", dependencies: ["CSystem", "CMosquitto"]),
        .target(name: "Config", dependencies: ["JSON", "CSystem"]),
        .target(name: "Agent", dependencies: [
            "JSON", "GatewayProtocol", "RingStore", "Hardware", "Transport", "Config", "CSystem",
        ]),
        .executableTarget(name: "pinpost", dependencies: ["Agent", "Config", "Hardware", "JSON", "RingStore", "Transport", "CSystem"]),

        // Benchmarks of the pure layers (`make bench`); a development tool, never part of the firmware.
        .executableTarget(name: "pinpost-bench", dependencies: ["JSON", "GatewayProtocol", "RingStore", "CSystem"],
                          path: "bench/Sources/pinpost-bench"),

        .testTarget(name: "JSONTests", dependencies: ["JSON"]),
        .testTarget(name: "GatewayProtocolTests", dependencies: ["GatewayProtocol", "JSON"]),
        .testTarget(name: "RingStoreTests", dependencies: ["RingStore"]),
        .testTarget(name: "HardwareTests", dependencies: ["Hardware"]),
        .testTarget(name: "ConfigTests", dependencies: ["Config", "JSON"]),
        .testTarget(name: "TransportTests", dependencies: ["Transport"]),
        .testTarget(name: "AgentTests", dependencies: ["Agent", "GatewayProtocol", "JSON", "Config", "Hardware", "RingStore"]),
        .testTarget(name: "CLITests", dependencies: ["pinpost"]),
    ],
    swiftLanguageModes: [.v6]
)
