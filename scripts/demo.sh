#!/usr/bin/env bash
# `make demo`: the whole loop on one machine. A local mosquitto on 127.0.0.1, pinpost on the simulated
# board with examples/demo.json, and a small terminal "platform" (scripts/demo-platform.py) that prints the
# telemetry as it arrives and sends a toggle_gpio RPC every few seconds, showing the reply.
# DEMO_SECONDS=N stops after N seconds (CI); otherwise Ctrl-C stops everything.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
echo "== building pinpost (swift build)"
swift build --product pinpost 2>&1 | tail -n 1
bin=$(swift build --show-bin-path)/pinpost
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
work=$(mktemp -d)
cleanup() {
    [ -n "${pinpost_pid:-}" ] && kill -TERM "$pinpost_pid" 2>/dev/null && wait "$pinpost_pid" 2>/dev/null
    [ -n "${broker_pid:-}" ] && kill "$broker_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo
echo "== pinpost check -c examples/demo.json"
"$bin" check -c examples/demo.json --port "$port" 2>/dev/null | sed -n '1,12p'

printf 'listener %s 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
[ "$(id -u)" = 0 ] && echo "user root" >> "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" >"$work/broker.log" 2>&1 &
broker_pid=$!
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/"$port") 2>/dev/null && break; sleep 0.1; done

echo
echo "== mosquitto on 127.0.0.1:$port; pinpost run (log: $work/pinpost.log); the platform's view:"
"$bin" run -c examples/demo.json --port "$port" >"$work/pinpost.log" 2>&1 &
pinpost_pid=$!
/usr/bin/python3 scripts/demo-platform.py "$port" ${DEMO_SECONDS:-}
echo
echo "== pinpost's log (last lines)"
tail -n 8 "$work/pinpost.log"
