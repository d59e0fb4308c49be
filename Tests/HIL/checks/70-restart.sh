# The ring buffer surviving a crash: with the broker gone, pinpost keeps readings and an input edge in its
# file-backed ring; it is then killed (SIGKILL: no clean shutdown), the broker comes back, pinpost starts
# again and must deliver what it recorded while offline, with the original timestamps. Last check file:
# it restarts the broker and pinpost.

BME="HIL BME280"
IN="HIL Inputs"

if [ -e "$HIL_WORK/connected" ]; then
    board_drive GPIO24 0
    sleep 0.5
    board_broker_stop
    HIL_OFFLINE_FROM=$(clock_ms)
    sleep 1.5
    HIL_OFFLINE_EDGE=$(clock_ms)
    board_drive GPIO24 1
    sleep 1.5
    HIL_OFFLINE_TO=$(clock_ms)
    pinpost_stop KILL
    kill "$HIL_RECORDER_PID" 2>/dev/null
    board_broker_start
    # A fresh recording: only what arrives after the restart counts.
    HIL_MQTT_LOG=$HIL_WORK/mqtt-after-restart.log
    HIL_RPC_LOG=$HIL_MQTT_LOG
    HIL_TELEMETRY_LOG=$HIL_MQTT_LOG
    HIL_RECORDER_PID=$(mqtt_record 'v1/#' "$HIL_MQTT_LOG")
    platform_start
    sleep 0.5
    pinpost_start
fi

offline_readings() {
    telemetry_values "$BME" temperature | awk -v a="$HIL_OFFLINE_FROM" -v b="$HIL_OFFLINE_TO" '$1 >= a && $1 <= b' | wc -l
}

hil_check_backlog_readings() {
    need_pinpost
    wait_for 20 '[ "$(offline_readings)" -ge 2 ]' \
        || { echo "$(offline_readings) BME280 readings with ts in the offline window [$HIL_OFFLINE_FROM, $HIL_OFFLINE_TO] after the restart (1 s poll: want >= 2)"; return 1; }
    echo "$(offline_readings) readings taken offline delivered after kill -9 and restart"
}

hil_check_backlog_edge() {
    need_pinpost
    wait_for 10 'telemetry_values "$IN" 3 | awk -v a="$HIL_OFFLINE_EDGE" "\$1 >= a - 1000 && \$1 <= a + 2000 && \$2 == \"true\"" | grep -q .' \
        || { echo "the offline GPIO24 rising edge (at $HIL_OFFLINE_EDGE) was not delivered: $(telemetry_values "$IN" 3 | tail -3 | tr '\n' ' ')"; return 1; }
    echo "edge at $(telemetry_values "$IN" 3 | awk -v a="$HIL_OFFLINE_EDGE" '$1 >= a - 1000 && $2 == "true"' | head -1 | cut -d' ' -f1)"
}

hil_check_restart_live() {
    need_pinpost
    since=$(clock_ms)
    wait_for 10 'telemetry_values "$BME" temperature | awk -v s="$since" "\$1 >= s" | grep -q .' \
        || { echo "no live BME280 reading after the restart"; return 1; }
    data=$(rpc "HIL Outputs" get_gpio '{"pin":1}' 10) || { echo "$data"; return 1; }
    echo "live readings and RPCs after the restart"
}

check "ring buffer: readings taken offline survive kill -9 and are delivered" hil_check_backlog_readings
check "ring buffer: an input edge taken offline is delivered with its timestamp" hil_check_backlog_edge
check "pinpost works normally after the restart" hil_check_restart_live
