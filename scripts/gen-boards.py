#!/usr/bin/env python3
"""Writes boards/*.json from one table of the Raspberry Pi 40-pin header.

The Pi boards share the header layout (BCM GPIO number -> physical pin); they differ in the gpiochip
that serves it (label as the kernel reports it) and nothing else pinpost uses. Generating them keeps the
four files from drifting apart; the files themselves are the data the firmware reads. Run it after
changing this table: python3 scripts/gen-boards.py
"""
import json, pathlib

# BCM GPIO number -> physical header pin (40-pin header, all Pi models since the B+).
HEADER = {2: 3, 3: 5, 4: 7, 17: 11, 27: 13, 22: 15, 10: 19, 9: 21, 11: 23, 5: 29, 6: 31, 13: 33,
          19: 35, 26: 37, 14: 8, 15: 10, 18: 12, 23: 16, 24: 18, 25: 22, 8: 24, 7: 26, 12: 32,
          16: 36, 20: 38, 21: 40}
ALIASES = {2: ["SDA1"], 3: ["SCL1"], 14: ["TXD0"], 15: ["RXD0"], 10: ["MOSI"], 9: ["MISO"],
           11: ["SCLK"], 8: ["CE0"], 7: ["CE1"], 18: ["PCM_CLK"]}
PI_TARGETS = ["aarch64-linux-musl", "armv7-linux-musleabihf"]

def pins(chip):
    out = []
    for gpio in range(2, 28):
        pin = {"name": f"GPIO{gpio}", "chip": chip, "line": gpio, "header": HEADER[gpio]}
        if gpio in ALIASES:
            pin["aliases"] = ALIASES[gpio]
        out.append(pin)
    return out

I2C1 = [{"name": "i2c-1", "device": "/dev/i2c-1", "sda": "GPIO2", "scl": "GPIO3"}]

BOARDS = {
    "rpi3b": ("Raspberry Pi 3 Model B/B+ (BCM2837)", "pinctrl-bcm2835"),
    "rpi4b": ("Raspberry Pi 4 Model B (BCM2711)", "pinctrl-bcm2711"),
    # On the Pi 5 the header is served by the RP1 south bridge; its gpiochip is found by label because
    # its number changed between kernels (gpiochip4 before 6.6.45, gpiochip0 after).
    "rpi5": ("Raspberry Pi 5 (BCM2712, header on RP1)", "pinctrl-rp1"),
    "rpizero2w": ("Raspberry Pi Zero 2 W (RP3A0/BCM2710A1)", "pinctrl-bcm2835"),
}

def dump(board):
    """One key per line at the top, one object per line inside lists: diffable and easy to read."""
    lines = ["{"]
    items = list(board.items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and isinstance(value[0], dict):
            inner = ",\n".join("    " + json.dumps(v, separators=(", ", ": ")) for v in value)
            lines.append(f'  "{key}": [\n{inner}\n  ]{comma}')
        elif isinstance(value, dict) and any(isinstance(v, list) for v in value.values()):
            sub = []
            for j, (k, v) in enumerate(value.items()):
                c = "," if j < len(value) - 1 else ""
                inner = ",\n".join("      " + json.dumps(x, separators=(", ", ": ")) for x in v)
                sub.append(f'    "{k}": [\n{inner}\n    ]{c}')
            lines.append(f'  "{key}": {{\n' + "\n".join(sub) + f"\n  }}{comma}")
        else:
            lines.append(f'  "{key}": {json.dumps(value, separators=(", ", ": "))}{comma}')
    lines.append("}")
    return "\n".join(lines) + "\n"

root = pathlib.Path(__file__).resolve().parent.parent / "boards"
for name, (description, label) in BOARDS.items():
    board = {
        "name": name,
        "description": description,
        "targets": PI_TARGETS,
        "gpiochips": [{"id": "header", "label": label}],
        "pins": pins("header"),
        "i2c": I2C1,
    }
    (root / f"{name}.json").write_text(dump(board))

# The simulated board: the same pin names as a Pi (so configs move between them), lines held in memory,
# one output wired to one input, and simulated sensors answering at register level on i2c-1.
sim = {
    "name": "sim",
    "description": "Simulated board for tests and the demo: in-memory GPIO and register-level I2C sensors",
    "targets": ["x86_64-linux-gnu"],
    "gpiochips": [{"id": "header", "label": "pinpost-sim"}],
    "pins": pins("header"),
    "i2c": [{"name": "i2c-1", "device": "sim:i2c-1", "sda": "GPIO2", "scl": "GPIO3"}],
    "simulation": {
        "loopbacks": [{"output": "GPIO17", "input": "GPIO27"}, {"output": "GPIO22", "input": "GPIO23"}],
        "i2cDevices": [
            {"bus": "i2c-1", "address": "0x76", "model": "bme280"},
            {"bus": "i2c-1", "address": "0x44", "model": "sht31"},
            {"bus": "i2c-1", "address": "0x23", "model": "bh1750"},
            {"bus": "i2c-1", "address": "0x48", "model": "ads1115"},
            {"bus": "i2c-1", "address": "0x18", "model": "mcp9808"},
            {"bus": "i2c-1", "address": "0x49", "model": "tmp102"},
        ],
    },
}
(root / "sim.json").write_text(dump(sim))
