"""Input edges through the real binary: a scripted bouncing button on the simulated board (board file given
by path, with `simulation.inputs`) yields exactly one telemetry entry per debounced edge, stamped with the
time the contact first moved."""
import json
import os
import time

from configs import sim_config

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# Press at t=0 with four bounces inside 8 ms, release 400 ms later with three bounces; every second.
BOUNCING_BUTTON = [
    {"delayMs": 0, "level": True}, {"delayMs": 2, "level": False}, {"delayMs": 2, "level": True},
    {"delayMs": 3, "level": False}, {"delayMs": 1, "level": True},
    {"delayMs": 392, "level": False}, {"delayMs": 2, "level": True}, {"delayMs": 2, "level": False},
    {"delayMs": 596, "level": False},
]


def board_with_button(workdir):
    with open(os.path.join(ROOT, "boards", "sim.json")) as f:
        board = json.load(f)
    board["name"] = "sim-button"
    board["simulation"]["inputs"] = [{"pin": "GPIO5", "steps": BOUNCING_BUTTON, "repeat": True}]
    path = os.path.join(workdir, "sim-button.json")
    with open(path, "w") as f:
        json.dump(board, f)
    return path


def test_bouncing_button_gives_one_entry_per_debounced_edge(broker, peer, pinpost_factory, workdir):
    cfg = sim_config(broker.port, devices=[{"name": "Button", "type": "button", "gpio": [
        {"key": 5, "pin": "GPIO5", "mode": "input", "edge": "both", "debounceMs": 20}]}])
    cfg["board"] = board_with_button(workdir)
    pinpost_factory(cfg).start()
    peer.wait_for("v1/gateway/connect", timeout=15)
    time.sleep(5.5)
    entries = []
    for m in peer.on_topic("v1/gateway/telemetry"):
        entries += m.json().get("Button", [])
    levels = [e["values"]["5"] for e in entries]
    stamps = [e["ts"] for e in entries]
    assert 8 <= len(entries) <= 12, entries
    # Alternating presses and releases: no bounce got through.
    assert all(a != b for a, b in zip(levels, levels[1:])), levels
    # Stamped when the contact first moved: a press and its release 400 ms apart, presses 1000 ms apart.
    for i in range(1, len(entries)):
        gap = stamps[i] - stamps[i - 1]
        expected = 400 if levels[i] is False else 600
        assert abs(gap - expected) <= 25, (levels, stamps)
