"""The scripted ThingsBoard side of the integration tests: a paho-mqtt client on the same broker that sees
every uplink pinpost publishes (it subscribes to v1/#) and sends downlinks the way the server does (RPCs,
shared-attribute updates, attribute responses), at QoS 1."""
import json
import threading
import time

import paho.mqtt.client as mqtt


class Message:
    def __init__(self, topic, payload, received_at):
        self.topic = topic
        self.payload = payload  # exact bytes on the wire
        self.received_at = received_at

    def json(self):
        return json.loads(self.payload)

    def __repr__(self):
        return f"<{self.topic} {self.payload[:200]!r}>"


class PlatformPeer:
    def __init__(self, port, client_id="platform-peer"):
        self.messages = []
        self.cond = threading.Condition()
        self.client = mqtt.Client(client_id=client_id, protocol=mqtt.MQTTv311, clean_session=True)
        self.client.on_message = self._on_message
        connected = threading.Event()
        self.client.on_connect = lambda c, u, f, rc: (c.subscribe("v1/#", qos=1), connected.set())
        self.client.connect("127.0.0.1", port, keepalive=30)
        self.client.loop_start()
        if not connected.wait(10):
            raise RuntimeError("platform peer could not connect to the broker")
        time.sleep(0.2)  # let the SUBACK arrive before the test publishes anything

    def close(self):
        self.client.loop_stop()
        self.client.disconnect()

    def _on_message(self, client, userdata, msg):
        with self.cond:
            self.messages.append(Message(msg.topic, bytes(msg.payload), time.monotonic()))
            self.cond.notify_all()

    def publish(self, topic, payload, qos=1):
        data = payload if isinstance(payload, (bytes, bytearray)) else json.dumps(payload, separators=(",", ":")).encode()
        info = self.client.publish(topic, data, qos=qos)
        info.wait_for_publish(5)
        return data

    def on_topic(self, topic):
        with self.cond:
            return [m for m in self.messages if m.topic == topic]

    def wait_for(self, topic, predicate=lambda m: True, timeout=10.0, after=0):
        """Waits for the first message on `topic` (from index `after` of the log) matching `predicate`."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                for m in self.messages[after:]:
                    if m.topic == topic and predicate(m):
                        return m
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    seen = [m for m in self.messages if m.topic == topic][-5:]
                    raise AssertionError(f"no matching message on {topic} within {timeout}s; last seen: {seen}")
                self.cond.wait(remaining)

    def mark(self):
        with self.cond:
            return len(self.messages)
