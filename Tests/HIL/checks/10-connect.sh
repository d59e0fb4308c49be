# pinpost starts with the suite's config, connects to the broker and takes exactly the lines it was given.
# Starts the MQTT recorder every later check reads, the platform's answers (00-infra.sh platform_start), and
# pinpost, which runs until 70-restart.sh or the end.

HIL_MQTT_LOG=$HIL_WORK/mqtt.log
HIL_RPC_LOG=$HIL_MQTT_LOG
HIL_TELEMETRY_LOG=$HIL_MQTT_LOG
HIL_RECORDER_PID=$(mqtt_record 'v1/#' "$HIL_MQTT_LOG")
platform_start
sleep 0.5
[ -x "$PINPOST" ] && pinpost_start

# The devices of the config (every "name" in it is a device's).
HIL_DEVICES=$(sed -n 's/.*"name": *"\([^"]*\)".*/\1/p' "$HIL_CONFIG" | tr '\n' '|' | sed 's/|$//')

connected_devices() {
    grep -c '^v1/gateway/connect ' "$HIL_MQTT_LOG"
}
all_devices_connected() {
    echo "$HIL_DEVICES" | tr '|' '\n' | while read -r name; do
        grep -qF "v1/gateway/connect {\"device\":\"$name\"" "$HIL_MQTT_LOG" || exit 1
    done
}
hil_check_connect() {
    [ -x "$PINPOST" ] || { echo "no pinpost binary"; return 1; }
    if ! wait_for 20 all_devices_connected; then
        pinpost_running || echo "pinpost exited: $(tail -3 "$HIL_WORK/pinpost.log" | tr '\n' ' ')"
        echo "$(connected_devices) v1/gateway/connect messages; want one per device ($HIL_DEVICES)"
        return 1
    fi
    echo "$(echo "$HIL_DEVICES" | tr '|' '\n' | wc -l) devices announced on v1/gateway/connect"
}
check "pinpost run connects and announces every device" hil_check_connect
all_devices_connected && touch "$HIL_WORK/connected"

# Still alive a few seconds after connecting (sensor cycles, session set-up done)? Reaped here, in the
# main shell, so that its exit status can be reported.
[ -e "$HIL_WORK/connected" ] && sleep 3
pinpost_reap
hil_check_alive() {
    need_pinpost
    [ ! -e "$HIL_WORK/pinpost.exit" ] || {
        hil_status=$(cat "$HIL_WORK/pinpost.exit")
        echo "pinpost exited with status $hil_status$(signal_name "$hil_status") after connecting; last log line: $(grep -v '^---' "$HIL_WORK/pinpost.log" | tail -1)"
        rm -f "$HIL_WORK/connected"
        return 1
    }
    echo "pid $(cat "$HIL_WORK/pinpost.pid")"
}
check "pinpost keeps running after connecting" hil_check_alive
[ -e "$HIL_WORK/pinpost.exit" ] && rm -f "$HIL_WORK/connected"

# The kernel's list of requested lines (debugfs) shows what pinpost holds, with directions.
hil_check_lines() {
    need_pinpost
    [ -r /sys/kernel/debug/gpio ] || { echo "/sys/kernel/debug/gpio not readable (mount debugfs)"; exit 2; }
    problems=""
    for spec in GPIO17:out GPIO22:out GPIO27:in GPIO23:in GPIO24:in GPIO6:in GPIO13:in; do
        line=$(board_line_state "${spec%%:*}")
        echo "$line" | grep -q "| *[^ )].*) ${spec#*:} " || problems="$problems ${spec%%:*} (want ${spec#*:}: '$line')"
    done
    # Lines the config does not name are never requested (the allowlist as the kernel sees it).
    for pin in GPIO21 GPIO26 GPIO4; do
        board_line_state "$pin" | grep -q '| *[^ )]' && problems="$problems $pin requested though not configured"
    done
    [ -z "$problems" ] || { echo "$problems"; return 1; }
    echo "7 configured lines requested with their directions; unconfigured GPIO4/21/26 free"
}
check "pinpost requests exactly the configured lines (debugfs)" hil_check_lines

# The ring buffer is a file of the configured size at the configured path (buffer.path, buffer.sizeBytes).
hil_check_ring_file() {
    need_pinpost
    path=$(sed -n 's/.*"path": *"\([^"]*\)".*/\1/p' "$HIL_CONFIG" | head -1)
    size=$(sed -n 's/.*"sizeBytes": *\([0-9]*\).*/\1/p' "$HIL_CONFIG" | head -1)
    [ -f "$path" ] || { echo "no ring file at $path ($(ls -la "$(dirname "$path")" 2>&1 | tail -n +2 | tr '\n' ' '))"; return 1; }
    got=$(wc -c < "$path")
    [ "$got" -ge "$size" ] || { echo "$path has $got bytes, want the configured $size"; return 1; }
    echo "$path, $got bytes"
}
check "ring buffer file created at buffer.path" hil_check_ring_file
