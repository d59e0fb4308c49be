"""More session messages than the client's QoS 1 window holds: with maxInflight 1 one message at a time may
await its PUBACK, and 80 devices make 80 connects and 80 attribute requests at every (re)connect, 80 RPC
replies when the platform asks all of them at once, and 80 disconnects at the stop. None may be lost (gateway-api.md: every
device is connected before its data; every RPC with an id gets exactly one reply)."""
import os
import signal

from configs import sim_config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BOARD = os.path.join(ROOT, "bench", "boards", "sim-large.json")
COUNT = 80


def devices():
    return [{"name": f"Dev {i:03d}", "type": "relay", "gpio": [
        {"key": 1, "pin": f"OUT{i}", "mode": "output"},
        {"key": 2, "pin": f"IN{i}", "mode": "input", "bias": "pull-down", "edge": "both", "debounceMs": 0}]}
        for i in range(COUNT)]


def test_session_messages_beyond_the_window_all_arrive_in_order(broker, peer, pinpost_factory):
    config = sim_config(broker.port, devices=devices(), maxInflight=1)
    config["board"] = BOARD
    config["log"] = {"level": "info"}
    p = pinpost_factory(config).start()
    peer.wait_for("v1/devices/me/rpc/request/1", timeout=30)  # after every connect and attribute request
    names = [f"Dev {i:03d}" for i in range(COUNT)]
    connects = [m.json() for m in peer.on_topic("v1/gateway/connect")]
    assert connects == [{"device": n, "type": "relay"} for n in names]
    requests = [m.json() for m in peer.on_topic("v1/gateway/attributes/request")]
    assert [r["device"] for r in requests] == names
    assert [r["id"] for r in requests] == list(range(1, COUNT + 1))
    # Every device's first data (its client attributes, buffered) comes after its connect.
    peer.wait_for("v1/gateway/attributes", lambda m: f'"Dev {COUNT - 1:03d}":{{"firmwareVersion"'.encode() in m.payload, timeout=30)
    topics = [(m.topic, m.payload) for m in peer.messages]
    for name in names:
        key = b'"' + name.encode() + b'"'
        connect_at = topics.index(("v1/gateway/connect", b'{"device":"' + name.encode() + b'","type":"relay"}'))
        data_at = [i for i, (t, body) in enumerate(topics) if t in ("v1/gateway/attributes", "v1/gateway/telemetry") and key in body]
        assert data_at and connect_at < data_at[0], name

    # All RPCs at once: one reply each, none lost, none twice.
    mark = peer.mark()
    for i, name in enumerate(names):
        peer.publish("v1/gateway/rpc", {"device": name, "data": {"id": 1000 + i, "method": "toggle_gpio", "params": {"pin": 1}}})
    peer.wait_for("v1/gateway/rpc", lambda m: m.json().get("id") == 1000 + COUNT - 1 and "method" not in m.json().get("data", {}),
                  timeout=30, after=mark)
    for i, name in enumerate(names):
        peer.wait_for("v1/gateway/rpc", lambda m, i=i, name=name: m.json() == {"device": name, "id": 1000 + i, "data": {
            "success": True, "pin": 1, "value": True}}, timeout=10, after=mark)
    replies = [m.json() for m in peer.messages[mark:] if m.topic == "v1/gateway/rpc" and "method" not in m.json().get("data", {})]
    assert sorted(r["id"] for r in replies) == list(range(1000, 1000 + COUNT))

    # The stop says goodbye for every device before the MQTT DISCONNECT.
    mark = peer.mark()
    assert p.stop(timeout=20) == 0
    disconnects = [m.json() for m in peer.messages[mark:] if m.topic == "v1/gateway/disconnect"]
    assert disconnects == [{"device": n} for n in names]
    assert "session message not sent" not in p.log()


def test_every_device_converges_to_the_platforms_shared_attributes(broker, peer, pinpost_factory):
    # 80 attribute requests go out at the connect before the platform answers any: every answer must still
    # find its request (a table smaller than the device count used to drop the first devices' requests).
    config = sim_config(broker.port, devices=devices())
    config["board"] = BOARD
    config["log"] = {"level": "info"}
    p = pinpost_factory(config).start()
    names = [f"Dev {i:03d}" for i in range(COUNT)]
    peer.wait_for("v1/gateway/attributes/request", lambda m: m.json()["device"] == names[-1], timeout=30)
    requests = [m.json() for m in peer.on_topic("v1/gateway/attributes/request")]
    assert [r["device"] for r in requests] == names and all(r["client"] is False and r["key"] == "1" for r in requests)
    mark = peer.mark()
    for r in requests:
        peer.publish("v1/gateway/attributes/response", {"id": r["id"], "device": r["device"], "value": True})
    for name in names:
        peer.wait_for("v1/gateway/attributes", lambda m, name=name: m.json() == {name: {"1": True}}, timeout=15, after=mark)
    assert "attribute request abandoned" not in p.log()
