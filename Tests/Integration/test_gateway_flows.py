"""Every flow of the gateway API through the real pinpost binary on the simulated board, against Debian's
real mosquitto, asserting the exact JSON on the wire (gateway-api.md is normative byte for byte)."""
import json
import signal
import time

from configs import climate, relays, sim_config


def start(pinpost_factory, broker, peer, **kwargs):
    p = pinpost_factory(sim_config(broker.port, **kwargs)).start()
    peer.wait_for("v1/devices/me/rpc/request/1", timeout=15)  # getSessionLimits: the connect sequence ran
    return p


def rpc(peer, device, rid, method, params=None):
    data = {"id": rid, "method": method}
    if params is not None:
        data["params"] = params
    peer.publish("v1/gateway/rpc", {"device": device, "data": data})


def reply_to(peer, device, rid, after=0, timeout=10):
    return peer.wait_for("v1/gateway/rpc", lambda m: m.json().get("id") == rid and m.json().get("device") == device
                         and "data" in m.json() and "method" not in m.json()["data"], timeout=timeout, after=after)


def test_connect_sequence_bytes(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    connects = [m.payload for m in peer.on_topic("v1/gateway/connect")]
    assert connects == [b'{"device":"Relays","type":"relay"}', b'{"device":"Climate","type":"climate"}']
    requests = [m.payload for m in peer.on_topic("v1/gateway/attributes/request")]
    assert b'{"id":1,"device":"Relays","client":false,"keys":["1","2"]}' in requests
    assert b'{"id":2,"device":"Climate","client":false,"key":"pollIntervalMs"}' in requests
    assert peer.on_topic("v1/devices/me/rpc/request/1")[0].payload == b'{"method":"getSessionLimits","params":{}}'
    attrs = peer.wait_for("v1/gateway/attributes", lambda m: b'"Relays":{"firmwareVersion"' in m.payload)
    assert attrs.payload == (b'{"Relays":{"firmwareVersion":"0.1.0","driver":"gpio","pins":{"1":"GPIO17 output",'
                             b'"2":"GPIO22 output","11":"GPIO27 input","12":"GPIO23 input"},"1":false,"2":true,"11":false,"12":true}}')
    # Order on the wire: every connect before any attribute or telemetry naming the device.
    topics = [m.topic for m in peer.messages]
    last_connect = max(i for i, t in enumerate(topics) if t == "v1/gateway/connect")
    first_data = min(i for i, t in enumerate(topics) if t in ("v1/gateway/attributes", "v1/gateway/telemetry"))
    assert last_connect < first_data


def test_sensor_telemetry_is_an_array_with_ts(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    m = peer.wait_for("v1/gateway/telemetry", lambda m: b'"Climate"' in m.payload, timeout=10)
    body = m.json()
    entry = body["Climate"][0]
    assert set(entry) == {"ts", "values"}
    assert abs(entry["ts"] - time.time() * 1000) < 10_000
    values = entry["values"]
    assert set(values) == {"temperature", "humidity", "pressure"}
    assert 15 < values["temperature"] < 30 and 900 < values["pressure"] < 1100 and 0 < values["humidity"] < 100


def test_toggle_rpc_replies_and_loopback_edge_is_telemetry(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Relays", 0, "toggle_gpio", {"pin": 1})
    r = reply_to(peer, "Relays", 0, after=mark)
    assert r.payload == b'{"device":"Relays","id":0,"data":{"success":true,"pin":1,"value":true}}'
    # GPIO17 is wired to GPIO27 (key 11) on the sim board: the input's edge arrives as telemetry.
    edge = peer.wait_for("v1/gateway/telemetry", lambda m: b'"11":true' in m.payload, after=mark)
    entry = edge.json()["Relays"][0]
    assert entry["values"] == {"11": True}
    assert abs(entry["ts"] - time.time() * 1000) < 5_000
    peer.wait_for("v1/gateway/attributes", lambda m: m.payload == b'{"Relays":{"1":true}}', after=mark)


def test_repeated_rpc_id_does_not_act_twice(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Relays", 5, "toggle_gpio", {"pin": 1})
    first = reply_to(peer, "Relays", 5, after=mark)
    mark2 = peer.mark()
    rpc(peer, "Relays", 5, "toggle_gpio", {"pin": 1})
    second = reply_to(peer, "Relays", 5, after=mark2)
    assert first.payload == second.payload == b'{"device":"Relays","id":5,"data":{"success":true,"pin":1,"value":true}}'
    mark3 = peer.mark()
    rpc(peer, "Relays", 6, "get_gpio", {"pin": 1})
    assert reply_to(peer, "Relays", 6, after=mark3).payload == b'{"device":"Relays","id":6,"data":{"pin":1,"value":true}}'


def test_rpc_errors_are_replies(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    cases = [
        (10, "toggle_gpio", {"pin": 7}, "pin 7 is not configured on this device (its pins: 1, 2, 11, 12)"),
        (11, "set_gpio", {"pin": 11, "value": True}, "pin 11 is an input and cannot be written"),
        (12, "reboot", None, "unknown method 'reboot' (this device answers: toggle_gpio, set_gpio, get_gpio, setGpioStatus, getGpioStatus)"),
    ]
    for rid, method, params, reason in cases:
        mark = peer.mark()
        rpc(peer, "Relays", rid, method, params)
        expected = json.dumps({"device": "Relays", "id": rid, "data": {"success": False, "error": reason}}, separators=(",", ":"))
        assert reply_to(peer, "Relays", rid, after=mark).payload == expected.encode()


def test_gpio_status_rpcs(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Relays", 20, "setGpioStatus", {"pin": 2, "enabled": False})
    r = reply_to(peer, "Relays", 20, after=mark)
    assert r.json()["data"] == {"1": False, "2": False, "11": False, "12": False}
    mark = peer.mark()
    rpc(peer, "Relays", 21, "getGpioStatus")
    assert reply_to(peer, "Relays", 21, after=mark).json()["data"]["2"] is False


def test_sensor_read_rpc(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Climate", 3, "read")
    data = reply_to(peer, "Climate", 3, after=mark).json()["data"]
    assert set(data) == {"temperature", "humidity", "pressure"}


def test_rpc_for_unknown_device_is_never_answered(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Stranger", 1, "toggle_gpio", {"pin": 1})
    p.wait_log("RPC for a device that is not in the config")
    time.sleep(0.5)
    assert not [m for m in peer.messages[mark:] if b"Stranger" in m.payload and m.topic != "v1/gateway/rpc"]
    assert len([m for m in peer.messages[mark:] if b"Stranger" in m.payload]) == 1  # only our own publish


def test_shared_attribute_sets_output(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    mark = peer.mark()
    peer.publish("v1/gateway/attributes", {"device": "Relays", "data": {"1": True, "colour": "red"}})
    peer.wait_for("v1/gateway/attributes", lambda m: m.payload == b'{"Relays":{"1":true}}', after=mark)
    peer.wait_for("v1/gateway/telemetry", lambda m: b'"11":true' in m.payload, after=mark)


def test_attribute_response_converges_outputs(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    req = peer.wait_for("v1/gateway/attributes/request", lambda m: m.json()["device"] == "Relays")
    mark = peer.mark()
    peer.publish("v1/gateway/attributes/response", {"id": req.json()["id"], "device": "Relays", "values": {"1": True, "2": False}})
    peer.wait_for("v1/gateway/attributes", lambda m: m.payload == b'{"Relays":{"1":true,"2":false}}', after=mark)


def test_gateway_rpcs(broker, peer, pinpost_factory):
    start(pinpost_factory, broker, peer)
    peer.publish("v1/devices/me/rpc/request/42", {"method": "ping", "params": {}})
    assert peer.wait_for("v1/devices/me/rpc/response/42").payload == b'{"pong":true}'
    peer.publish("v1/devices/me/rpc/request/43", {"method": "getStatus", "params": {}})
    status = peer.wait_for("v1/devices/me/rpc/response/43").json()
    assert status["version"] == "0.1.0" and status["connected"] is True
    assert status["devices"] == ["Relays", "Climate"]
    for key in ("uptimeSeconds", "bufferRecords", "bufferFillPercent", "droppedRecords", "reconnects", "rpcsHandled", "rssKiB"):
        assert isinstance(status[key], int), key


def test_session_limits_answer_is_applied(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    peer.publish("v1/devices/me/rpc/response/1", {"maxPayloadSize": 4096, "maxInflightMessages": 10,
                                                  "rateLimits": {"messages": "100:1", "telemetryMessages": "50:1", "telemetryDataPoints": "500:1"}})
    line = p.wait_log("session limits")
    assert "maxInflight=10" in line


def test_malformed_downlinks_are_logged_and_the_loop_continues(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    peer.publish("v1/gateway/rpc", b'{"device":"Relays","data":{"id":1,')
    p.wait_log("malformed message ignored")
    peer.publish("v1/gateway/rpc", {"device": "Relays", "data": {"id": "x", "method": "toggle_gpio"}})
    mark = peer.mark()
    rpc(peer, "Relays", 30, "get_gpio", {"pin": 2})
    reply_to(peer, "Relays", 30, after=mark)
    assert "error" not in [l.split("level=")[1].split()[0] for l in p.lines if "level=" in l]


def test_echoes_on_a_plain_broker_are_ignored_silently(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    mark = peer.mark()
    rpc(peer, "Relays", 40, "toggle_gpio", {"pin": 1})
    reply_to(peer, "Relays", 40, after=mark)
    p.wait_log("own message echoed by the broker; ignored")  # MQTT 3.1.1 on mosquitto echoes our reply
    # (This machine's clock may be unsynchronised, which pinpost rightly warns about at start.)
    problems = [l for l in p.lines if ("level=error" in l or "level=warn" in l) and "system clock" not in l]
    assert "malformed" not in p.log() and not problems, problems


def test_sigterm_disconnects_every_device_and_exits_0(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    mark = peer.mark()
    assert p.stop() == 0
    time.sleep(0.3)
    goodbyes = [m.payload for m in peer.messages[mark:] if m.topic == "v1/gateway/disconnect"]
    assert goodbyes == [b'{"device":"Relays"}', b'{"device":"Climate"}']
    assert "stopped" in p.log()


def test_sighup_reload_connects_new_and_disconnects_removed(broker, peer, pinpost_factory):
    p = start(pinpost_factory, broker, peer)
    cfg = sim_config(broker.port, devices=[relays(), climate(name="Cellar")])
    p.write_config(cfg)
    mark = peer.mark()
    p.signal(signal.SIGHUP)
    peer.wait_for("v1/gateway/disconnect", lambda m: m.payload == b'{"device":"Climate"}', after=mark)
    peer.wait_for("v1/gateway/connect", lambda m: m.payload == b'{"device":"Cellar","type":"climate"}', after=mark)
    peer.wait_for("v1/gateway/telemetry", lambda m: b'"Cellar"' in m.payload, after=mark)
    # A broken file on reload keeps the running config.
    with open(p.config_path, "w") as f:
        f.write("{")
    p.signal(signal.SIGHUP)
    p.wait_log("config reload rejected")
    mark = peer.mark()
    rpc(peer, "Relays", 50, "get_gpio", {"pin": 1})
    reply_to(peer, "Relays", 50, after=mark)


def test_broker_restart_reconnects_devices(broker, peer, pinpost_factory):
    from gate import Gate
    from platform_peer import PlatformPeer
    # pinpost reaches the broker through a gate opened only once the new peer listens (see gate.py).
    gate = Gate(broker.port).open()
    p = pinpost_factory(sim_config(gate.port)).start()
    peer.wait_for("v1/devices/me/rpc/request/1", timeout=15)
    peer.close()
    gate.close()
    broker.stop()
    p.wait_log("disconnected", timeout=10)
    broker.start()
    peer2 = PlatformPeer(broker.port)
    gate.open()
    try:
        peer2.wait_for("v1/gateway/connect", lambda m: m.payload == b'{"device":"Relays","type":"relay"}', timeout=20)
        peer2.wait_for("v1/gateway/telemetry", lambda m: b'"Climate"' in m.payload, timeout=10)
        peer2.publish("v1/devices/me/rpc/request/9", {"method": "getStatus", "params": {}})
        assert peer2.wait_for("v1/devices/me/rpc/response/9").json()["reconnects"] == 1
    finally:
        peer2.close()


def test_absent_sensor_is_an_error_reply_and_the_gateway_keeps_running(broker, peer, pinpost_factory):
    """A TMP102 configured where no chip answers: its `read` gets an error reply naming the NAK, no reading
    is invented, and the gateway lives on (the 64-bit firmware once died building this error's text)."""
    absent = {"name": "Absent", "type": "thermometer",
              "i2c": {"driver": "tmp102", "bus": "i2c-1", "address": "0x4b", "pollIntervalMs": 200}}
    p = start(pinpost_factory, broker, peer, devices=[relays(), absent])
    mark = peer.mark()
    rpc(peer, "Absent", 4, "read")
    reply = reply_to(peer, "Absent", 4, after=mark).json()
    assert reply["data"]["success"] is False
    assert "0x4b" in reply["data"]["error"] and "no acknowledge" in reply["data"]["error"], reply
    time.sleep(1.5)  # several failed polls
    assert p.process.poll() is None, "pinpost died: exit status %s" % p.process.returncode
    assert not [m for m in peer.on_topic("v1/gateway/telemetry") if b'"Absent"' in m.payload]
    # Still serving the other device.
    mark = peer.mark()
    rpc(peer, "Relays", 6, "toggle_gpio", {"pin": 1})
    assert reply_to(peer, "Relays", 6, after=mark).json()["data"]["success"] is True
