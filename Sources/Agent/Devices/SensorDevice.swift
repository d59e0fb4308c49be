// An I2C sensor child device at run time: its driver and the measurement cycle that never blocks the
// loop. A cycle is: (initialise if needed) -> start a conversion -> wait the time the driver asked for
// (the agent sets a timer) -> read. A driver saying "not ready yet" is retried a bounded number of times;
// a failure ends the cycle, and the next cycle starts with a fresh initialisation, so a sensor that was
// unplugged and plugged back (or reset by a brown-out) recovers on its own.
import Hardware

/// What the agent does next for a sensor, returned by each step of the cycle.
public enum SensorStep: Equatable {
    /// Call `collect(nowMs:)` after this many milliseconds.
    case wait(ms: Int)
    /// The cycle finished with readings (timestamped by the caller with the wall clock of this step).
    case readings([SensorReading])
    /// The cycle failed. `firstOfStreak` is true for the first failure after a success (or after start),
    /// so the caller logs one warning per outage rather than one per poll.
    case failed(SensorError, firstOfStreak: Bool)
}

public final class SensorDevice {
    public let name: String
    public let type: String
    public let driver: any SensorDriver
    public var schedule: PollSchedule
    public private(set) var isInitialized = false
    public private(set) var isMeasuring = false
    /// The readings of the last successful cycle (for the `read` RPC when a cycle is already running).
    public private(set) var lastReadings: [SensorReading] = []
    /// The last failure's text while the sensor is failing, nil when it works.
    public private(set) var lastError: String? = nil
    private var failing = false
    private var notReadyRetries = 0
    /// RPC ids of `read` requests waiting for the end of the current cycle (bounded by the caller).
    public var waitingReads: [Int64] = []

    /// A conversion that is still "not ready" after this many re-reads is a failure (a stuck chip).
    public static let maximumNotReadyRetries = 5

    public init(name: String, type: String, driver: any SensorDriver, schedule: PollSchedule) {
        self.name = name
        self.type = type
        self.driver = driver
        self.schedule = schedule
    }

    /// Starts a cycle: initialises the chip if needed and starts a conversion.
    public func begin() -> SensorStep {
        isMeasuring = true
        notReadyRetries = 0
        do throws(SensorError) {
            if !isInitialized {
                try driver.initialize()
                isInitialized = true
            }
            let delay = try driver.startMeasurement()
            return .wait(ms: max(0, delay))
        } catch {
            return fail(error)
        }
    }

    /// Reads the conversion started by `begin`.
    public func collect() -> SensorStep {
        do throws(SensorError) {
            let readings = try driver.readMeasurement()
            isMeasuring = false
            failing = false
            lastError = nil
            lastReadings = readings
            return .readings(readings)
        } catch {
            if let retry = error.retryInMs, notReadyRetries < SensorDevice.maximumNotReadyRetries {
                notReadyRetries += 1
                return .wait(ms: max(1, retry))
            }
            return fail(error)
        }
    }

    /// Whether the sensor came back in this cycle after failing (the caller logs the recovery).
    public var isFailing: Bool { failing }

    private func fail(_ error: SensorError) -> SensorStep {
        isMeasuring = false
        // Anything but a configuration mistake may mean the chip lost its settings (power cycle, reset):
        // initialise again next time rather than trusting the old calibration and configuration.
        if error.kind != .configuration { isInitialized = false }
        let first = !failing
        failing = true
        lastError = error.description
        return .failed(error, firstOfStreak: first)
    }
}
