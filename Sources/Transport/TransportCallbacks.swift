// The bridge from libmosquitto's C callbacks to the Transport that owns the instance. The callbacks are
// non-capturing @convention(c) closures; the Transport travels as libmosquitto's userdata pointer, unretained:
// the Transport owns the instance and destroys it in deinit, so the pointer never outlives the object.
// The MQTT 5 variants are used for every protocol version: libmosquitto calls them for 3.1.1 too (with no
// properties), and they carry the reason codes that MQTT 5 adds.
import CMosquitto

extension Transport {
    func installCallbacks(on handle: OpaquePointer) {
        mosquitto_connect_v5_callback_set(handle) { _, userdata, code, flags, _ in
            transport(from: userdata)?.connackReceived(code: code, flags: flags)
        }
        mosquitto_disconnect_v5_callback_set(handle) { _, userdata, code, _ in
            transport(from: userdata)?.disconnectReported(code: code)
        }
        mosquitto_publish_v5_callback_set(handle) { _, userdata, mid, reasonCode, _ in
            transport(from: userdata)?.publishAcknowledged(mid: mid, reasonCode: reasonCode)
        }
        mosquitto_subscribe_v5_callback_set(handle) { _, userdata, mid, count, granted, _ in
            // One filter per SUBSCRIBE, so one granted QoS; a SUBACK without any is a refusal.
            let qos: Int32 = (count > 0 ? granted?.pointee : nil) ?? 0x80
            transport(from: userdata)?.subscriptionAcknowledged(mid: mid, grantedQoS: qos)
        }
        mosquitto_message_v5_callback_set(handle) { _, userdata, message, _ in
            guard let message, let transport = transport(from: userdata) else { return }
            let incoming = message.pointee
            guard let topicPointer = incoming.topic else { return }
            let topic = String(cString: topicPointer)
            var payload: [UInt8] = []
            if let bytes = incoming.payload, incoming.payloadlen > 0 {
                payload = Array(UnsafeRawBufferPointer(start: bytes, count: Int(incoming.payloadlen)))
            }
            transport.messageReceived(topic: topic, payload: payload)
        }
        mosquitto_log_callback_set(handle) { _, userdata, level, text in
            // Only error lines: TLS failures are explained nowhere else. libmosquitto's error lines carry
            // file names and OpenSSL reasons, never the user name or password.
            guard level == Mosquitto.logLevelError, let text, let transport = transport(from: userdata) else { return }
            transport.errorLogged(boundedLine(text))
        }
    }
}

private func transport(from userdata: UnsafeMutableRawPointer?) -> Transport? {
    guard let userdata else { return nil }
    return Unmanaged<Transport>.fromOpaque(userdata).takeUnretainedValue()
}

/// At most 240 bytes of a C string, so that a runaway log line cannot grow memory.
private func boundedLine(_ text: UnsafePointer<CChar>) -> String {
    var bytes: [UInt8] = []
    var index = 0
    while index < 240 {
        let byte = UInt8(bitPattern: text[index])
        if byte == 0 { break }
        bytes.append(byte)
        index += 1
    }
    return String(decoding: bytes, as: UTF8.self)
}
