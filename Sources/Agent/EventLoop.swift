// The agent's single thread: one poll() over every file descriptor the agent waits on (the MQTT socket,
// GPIO line event fds, the signalfd), with one-shot timers kept here. The nearest timer deadline becomes
// poll's timeout, which does what a timerfd would without one more descriptor to manage.
import CSystem

public final class EventLoop {
    public typealias WatchID = Int
    public typealias TimerID = Int

    private struct Watch {
        var id: WatchID
        var fd: Int32
        var events: Int16
        var handler: (Int16) -> Void
    }

    private struct Timer {
        var id: TimerID
        var deadlineMs: Int64
        var action: () -> Void
    }

    private var watches: [Watch] = []
    private var timers: [Timer] = []
    private var nextID = 1
    /// Monotonic milliseconds; replaceable in tests.
    public var clock: () -> Int64

    public init(clock: @escaping () -> Int64 = { csys_monotonic_ms() }) {
        self.clock = clock
    }

    public var nowMs: Int64 { clock() }
    public var timerCount: Int { timers.count }
    public var watchCount: Int { watches.count }

    /// Calls `handler` with the returned poll events whenever `fd` is ready for `events` (POLLIN, POLLOUT).
    @discardableResult
    public func watch(fd: Int32, events: Int16, handler: @escaping (Int16) -> Void) -> WatchID {
        let id = takeID()
        watches.append(Watch(id: id, fd: fd, events: events, handler: handler))
        return id
    }

    public func setEvents(_ id: WatchID, _ events: Int16) {
        if let index = watches.firstIndex(where: { $0.id == id }) { watches[index].events = events }
    }

    public func unwatch(_ id: WatchID) {
        watches.removeAll { $0.id == id }
    }

    /// Runs `action` once, `delayMs` from now.
    @discardableResult
    public func after(_ delayMs: Int64, _ action: @escaping () -> Void) -> TimerID {
        let id = takeID()
        timers.append(Timer(id: id, deadlineMs: clock() + max(0, delayMs), action: action))
        return id
    }

    public func cancel(_ id: TimerID) {
        timers.removeAll { $0.id == id }
    }

    /// Waits at most `maxWaitMs` for a descriptor or a timer, then runs what is due. Returns false when
    /// poll failed for a reason other than a signal interruption (the caller logs errno and stops).
    @discardableResult
    public func runOnce(maxWaitMs: Int64 = 1000) -> Bool {
        let now = clock()
        var timeout = maxWaitMs
        for timer in timers { timeout = min(timeout, max(0, timer.deadlineMs - now)) }

        // Snapshot the watches: handlers may add or remove watches while we dispatch.
        let snapshot = watches
        var fds = snapshot.map { pollfd(fd: $0.fd, events: $0.events, revents: 0) }
        let ready = fds.withUnsafeMutableBufferPointer { buffer in
            poll(buffer.baseAddress, nfds_t(buffer.count), Int32(clamping: timeout))
        }
        if ready < 0 && csys_errno() != EINTR { return false }
        if ready > 0 {
            for (index, entry) in fds.enumerated() where entry.revents != 0 {
                let id = snapshot[index].id
                // Skip a watch that an earlier handler in this round removed.
                guard let current = watches.first(where: { $0.id == id }) else { continue }
                current.handler(entry.revents)
            }
        }
        runDueTimers()
        return true
    }

    private func runDueTimers() {
        let now = clock()
        // Take due timers out first so that actions can schedule new timers safely.
        var due: [Timer] = []
        timers.removeAll { timer in
            if timer.deadlineMs <= now {
                due.append(timer)
                return true
            }
            return false
        }
        due.sort { $0.deadlineMs < $1.deadlineMs }
        for timer in due { timer.action() }
    }

    private func takeID() -> Int {
        defer { nextID += 1 }
        return nextID
    }
}
