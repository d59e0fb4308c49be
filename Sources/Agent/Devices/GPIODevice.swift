// A child device made of GPIO pins at run time: the line request of each configured pin, its debouncer
// for inputs, and the PinBank view the RPC table and shared attributes act through. Only the pins of the
// config are here, so nothing else on the board can be reached by an RPC.
import Hardware

/// One configured pin with its live line request.
public final class GPIOPin {
    /// The key the platform uses (`"pin": 1` in an RPC, `"1"` in attributes and telemetry).
    public let key: Int
    /// The board's pin name (`GPIO17`), for logs.
    public let boardName: String
    public let request: any GPIOLineRequest
    public var debouncer: Debouncer?
    /// The settle timer of an open debounce window, if any.
    public var settleTimer: EventLoop.TimerID?
    /// The event-fd watch of an edge-detecting input, if any.
    public var watch: EventLoop.WatchID?

    public init(key: Int, boardName: String, request: any GPIOLineRequest, debounceMs: Int64?, initialLevel: Bool) {
        self.key = key
        self.boardName = boardName
        self.request = request
        if let debounceMs, request.settings.direction == .input {
            debouncer = Debouncer(windowMs: debounceMs, initialLevel: initialLevel)
        }
    }

    public var direction: PinDirection { request.settings.direction == .output ? .output : .input }
}

public final class GPIODevice: PinBank {
    public let name: String
    public let type: String
    /// Sorted by key.
    public let pins: [GPIOPin]
    public var keepAlive: KeepAlive

    public init(name: String, type: String, pins: [GPIOPin], keepAlive: KeepAlive) {
        self.name = name
        self.type = type
        self.pins = pins.sorted { $0.key < $1.key }
        self.keepAlive = keepAlive
    }

    public func pin(_ key: Int) -> GPIOPin? { pins.first { $0.key == key } }

    // MARK: PinBank

    public var pinKeys: [Int] { pins.map { $0.key } }

    public func direction(of key: Int) -> PinDirection? { pin(key)?.direction }

    public func level(of key: Int) throws(PinFault) -> Bool {
        guard let pin = pin(key) else { throw PinFault("pin \(key) is not configured on \(name)") }
        do throws(GPIOError) {
            return try pin.request.value()
        } catch {
            throw PinFault("\(pin.boardName): \(error.description)")
        }
    }

    public func setLevel(of key: Int, to level: Bool) throws(PinFault) {
        guard let pin = pin(key) else { throw PinFault("pin \(key) is not configured on \(name)") }
        do throws(GPIOError) {
            try pin.request.setValue(level)
        } catch {
            throw PinFault("\(pin.boardName): \(error.description)")
        }
    }

    /// Every pin's current level, for the periodic state report; unreadable pins are left out.
    public func levels() -> [PinLevel] {
        var result: [PinLevel] = []
        for pin in pins {
            if let level = try? pin.request.value() { result.append(PinLevel(key: pin.key, level: level)) }
        }
        return result
    }

    /// Releases every line (shutdown, or the device was removed by a config reload).
    public func release() {
        for pin in pins { pin.request.release() }
    }
}
