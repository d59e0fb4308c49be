"""How pinpost connects: TLS that verifies the server by default, credentials the broker refuses (a clear
log line, then backoff), and basic MQTT credentials that work."""
import json
import os
import re
import time

import pytest

from broker import Broker, TestCA
from configs import sim_config
from platform_peer import PlatformPeer


def attempts(p, needle):
    return [l for l in p.lines if needle in l]


def test_tls_with_the_right_ca_connects(workdir, pinpost_factory):
    ca = TestCA(workdir)
    broker = Broker(tls_ca=ca).start()
    try:
        peer = PlatformPeer(broker.port)
        cfg = sim_config(broker.tls_port, tls={"caFile": ca.ca_cert})
        p = pinpost_factory(cfg).start()
        peer.wait_for("v1/gateway/connect", lambda m: m.payload == b'{"device":"Relays","type":"relay"}', timeout=15)
        p.wait_log("tls=on")
        peer.close()
    finally:
        broker.stop()


def test_tls_with_a_wrong_ca_is_refused(workdir, pinpost_factory):
    ca = TestCA(workdir)
    other = TestCA(workdir, name="other")
    broker = Broker(tls_ca=ca).start()
    try:
        peer = PlatformPeer(broker.port)
        cfg = sim_config(broker.tls_port, tls={"caFile": other.ca_cert})
        p = pinpost_factory(cfg).start()
        line = p.wait_log("connection failed", timeout=15)
        assert "certificate verify failed" in line, line
        time.sleep(1.0)
        assert not peer.on_topic("v1/gateway/connect"), "nothing may be sent over an unverified connection"
        peer.close()
    finally:
        broker.stop()


def test_rejected_credentials_are_logged_and_retried_with_backoff(workdir, pinpost_factory):
    broker = Broker(password=("gateway", "right-password")).start()
    try:
        cfg = sim_config(broker.port, credentials={"basic": {"username": "gateway", "password": "wrong-password"}})
        p = pinpost_factory(cfg).start()
        first = p.wait_log("credentials rejected", timeout=10)
        assert "wrong-password" not in p.log() and "right-password" not in p.log()
        retry_ms = int(re.search(r"retryInMs=(\d+)", first).group(1))
        assert 1000 <= retry_ms <= 2000
        # The second attempt comes after the backoff, not in a tight loop.
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(attempts(p, "connecting")) < 3:
            time.sleep(0.1)
        stamps = [l.split()[0] for l in attempts(p, "connecting")]
        assert len(stamps) >= 3, p.log()
        assert p.process.poll() is None, "pinpost keeps retrying; it does not exit"
    finally:
        broker.stop()


def test_basic_credentials_connect(workdir, pinpost_factory):
    broker = Broker(password=("gateway", "right-password")).start()
    try:
        cfg = sim_config(broker.port, credentials={"basic": {"username": "gateway", "password": "right-password"}})
        p = pinpost_factory(cfg).start()
        p.wait_log('msg="connected"', timeout=10)
        assert "right-password" not in p.log()
    finally:
        broker.stop()


def test_x509_client_certificate(workdir, pinpost_factory):
    ca = TestCA(workdir)
    broker = Broker(tls_ca=ca, require_client_cert=True).start()
    try:
        peer = PlatformPeer(broker.port)
        cert, key = ca.issue("gateway", "pinpost-gateway", "DNS:pinpost-gateway")
        cfg = sim_config(broker.tls_port, tls={"caFile": ca.ca_cert}, credentials={"x509": {"certFile": cert, "keyFile": key}})
        pinpost_factory(cfg).start()
        peer.wait_for("v1/gateway/connect", lambda m: m.payload == b'{"device":"Relays","type":"relay"}', timeout=15)
        peer.close()
    finally:
        broker.stop()


def test_mqtt5_without_echoes(broker, peer, pinpost_factory):
    cfg = sim_config(broker.port, mqttVersion="5")
    p = pinpost_factory(cfg).start()
    peer.wait_for("v1/devices/me/rpc/request/1", timeout=15)
    mark = peer.mark()
    peer.publish("v1/gateway/rpc", {"device": "Relays", "data": {"id": 1, "method": "toggle_gpio", "params": {"pin": 1}}})
    reply = peer.wait_for("v1/gateway/rpc", lambda m: b'"success"' in m.payload, after=mark)
    assert reply.payload == b'{"device":"Relays","id":1,"data":{"success":true,"pin":1,"value":true}}'
    p.wait_log('msg="rpc"')
    time.sleep(0.5)
    # MQTT 5 subscriptions are no-local: the broker does not hand our own reply back.
    assert "echoed" not in p.log(), p.log()


def test_self_telemetry_at_the_configured_interval(broker, peer, pinpost_factory):
    cfg = sim_config(broker.port)
    cfg["gateway"]["telemetryIntervalMs"] = 1000
    pinpost_factory(cfg).start()
    first = peer.wait_for("v1/devices/me/telemetry", timeout=15)
    second = peer.wait_for("v1/devices/me/telemetry", after=peer.messages.index(first) + 1, timeout=5)
    values = second.json()["values"]
    assert set(values) == {"uptimeSeconds", "messagesSent", "bufferRecords", "bufferBytes", "bufferFillPercent",
                           "droppedRecords", "lostRecords", "bufferFileFailed", "reconnects", "rpcsHandled", "rssKiB", "clock"}
    assert values["messagesSent"] > 0 and values["rssKiB"] > 0
    assert values["clock"] in ("synchronized", "unsynchronized", "unknown")
    # The ready-made dashboard plots only keys the gateway really sends.
    with open(os.path.join(os.path.dirname(__file__), "..", "..", "examples", "dashboard.json")) as f:
        dashboard = json.load(f)
    plotted = {key["name"] for widget in dashboard["configuration"]["widgets"].values()
               for source in widget["config"].get("datasources", []) if source.get("name") == "Gateway"
               for key in source.get("dataKeys", [])}
    assert plotted and plotted <= set(values), plotted - set(values)
