"""The offline buffer through the real binary: readings taken while the broker is down arrive after it
returns, in order and none lost; a SIGKILLed pinpost restarts with its backlog intact."""
import os
import signal
import time

from configs import sim_config
from gate import Gate
from platform_peer import PlatformPeer


def fast_sensors():
    # Two sensors at the minimum interval: 20 readings/s in total.
    return [
        {"name": "Climate", "type": "climate", "i2c": {"driver": "bme280", "bus": "i2c-1", "address": "0x76", "pollIntervalMs": 100}},
        {"name": "Cellar", "type": "cellar", "i2c": {"driver": "mcp9808", "bus": "i2c-1", "address": "0x18", "pollIntervalMs": 100}},
    ]


def readings(peer, device):
    """Every telemetry entry of `device` the peer saw, as timestamps in arrival order."""
    out = []
    for m in peer.on_topic("v1/gateway/telemetry"):
        out += [e["ts"] for e in m.json().get(device, [])]
    return out


def assert_complete(ts_list, start_ms, end_ms, device):
    window = sorted(t for t in ts_list if start_ms <= t <= end_ms)
    assert window, f"{device}: no readings between {start_ms} and {end_ms}"
    gaps = [b - a for a, b in zip(window, window[1:])]
    # 100 ms polls with up to 2% jitter: a gap over 400 ms means readings were lost.
    assert max(gaps) < 400, f"{device}: largest gap {max(gaps)} ms: readings lost"
    assert len(window) >= (end_ms - start_ms) / 100 * 0.9, f"{device}: {len(window)} readings in {end_ms - start_ms} ms"


def outage(broker, peer, pinpost_factory, workdir, seconds):
    """pinpost (through a Gate) loses its broker for `seconds`: the broker is stopped and restarted; pinpost
    can reach it again once the test's peer has subscribed to the restarted broker."""
    buffer = os.path.join(workdir, "buffer.ring")
    gate = Gate(broker.port).open()
    cfg = sim_config(gate.port, buffer_path=buffer, devices=fast_sensors())
    p = pinpost_factory(cfg).start()
    peer.wait_for("v1/gateway/telemetry", lambda m: b'"Cellar"' in m.payload, timeout=15)
    peer.close()
    gate.close()
    broker.stop()
    down_ms = time.time() * 1000
    time.sleep(seconds)
    up_ms = time.time() * 1000
    broker.start()
    peer2 = PlatformPeer(broker.port)
    gate.open()
    return p, peer2, down_ms, up_ms


def test_outage_of_60s_at_20_readings_per_second_loses_nothing(broker, peer, pinpost_factory, workdir):
    p, peer2, down_ms, up_ms = outage(broker, peer, pinpost_factory, workdir, 60)
    try:
        peer2.wait_for("v1/gateway/connect", timeout=90)
        # Wait for the replay to catch up with live readings.
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not [t for t in readings(peer2, "Climate") if t > up_ms + 2000]:
            time.sleep(0.5)
        for device in ("Climate", "Cellar"):
            got = readings(peer2, device)
            assert_complete(got, down_ms + 500, up_ms - 500, device)
            # Delivered in order: the backlog oldest first, then live readings.
            assert got == sorted(got), f"{device}: out of order"
        assert "dropped=0" in p.log() or "droppedTotal" not in p.log()
    finally:
        peer2.close()


def test_sigkill_keeps_the_backlog(broker, peer, pinpost_factory, workdir):
    buffer = os.path.join(workdir, "buffer.ring")
    cfg = sim_config(broker.port, buffer_path=buffer, devices=fast_sensors())
    p = pinpost_factory(cfg).start()
    peer.wait_for("v1/gateway/telemetry", lambda m: b'"Cellar"' in m.payload, timeout=15)
    peer.close()
    broker.stop()
    down_ms = time.time() * 1000
    time.sleep(5)
    p.process.send_signal(signal.SIGKILL)
    p.process.wait()
    killed_ms = time.time() * 1000
    broker.start()
    peer2 = PlatformPeer(broker.port)
    try:
        p2 = pinpost_factory(cfg).start()
        p2.wait_log("buffer open")
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not [t for t in readings(peer2, "Climate") if t > killed_ms + 1000]:
            time.sleep(0.5)
        for device in ("Climate", "Cellar"):
            assert_complete(readings(peer2, device), down_ms + 500, killed_ms - 1500, device)
    finally:
        peer2.close()


def test_an_unusable_buffer_file_is_replaced_by_memory_and_the_gateway_keeps_running(broker, peer, pinpost_factory, workdir):
    # The buffer's directory is a regular file (as when a mount is missing): opening the ring fails with
    # ENOTDIR. pinpost says so once, buffers in memory and runs; status and self-telemetry show it.
    parent = os.path.join(workdir, "state")
    open(parent, "w").close()
    buffer = os.path.join(parent, "buffer.ring")
    cfg = sim_config(broker.port, buffer_path=buffer)
    cfg["gateway"]["telemetryIntervalMs"] = 1000
    p = pinpost_factory(cfg).start()
    line = p.wait_log("buffer file unusable", timeout=15)
    assert "level=error" in line and ("path=" + buffer) in line and "Not a directory" in line, line
    peer.wait_for("v1/gateway/telemetry", lambda m: b'"Climate"' in m.payload, timeout=15)
    health = peer.wait_for("v1/devices/me/telemetry", timeout=15).json()["values"]
    assert health["bufferFileFailed"] is True and health["lostRecords"] == 0
    peer.publish("v1/devices/me/rpc/request/7", {"method": "getStatus", "params": {}})
    status = peer.wait_for("v1/devices/me/rpc/response/7").json()
    assert status["bufferStorage"].startswith("memory (buffer file failed: ring %s: open" % buffer), status["bufferStorage"]
    assert p.process.poll() is None
