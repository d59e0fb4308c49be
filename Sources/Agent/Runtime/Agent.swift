// The gateway agent: one thread, one poll() loop (EventLoop) over the MQTT socket, the GPIO event fds and
// a signalfd, with timers for sensor polls, self-telemetry and reconnects. This file owns the state and
// the loop; the session, uplinks, downlinks and devices live in the extensions next to it.
import Config
import CSystem
import GatewayProtocol
import Hardware
import JSON
import RingStore
import Transport

public final class Agent {
    public let version: String
    let log: Logger
    let loop: EventLoop
    var config: PinpostConfig
    /// Loads the config again for SIGHUP (the CLI passes its loader with the same overrides).
    let reloadConfig: () -> Result<PinpostConfig, ConfigErrors>
    let hardware: BoardHardware
    let outbox: Outbox

    // Session
    var transport: Transport?
    var transportWatch: EventLoop.WatchID?
    var backoff: Backoff<JitterSource>
    var jitter: JitterSource
    var online = false
    var reconnectTimer: EventLoop.TimerID?
    var window: InFlightWindow<UInt64>
    var batcher: TelemetryBatcher
    var nextOwnRequestID = 1
    var sessionLimitsRequestID: Int?
    var claimsSent = false
    /// The cause of the last failed or lost connection, for the status file.
    var lastConnectionError: String?
    var statusWriteFailing = false

    // Devices
    var gpioDevices: [GPIODevice] = []
    var sensorDevices: [SensorDevice] = []
    var sensorTimers: [(device: String, timer: EventLoop.TimerID)] = []
    /// Sensors in a failure streak (one warning per outage, one note on recovery).
    var sensorWasFailing: [String] = []
    var recentRPCs = RecentRPCs(capacity: 128)
    var attributeRequests: AttributeRequests
    /// Child telemetry gathered during one loop iteration, packed into as few messages as fit.
    var pendingTelemetry: [ChildTelemetryItem] = []

    // Health and lifecycle
    var health: GatewayHealth
    var clockWatch = ClockWatch()
    let startedMs: Int64
    var signalFD: Int32 = -1
    var stopRequested = false
    var finished = false
    var hadConnection = false
    /// Message ids of the device disconnects sent while stopping, until the broker acknowledges them.
    var goodbyeMids: [MessageID] = []
    /// Session messages waiting for room in the client's QoS 1 window (bounded; see SessionQueue).
    var sessionQueue: SessionQueue
    /// Session messages of one burst are small (a connect is ~40 bytes) but an RPC reply can be large.
    static let sessionQueueBytes = 1 << 20

    /// Upper bound on the shutdown flush: systemd's stop timeout is 90 s by default; stay well inside it.
    static let shutdownFlushMs: Int64 = 5_000
    /// Attribute requests the server does not answer (a failed lookup sends nothing) expire after this.
    static let attributeRequestTimeoutMs: Int64 = 10_000

    /// Opens the buffer (the one step that can fail before the loop: the file may be unwritable).
    public init(config: PinpostConfig, version: String, log: Logger,
                reloadConfig: @escaping () -> Result<PinpostConfig, ConfigErrors>) throws(StoreError) {
        self.config = config
        self.version = version
        self.log = log
        self.reloadConfig = reloadConfig
        loop = EventLoop()
        hardware = BoardHardware(board: config.board)
        outbox = try Outbox(config.buffer, maxInFlight: config.connection.maxInflight, log: log)
        jitter = JitterSource.fromSystem()
        backoff = Backoff(jitter: JitterSource.fromSystem())
        window = InFlightWindow(limit: InFlightBudget(limit: config.connection.maxInflight, storeMaximum: Outbox.maximumInFlight).buffered)
        batcher = TelemetryBatcher(maxPayloadBytes: config.connection.maxPayloadBytes)
        health = GatewayHealth(version: version)
        sessionQueue = SessionQueue(capacity: SessionQueue.capacity(forDevices: config.devices.count),
                                    capacityBytes: Agent.sessionQueueBytes)
        attributeRequests = AttributeRequests(capacity: AttributeRequests.capacity(forDevices: config.devices.count),
                                              timeoutMs: Agent.attributeRequestTimeoutMs)
        startedMs = csys_monotonic_ms()
    }

    /// Runs until SIGTERM/SIGINT; returns the process exit code (0 for a clean stop).
    public func run() -> Int32 {
        for warning in config.warnings { log.warning("config", [("issue", warning.description)]) }
        log.info("starting", [("version", version), ("board", config.board.name), ("devices", String(config.devices.count))])
        guard installSignals() else { return 70 }
        createDevices(config.devices)
        startTimers()
        connect()
        _ = csys_sd_notify("READY=1")
        while !finished {
            afterIteration()
            if !loop.runOnce(maxWaitMs: 1_000) {
                log.error("poll failed", [("errno", String(csys_errno())), ("cause", String(cString: csys_strerror(csys_errno())))])
                return 70
            }
        }
        return 0
    }

    /// Work that batches across handlers of one iteration: pack telemetry, publish, refresh the fd watch.
    func afterIteration() {
        flushTelemetry()
        drainTransport()
        pump()
        refreshWatch()
    }

    // MARK: Signals

