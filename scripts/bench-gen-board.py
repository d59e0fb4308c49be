#!/usr/bin/env python3
"""Writes bench/boards/sim-large.json, the bench-only simulated board of bench/compare: 256 outputs OUTn each
wired to its own input INn (so up to 256 GPIO child devices can be driven by toggle RPCs), and 128 simulated
I2C buses bus0...bus127 with a BME280 at 0x76 on each (so 128 sensor devices can poll at once, for the
replay benchmark), and WAVE0...WAVE15 on a chip of their own, each driven by a 500 Hz square wave (an edge
every millisecond: a telemetry source that needs no RPC). The buses share one SDA/SCL pin pair: the simulated
bus does not use them. A chip's scripts run only once a device uses one of its pins."""
import json
import os

GPIO_PAIRS, BUSES, WAVES = 256, 128, 16
pins = []
for i in range(GPIO_PAIRS):
    pins += [{"name": f"OUT{i}", "chip": "bench", "line": 2 * i}, {"name": f"IN{i}", "chip": "bench", "line": 2 * i + 1}]
pins += [{"name": "SDA", "chip": "bench", "line": 2 * GPIO_PAIRS}, {"name": "SCL", "chip": "bench", "line": 2 * GPIO_PAIRS + 1}]
pins += [{"name": f"WAVE{w}", "chip": "wave", "line": w} for w in range(WAVES)]
waves = [{"pin": f"WAVE{w}", "steps": [{"delayMs": 1, "level": True}, {"delayMs": 1, "level": False}], "repeat": True}
         for w in range(WAVES)]
buses = [{"name": f"bus{b}", "device": f"sim:bus{b}", "sda": "SDA", "scl": "SCL"} for b in range(BUSES)]
loopbacks = [{"output": f"OUT{i}", "input": f"IN{i}"} for i in range(GPIO_PAIRS)]
chips = [{"bus": f"bus{b}", "address": "0x76", "model": "bme280"} for b in range(BUSES)]


def rows(items, indent):
    return ",\n".join(" " * indent + json.dumps(item) for item in items)


text = "\n".join([
    "{",
    '  "name": "sim-large",',
    '  "description": "Bench-only simulated board (scripts/bench-gen-board.py): OUTn wired to INn for 256 GPIO devices, a BME280 on each of bus0...bus127, 500 Hz square waves on WAVE0...WAVE15",',
    '  "targets": ["x86_64-linux-gnu"],',
    f'  "gpiochips": [{{"id": "bench", "label": "pinpost-sim-large", "lines": {2 * GPIO_PAIRS + 2}}}, '
    f'{{"id": "wave", "label": "pinpost-sim-wave", "lines": {WAVES}}}],',
    '  "pins": [', rows(pins, 4), "  ],",
    '  "i2c": [', rows(buses, 4), "  ],",
    '  "simulation": {',
    '    "loopbacks": [', rows(loopbacks, 6), "    ],",
    '    "i2cDevices": [', rows(chips, 6), "    ],",
    '    "inputs": [', rows(waves, 6), "    ]",
    "  }",
    "}",
]) + "\n"
json.loads(text)
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench", "boards", "sim-large.json")
with open(out, "w") as f:
    f.write(text)
print(f"wrote {os.path.relpath(out)}")
