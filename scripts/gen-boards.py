#!/usr/bin/env python3
"""Writes boards/*.json and Sources/Config/BuiltinBoards.swift from one table of the Raspberry Pi header.

The Pi boards share the header layout (BCM GPIO number -> physical pin); they differ in the gpiochip that
serves it (its label as the kernel reports it, and its line count) and nothing else pinpost uses. Generating
them keeps the files from drifting apart; the files are the data pinpost reads. The same JSON texts are
compiled into the binary (BuiltinBoards.swift) so a deployment is one static file plus one config; a test
(ConfigTests) fails when the two disagree. Run it after changing this table: python3 scripts/gen-boards.py

What was verified, and where (so nobody has to guess again):
- Pi 3 / Zero 2 W: the header is gpiochip "pinctrl-bcm2835", 54 lines; Pi 4: "pinctrl-bcm2711", 58 lines
  (the kernel's drivers/pinctrl/bcm/pinctrl-bcm2835.c: gpio_chip .label and BCM2835_NUM_GPIOS /
  BCM2711_NUM_GPIOS; gpiodetect output on a CM4: "gpiochip0 [pinctrl-bcm2711] (58 lines)").
- Pi 5: the header is on the RP1 south bridge, gpiochip "pinctrl-rp1", 54 lines (gpiodetect on a Pi 5:
  "gpiochip0 [pinctrl-rp1] (54 lines)"; it was gpiochip4 before kernel 6.6.45, so chips are found by label).
- On all of them line N of that chip is BCM GPIO N (gpioinfo names lines 2..27 "GPIO2".."GPIO27" on the Pi 5,
  "SDA1", "SCL1", "GPIO5", ... "GPIO27" at the same offsets on the Pi 4).
- The header's I2C (GPIO2 = SDA1, GPIO3 = SCL1) is /dev/i2c-1 once `dtparam=i2c_arm=on` is set, Pi 5 included.
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

VERIFIED_BCM = ("lines 2..27 of that chip are BCM GPIO2..GPIO27 (kernel pinctrl-bcm2835.c, gpioinfo); "
                "I2C1 on GPIO2/GPIO3 is /dev/i2c-1 with dtparam=i2c_arm=on")
# name -> (description, gpiochip label, line count of that chip)
BOARDS = {
    "rpi3b": ("Raspberry Pi 3 Model B/B+ (BCM2837). Header on gpiochip 'pinctrl-bcm2835' (54 lines); "
              + VERIFIED_BCM, "pinctrl-bcm2835", 54),
    "rpi4b": ("Raspberry Pi 4 Model B (BCM2711). Header on gpiochip 'pinctrl-bcm2711' (58 lines); "
              + VERIFIED_BCM, "pinctrl-bcm2711", 58),
    # On the Pi 5 the header is served by the RP1 south bridge; its gpiochip is found by label because
    # its number changed between kernels (gpiochip4 before 6.6.45, gpiochip0 after).
    "rpi5": ("Raspberry Pi 5 (BCM2712). Header on the RP1 south bridge, gpiochip 'pinctrl-rp1' (54 lines; "
             "gpiochip4 before kernel 6.6.45, gpiochip0 after, so it is found by label); lines 2..27 are "
             "GPIO2..GPIO27 (gpioinfo); I2C1 on GPIO2/GPIO3 is /dev/i2c-1 with dtparam=i2c_arm=on",
             "pinctrl-rp1", 54),
    "rpizero2w": ("Raspberry Pi Zero 2 W (RP3A0/BCM2710A1). Header on gpiochip 'pinctrl-bcm2835' (54 lines); "
                  + VERIFIED_BCM, "pinctrl-bcm2835", 54),
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

boards = {}
for name, (description, label, line_count) in BOARDS.items():
    boards[name] = {
        "name": name,
        "description": description,
        "targets": PI_TARGETS,
        "gpiochips": [{"id": "header", "label": label, "lines": line_count}],
        "pins": pins("header"),
        "i2c": I2C1,
    }

# The simulated board: the same pin names as a Pi (so configs move between them), lines held in memory,
# one output wired to one input, and simulated sensors answering at register level on i2c-1.
boards["sim"] = {
    "name": "sim",
    "description": "Simulated board for tests and the demo: in-memory GPIO and register-level I2C sensors",
    # Fully static against musl like the Pi builds; the first is the default (build/sim/pinpost, used by the
    # demo and the bench). The aarch64 and armv7 builds of this board are what the firmware tests run under
    # qemu-user. x86_64-linux-gnu (static glibc, no TLS) stays buildable on request: TARGET=x86_64-linux-gnu.
    "targets": ["x86_64-linux-musl", "aarch64-linux-musl", "armv7-linux-musleabihf"],
    "gpiochips": [{"id": "header", "label": "pinpost-sim", "lines": 54}],
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
        # A door contact on GPIO6 that opens for 3 s every 10 s, so the demo shows input edges too.
        "inputs": [{"pin": "GPIO6", "steps": [{"delayMs": 7000, "level": True}, {"delayMs": 3000, "level": False}],
                    "repeat": True}],
    },
}

root = pathlib.Path(__file__).resolve().parent.parent
texts = {}
for name, board in boards.items():
    texts[name] = dump(board)
    (root / "boards" / f"{name}.json").write_text(texts[name])

# The Swift twin. Raw string literals (#"""...""") keep the JSON byte for byte: no escape is interpreted.
# The newline before the closing delimiter is not part of a multi-line literal, hence the extra one.
def swift_literal(text):
    assert '"""#' not in text
    return '#"""\n' + text + '\n"""#'

names = sorted(texts)
cases = "\n".join(f'        case "{n}": return {swift_literal(texts[n])}' for n in names)
swift = f'''// Generated by scripts/gen-boards.py from boards/*.json: do not edit (edit the script and run it again).
// The board files compiled into the binary, so that a deployment is one static executable plus one config
// file; `"board": "rpi4b"` in a config names one of these. ConfigTests checks that they equal boards/*.json.

/// The board files built into pinpost, by name.
public enum BuiltinBoards {{
    /// Names of the built-in boards, sorted.
    public static var names: [String] {{ [{", ".join(f'"{n}"' for n in names)}] }}

    /// The JSON text of built-in board `name` (the content of boards/<name>.json), or nil.
    public static func text(named name: String) -> String? {{
        switch name {{
{cases}
        default: return nil
        }}
    }}
}}
'''
(root / "Sources" / "Config" / "BuiltinBoards.swift").write_text(swift)