    private func installSignals() -> Bool {
        var signals: [Int32] = [SIGTERM, SIGINT, SIGHUP, 0]
        signalFD = signals.withUnsafeMutableBufferPointer { csys_signalfd_for($0.baseAddress) }
        guard signalFD >= 0 else {
            log.error("cannot set up signal handling", [("cause", String(cString: csys_strerror(csys_errno())))])
            return false
        }
        loop.watch(fd: signalFD, events: Int16(POLLIN)) { [self] _ in
            while true {
                let signal = csys_signalfd_read(signalFD)
                if signal <= 0 { break }
                if signal == SIGHUP {
                    reload()
                } else {
                    requestStop(signal == SIGINT ? "SIGINT" : "SIGTERM")
                }
            }
        }
        return true
    }

    // MARK: Timers

    private func startTimers() {
        everySecond()
        checkClock()
        scheduleBufferSync()
        if config.board.isSimulated { scheduleSimulationTick() }
        if config.gateway.statusFile != nil { scheduleStatusFile() }
        scheduleSelfTelemetry()
        if let watchdog = Optional(csys_watchdog_usec()), watchdog > 0 {
            // Notify at half the interval systemd asked for, as sd_watchdog_enabled(3) recommends.
            scheduleWatchdog(everyMs: Int64(watchdog / 2_000))
        }
    }

    /// Keep-alive and connect timeouts of the MQTT client, expired attribute requests, quiet devices,
    /// simulated inputs driven by time.
    private func everySecond() {
        loop.after(1_000) { [self] in
            transport?.handleMisc()
            expireAttributeRequests()
            reportQuietDevices()
            if !finished { everySecond() }
        }
    }

    /// Every 10 s: is the wall clock (the `ts` of every reading) set, and did it step? See ClockWatch.
    private func checkClock() {
        let now = wallMs
        let events = clockWatch.check(kernel: csys_clock_synchronized(), wallMs: now, monotonicMs: csys_monotonic_ms())
        let fields = events.isEmpty ? [] : [("now", Logger.timestamp(now))]
        for event in events {
            switch event {
            case .notSynchronizedAtStart(let implausible):
                log.warning(implausible ? "system clock not set (it reads a time before pinpost was built): readings carry it until NTP sets the clock"
                                        : "system clock not synchronised yet: readings carry the board's own time until NTP sets it", fields)
            case .becameSynchronized:
                log.info("system clock synchronised", fields)
            case .stepped(let byMs):
                log.warning("system clock stepped: readings taken before carry the old time", [("bySeconds", String(byMs / 1000))] + fields)
            }
        }
        health.clock = clockWatch.state.rawValue
        loop.after(10_000) { [self] in
            if !finished { checkClock() }
        }
    }

    private func scheduleSelfTelemetry() {
        loop.after(Int64(config.gateway.telemetryIntervalMs)) { [self] in
            sendSelfTelemetry()
            if !finished { scheduleSelfTelemetry() }
        }
    }

    /// The buffer's sync policy (every N records or M ms) is applied here for the time part.
    private func scheduleBufferSync() {
        let delay = outbox.syncDueAtMs.map { max(10, $0 - csys_monotonic_ms()) } ?? 1_000
        loop.after(min(delay, 1_000)) { [self] in
            outbox.syncIfDue()
            if !finished { scheduleBufferSync() }
        }
    }

    private func scheduleStatusFile() {
        loop.after(2_000) { [self] in
            writeStatusFile(state: nil)
            if !finished { scheduleStatusFile() }
        }
    }

    /// Rewrites the status file (`state` overrides the connection state, e.g. "stopped").
    func writeStatusFile(state: String?) {
        guard let path = config.gateway.statusFile else { return }
        refreshHealth()
        var devices: [DeviceStatus] = []
        for device in gpioDevices { devices.append(DeviceStatus(name: device.name, type: device.type, kind: "gpio", lastError: nil)) }
        for device in sensorDevices {
            devices.append(DeviceStatus(name: device.name, type: device.type, kind: "sensor", lastError: device.lastError))
        }
        let connectionState = state ?? (online ? "connected" : (reconnectTimer != nil ? "waiting to reconnect" : "connecting"))
        let report = StatusReport(health: health, pid: Int64(getpid()), updatedAtMs: wallMs,
                                  broker: "\(config.connection.host):\(config.connection.port)", connectionState: connectionState,
                                  lastConnectionError: lastConnectionError, devices: devices)
        if let problem = StatusFileWriter.write(report.json().encoded(), to: path) {
            if !statusWriteFailing { log.warning("status file not written", [("cause", problem)]) }
            statusWriteFailing = true
        } else {
            statusWriteFailing = false
        }
    }

    private func scheduleWatchdog(everyMs: Int64) {
        loop.after(max(500, everyMs)) { [self] in
            _ = csys_sd_notify("WATCHDOG=1")
            if !finished { scheduleWatchdog(everyMs: everyMs) }
        }
    }

    func refreshHealth() {
        health.uptimeMs = csys_monotonic_ms() - startedMs
        health.connected = online
        let stats = outbox.stats
        health.bufferRecords = stats.records
        health.bufferBytes = stats.bytes
        health.bufferCapacityBytes = stats.capacityBytes
        health.droppedRecords = stats.dropped
        health.lostRecords = stats.lost
        health.bufferStorage = outbox.storage
        health.bufferFileFailed = outbox.fileFailed
        health.rssKiB = Int64(csys_rss_kib())
        health.devices = gpioDevices.map { $0.name } + sensorDevices.map { $0.name }
    }

    /// Wall-clock Unix milliseconds: the `ts` of every reading, taken when it was read.
    var wallMs: Int64 { csys_wall_ms() }
}
