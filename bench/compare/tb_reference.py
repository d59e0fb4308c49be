"""The Python reference gateway of the comparison (bench/compare): ThingsBoard's own client library,
`TBGatewayMqttClient` from PyPI's tb-mqtt-client (pinned in requirements.txt), doing the job pinpost does on
the bench board: NDEV child devices "Bench 000"... each with output pin 1 wired to input pin 2. A
toggle_gpio RPC flips the output, replies, and sends the output's and the input's new level as telemetry
(with ts) and the output as a client attribute; get_gpio replies with the level. QoS 1 throughout, the
library's defaults otherwise. Runs until SIGTERM.

    python tb_reference.py PORT NDEV
"""
import signal
import sys
import threading
import time

from tb_gateway_mqtt import TBGatewayMqttClient


def main():
    port, ndev = int(sys.argv[1]), int(sys.argv[2])
    names = [f"Bench {i:03d}" for i in range(ndev)]
    levels = {name: False for name in names}
    client = TBGatewayMqttClient("127.0.0.1", port, username="BENCH_TOKEN", quality_of_service=1,
                                 client_id="bench-tb-reference")

    def on_rpc(gateway, content):
        data = content.get("data") or {}
        device, request_id, method = content.get("device"), data.get("id"), data.get("method")
        if method is None or device not in levels:
            return  # the broker echoes our own replies on the same topic
        if method == "toggle_gpio":
            levels[device] = not levels[device]
            level, ts = levels[device], int(time.time() * 1000)
            gateway.gw_send_rpc_reply(device, request_id, {"success": True, "pin": 1, "value": level}, 1)
            gateway.gw_send_telemetry(device, {"ts": ts, "values": {"1": level}}, 1)
            gateway.gw_send_telemetry(device, {"ts": ts, "values": {"2": level}}, 1)
            gateway.gw_send_attributes(device, {"1": level}, 1)
        elif method == "get_gpio":
            gateway.gw_send_rpc_reply(device, request_id, {"pin": 1, "value": levels[device]}, 1)
        else:
            gateway.gw_send_rpc_reply(device, request_id, {"success": False, "error": f"unknown method {method}"}, 1)

    client.gw_set_server_side_rpc_request_handler(on_rpc)
    client.connect()
    for name in names:
        client.gw_connect_device(name, "bench-gpio")
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    stop.wait()
    client.disconnect()


if __name__ == "__main__":
    main()
