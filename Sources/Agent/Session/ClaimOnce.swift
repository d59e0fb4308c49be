// `pinpost claim`: one short MQTT session that sends a claim request for a configured device and waits
// for the broker's PUBACK. ThingsBoard allows one session per gateway: if an agent is running with the
// same credentials, this session takes over for a moment and the agent reconnects on its own (its buffer
// keeps everything). For a running gateway, the config's `claims` plus SIGHUP avoids even that blip.
import Config
import CSystem
import GatewayProtocol
import Transport

public enum ClaimOnce {
    /// Returns 0 when the broker acknowledged the claim, 69 (EX_UNAVAILABLE) when it could not be sent
    /// within `timeoutMs`, 2 when the device is not in the config.
    public static func run(config: PinpostConfig, device: String, secretKey: String, durationMs: Int64?,
                           log: Logger, timeoutMs: Int64 = 20_000) -> Int32 {
        guard config.device(named: device) != nil else {
            log.error("claim: the device is not in the config (pinpost never names devices the config does not have)",
                      [("device", device), ("config", config.path)])
            return 2
        }
        let message: OutgoingMessage
        do throws(ProtocolError) {
            message = try ChildClaim([try ChildClaimRequest(device: try DeviceName(device), secretKey: secretKey,
                                                            durationMs: durationMs)]).message
        } catch {
            log.error("claim: not encodable", [("cause", error.description)])
            return 2
        }
        let transport: Transport
        do throws(TransportError) {
            transport = try Transport(settings: makeTransportSettings(config.connection))
            try transport.connect()
        } catch {
            log.error("claim: cannot connect", [("cause", error.description)])
            return 69
        }
        let deadline = csys_monotonic_ms() + timeoutMs
        var claimMid: MessageID? = nil
        var failure = "no answer from the broker"
        while csys_monotonic_ms() < deadline {
            for event in transport.drainEvents() {
                switch event {
                case .connected:
                    do throws(TransportError) {
                        claimMid = try transport.publish(topic: message.topic, payload: message.payload, qos: 1)
                    } catch {
                        failure = error.description
                    }
                case .published(let mid, _) where mid == claimMid:
                    log.info("claim request acknowledged by the broker", [("device", device)])
                    transport.disconnect()
                    _ = transport.drainEvents()
                    return 0
                case .disconnected(let reason):
                    failure = reason.description
                    log.error("claim: connection failed", [("cause", failure)])
                    return 69
                default:
                    break
                }
            }
            let fd = transport.socket
            if fd >= 0 {
                var entry = pollfd(fd: fd, events: transport.pollEvents, revents: 0)
                if poll(&entry, 1, 100) > 0 { transport.handle(pollEvents: entry.revents) }
            }
            transport.handleMisc()
        }
        transport.close()
        log.error("claim: timed out", [("cause", failure)])
        return 69
    }
}
