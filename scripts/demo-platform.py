#!/usr/bin/python3
"""The demo's stand-in for ThingsBoard: prints what the gateway publishes as it arrives, and every few
seconds sends a `toggle_gpio` RPC to the demo relay board, printing the reply and the round-trip time.
Usage: demo-platform.py PORT [SECONDS]   (SECONDS: stop after that long; default: until Ctrl-C)"""
import json
import sys
import threading
import time

import paho.mqtt.client as mqtt

port = int(sys.argv[1])
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else None
sent = {}
next_id = [0]
lock = threading.Lock()


def stamp():
    return time.strftime("%H:%M:%S")


def on_connect(client, userdata, flags, rc):
    client.subscribe("v1/#", qos=1)


def on_message(client, userdata, msg):
    text = msg.payload.decode(errors="replace")
    if msg.topic == "v1/gateway/rpc":
        body = json.loads(text)
        if "data" in body and "method" in body["data"]:
            return  # our own request, echoed by the broker
        with lock:
            started = sent.pop(body.get("id"), None)
        rtt = f" ({(time.monotonic() - started) * 1000:.1f} ms)" if started else ""
        print(f"{stamp()}  <- RPC reply   {text}{rtt}", flush=True)
    elif msg.topic == "v1/gateway/telemetry":
        for device, entries in json.loads(text).items():
            for entry in entries:
                print(f"{stamp()}  <- telemetry   {device}: {json.dumps(entry['values'])}", flush=True)
    elif msg.topic in ("v1/gateway/connect", "v1/gateway/disconnect", "v1/gateway/attributes", "v1/devices/me/telemetry"):
        print(f"{stamp()}  <- {msg.topic.split('/', 1)[1]:<11} {text[:160]}", flush=True)


client = mqtt.Client(client_id="demo-platform", protocol=mqtt.MQTTv311)
client.on_connect = on_connect
client.on_message = on_message
client.connect("127.0.0.1", port, keepalive=30)
client.loop_start()
start = time.monotonic()
try:
    time.sleep(3)
    while seconds is None or time.monotonic() - start < seconds:
        with lock:
            rid = next_id[0]
            next_id[0] += 1
            sent[rid] = time.monotonic()
        request = {"device": "Demo Relays", "data": {"id": rid, "method": "toggle_gpio", "params": {"pin": 1}}}
        print(f"{stamp()}  -> RPC         toggle_gpio pin 1 (id {rid})", flush=True)
        client.publish("v1/gateway/rpc", json.dumps(request, separators=(",", ":")), qos=1)
        time.sleep(4)
except KeyboardInterrupt:
    pass
client.loop_stop()
client.disconnect()
