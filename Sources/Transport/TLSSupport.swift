// Whether the libmosquitto linked in was built with TLS. The firmware can be built without it (TLS=no,
// for the smallest binary); such a build given a config with `connection.tls` must refuse at start with a
// message naming the field, not retry a connection it can never make.
import CMosquitto
import CSystem

extension Transport {
    /// Asks the library itself: a client without TLS answers `mosquitto_tls_set` with "not supported".
    /// `/dev/null` is a CA file that every system can open, so a TLS build accepts the call (the file's
    /// contents are only read when a connection starts, which this client never does).
    public static var isTLSAvailable: Bool {
        _ = mosquitto_lib_init()
        guard let client = mosquitto_new(nil, true, nil) else { return true }
        defer { mosquitto_destroy(client) }
        return mosquitto_tls_set(client, "/dev/null", nil, nil, nil, nil) != Int32(MOSQ_ERR_NOT_SUPPORTED.rawValue)
    }
}
