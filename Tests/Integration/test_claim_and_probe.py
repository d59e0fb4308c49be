"""Device claiming (from the command line and from the config) and the read-only I2C probe."""
import json
import os
import subprocess
import time

from configs import relays, sim_config
from conftest import pinpost_command


def write(workdir, cfg, name="claim.json"):
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        json.dump(cfg, f)
    os.chmod(path, 0o600)
    return path


def test_claim_command_sends_the_spec_payload(broker, peer, workdir):
    path = write(workdir, sim_config(broker.port))
    result = subprocess.run(pinpost_command() + ["claim", "Relays", "--secret", "s3cret", "--duration-ms", "60000", "-c", path],
                            capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    m = peer.wait_for("v1/gateway/claim")
    assert m.payload == b'{"Relays":{"secretKey":"s3cret","durationMs":60000}}'
    assert b"s3cret" not in result.stderr and b"s3cret" not in result.stdout


def test_claim_of_a_device_not_in_the_config_is_refused(broker, peer, workdir):
    path = write(workdir, sim_config(broker.port))
    result = subprocess.run(pinpost_command() + ["claim", "Stranger", "-c", path], capture_output=True, timeout=30)
    assert result.returncode == 2
    assert b"not in the config" in result.stderr
    assert not peer.on_topic("v1/gateway/claim")


def test_claims_in_the_config_are_sent_after_connecting(broker, peer, pinpost_factory):
    cfg = sim_config(broker.port, devices=[relays()])
    cfg["claims"] = [{"device": "Relays", "secretKey": "abc"}]
    pinpost_factory(cfg).start()
    assert peer.wait_for("v1/gateway/claim", timeout=15).payload == b'{"Relays":{"secretKey":"abc"}}'


def test_probe_names_the_simulated_chips(workdir):
    path = write(workdir, sim_config(1883), "probe.json")
    result = subprocess.run(pinpost_command() + ["probe", "-c", path], capture_output=True, timeout=30)
    assert result.returncode == 0, result.stderr.decode()
    out = result.stdout.decode()
    assert "i2c-1 (sim:i2c-1): 5 chips answered" in out
    for line in ("0x18  mcp9808", "0x48  ads1115", "0x49  tmp102", "0x76  bme280"):
        assert line in out, out


def test_status_command_shows_the_running_agent(broker, peer, pinpost_factory, workdir):
    status_path = os.path.join(workdir, "status.json")
    cfg = sim_config(broker.port)
    cfg["gateway"]["statusFile"] = status_path
    p = pinpost_factory(cfg).start()
    peer.wait_for("v1/gateway/connect", timeout=15)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and not os.path.exists(status_path):
        time.sleep(0.2)
    time.sleep(2.5)
    result = subprocess.run(pinpost_command() + ["status", "-c", p.config_path], capture_output=True, timeout=30)
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "connection: connected to 127.0.0.1:%d, 0 reconnects" % broker.port in out, out
    assert "  Relays (gpio, relay): ok" in out and "  Climate (sensor, climate): ok" in out, out
    status = json.load(open(status_path))
    assert status["buffer"]["capacityBytes"] > 0 and status["version"] == "0.1.0"
    p.stop()
    stopped = subprocess.run(pinpost_command() + ["status", "--file", status_path], capture_output=True, timeout=30)
    assert stopped.returncode == 69
    assert "connection: stopped" in stopped.stdout.decode()


def test_status_without_a_status_file_says_so(workdir):
    result = subprocess.run(pinpost_command() + ["status", "--file", os.path.join(workdir, "none.json")], capture_output=True, timeout=30)
    assert result.returncode == 69
    assert b"is pinpost running?" in result.stderr
