"""Config files for the end-to-end tests: the simulated board, a relay device whose outputs are looped back
to inputs (boards/sim.json: GPIO17 -> GPIO27, GPIO22 -> GPIO23), and simulated I2C sensors."""

TOKEN = "it-gateway-token"


def sim_config(port, buffer_path=None, devices=None, **connection):
    conn = {"host": "127.0.0.1", "port": port, "clientId": "pinpost-it", "credentials": {"accessToken": TOKEN},
            "keepAliveSeconds": 10}
    conn.update(connection)
    return {
        "board": "sim",
        "connection": conn,
        "buffer": {"mode": "file", "path": buffer_path, "sizeBytes": 262144} if buffer_path else {"mode": "memory"},
        "gateway": {"telemetryIntervalMs": 60000},
        "log": {"level": "debug"},
        "devices": devices if devices is not None else [relays(), climate()],
    }


def relays(name="Relays", debounce_ms=0):
    return {"name": name, "type": "relay", "gpio": [
        {"key": 1, "pin": "GPIO17", "mode": "output"},
        {"key": 2, "pin": "GPIO22", "mode": "output", "initial": True},
        {"key": 11, "pin": "GPIO27", "mode": "input", "bias": "pull-down", "edge": "both", "debounceMs": debounce_ms},
        {"key": 12, "pin": "GPIO23", "mode": "input", "bias": "pull-down", "edge": "both", "debounceMs": debounce_ms},
    ]}


def climate(name="Climate", interval_ms=500):
    return {"name": name, "type": "climate",
            "i2c": {"driver": "bme280", "bus": "i2c-1", "address": "0x76", "pollIntervalMs": interval_ms}}
