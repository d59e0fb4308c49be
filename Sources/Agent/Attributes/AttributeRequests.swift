// Attribute requests to the platform (`v1/gateway/attributes/request`, client or shared scope) with their
// answers routed back to whoever asked. The server answers on `v1/gateway/attributes/response` with the
// request's id, or never (a failed lookup sends nothing), so every request waits in a bounded table with a
// deadline, and its caller hears exactly once: the values, "none found", or why there was no answer.
//
// The table hands answers back as deliveries instead of calling the callers itself: a caller may ask again
// from its callback, and must not do so while the table is being changed.
import GatewayProtocol
import JSON

/// What the asker of an attribute request hears.
public enum AttributeAnswer: Equatable, Sendable {
    /// The attributes found, by key. A single-key answer (`"value"`) is given its key back.
    case values(JSONObject)
    /// The server holds none of the keys asked for.
    case notFound
    /// No answer will come: the reason (timeout, table full, offline, an answer naming another device).
    case unanswered(String)
}

/// One answer for one caller, to be delivered once the table is no longer being changed.
struct AttributeDelivery {
    let device: String
    let answer: AttributeAnswer
    fileprivate let then: (AttributeAnswer) -> Void

    func deliver() { then(answer) }
}

struct AttributeRequests {
    struct Context {
        let device: String
        let keys: [String]
        let then: (AttributeAnswer) -> Void
    }

    /// How an answer from the server was matched.
    enum Routing {
        case delivered(AttributeDelivery)
        /// The answer names another device than its request did: the request is over, unanswered.
        case wrongDevice(AttributeDelivery, named: String)
        /// No request with this id is pending (answered already, timed out, or never ours).
        case unknownID
    }

    private var pending: PendingRequests<Context>
    let timeoutMs: Int64

    init(capacity: Int, timeoutMs: Int64) {
        pending = PendingRequests(capacity: capacity)
        self.timeoutMs = timeoutMs
    }

    var count: Int { pending.count }

    /// Room for every device's convergence request at a (re)connect, and the same again for requests
    /// made while those are pending: a table smaller than the device count would evict the first
    /// devices' requests before the server could answer them.
    static func capacity(forDevices devices: Int) -> Int { 2 * devices + 16 }

    /// A reloaded config with another device count; requests evicted by a smaller bound are delivered.
    mutating func setCapacity(_ capacity: Int) -> [AttributeDelivery] {
        pending.setCapacity(capacity).map { Self.unanswered($0.context, "too many attribute requests pending") }
    }

    /// What registering a request gave.
    struct Registration {
        var id: Int64
        /// The message to publish; nil when the request cannot be encoded (`refused` says why).
        var message: OutgoingMessage?
        var refused: AttributeDelivery?
        /// The oldest pending request, dropped to make room (the table is full of unanswered requests).
        var evicted: AttributeDelivery?
    }

    /// Registers a request for `keys` of `device` (every attribute of the scope when `keys` is empty).
    mutating func request(device: DeviceName, scope: AttributeScope, keys: [String], nowMs: Int64,
                          then: @escaping (AttributeAnswer) -> Void) -> Registration {
        let context = Context(device: device.value, keys: keys, then: then)
        let (id, evicted) = pending.add(context: context, nowMs: nowMs, timeoutMs: timeoutMs)
        var registration = Registration(id: id)
        if let evicted { registration.evicted = Self.unanswered(evicted.context, "too many attribute requests pending") }
        do throws(ProtocolError) {
            let keySpec: AttributeKeys = keys.count == 1 ? .key(keys[0]) : .keys(keys)
            registration.message = try ChildAttributeRequest(id: Int(id), device: device, scope: scope, keys: keySpec).message
        } catch {
            _ = pending.complete(id: id)
            registration.refused = Self.unanswered(context, "not encodable: \(error.description)")
        }
        return registration
    }

    /// A registered request could not be published (offline, queue full): its caller hears why.
    mutating func abandon(id: Int64, reason: String) -> AttributeDelivery? {
        guard let request = pending.complete(id: id) else { return nil }
        return Self.unanswered(request.context, reason)
    }

    /// Matches the server's answer to its request.
    mutating func route(_ response: ChildAttributeResponse) -> Routing {
        guard let request = pending.complete(id: Int64(response.id)) else { return .unknownID }
        let context = request.context
        guard context.device == response.device.value else {
            return .wrongDevice(Self.unanswered(context, "the answer named another device"), named: response.device.value)
        }
        let answer: AttributeAnswer
        switch response.result {
        case .values(let values):
            answer = .values(values)
        case .value(let value):
            // The server answers "value" only to a single-key request; anything else is not ours to guess.
            answer = context.keys.count == 1 ? .values(JSONObject([JSONMember(context.keys[0], value)]))
                                             : .unanswered("a single value for \(context.keys.count) keys")
        case .notFound:
            answer = .notFound
        }
        return .delivered(AttributeDelivery(device: context.device, answer: answer, then: context.then))
    }

    /// Requests past their deadline, each delivered as unanswered.
    mutating func expire(nowMs: Int64) -> [AttributeDelivery] {
        pending.expire(nowMs: nowMs).map {
            Self.unanswered($0.context, "no answer within \(timeoutMs / 1000) s (the server sends none when a lookup fails)")
        }
    }

    /// Every pending request, delivered as unanswered (the session ended: answers can no longer come).
    mutating func abandonAll(reason: String) -> [AttributeDelivery] {
        pending.expire(nowMs: Int64.max).map { Self.unanswered($0.context, reason) }
    }

    private static func unanswered(_ context: Context, _ reason: String) -> AttributeDelivery {
        AttributeDelivery(device: context.device, answer: .unanswered(reason), then: context.then)
    }
}
