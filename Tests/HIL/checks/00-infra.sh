# Infrastructure: the broker the suite plays the platform through, and the pinpost binary itself. Also the
# process helpers the later check files share (sourced by run.sh; runs on every board).

# pinpost runs in the background, its output appended to pinpost.log (several runs: restarts).
pinpost_start() {
    mkdir -p /var/lib/pinpost /run/pinpost 2>/dev/null
    echo "--- pinpost run (suite clock $(date +%s))" >> "$HIL_WORK/pinpost.log"
    "$PINPOST" run -c "$HIL_CONFIG" >> "$HIL_WORK/pinpost.log" 2>&1 &
    echo $! > "$HIL_WORK/pinpost.pid"
}
pinpost_running() {
    [ -s "$HIL_WORK/pinpost.pid" ] && kill -0 "$(cat "$HIL_WORK/pinpost.pid")" 2>/dev/null
}
# pinpost_stop [SIGNAL]: TERM (a clean shutdown) by default; waits for the process to end. Must run in
# the suite's main shell (pinpost's parent), like pinpost_reap.
pinpost_stop() {
    [ -s "$HIL_WORK/pinpost.pid" ] || return 0
    hil_pid=$(cat "$HIL_WORK/pinpost.pid")
    if ! pinpost_running; then pinpost_reap; return 0; fi
    kill -"${1:-TERM}" "$hil_pid" 2>/dev/null
    wait_for 5 '! kill -0 "$hil_pid"' || kill -KILL "$hil_pid" 2>/dev/null
    wait "$hil_pid" 2>/dev/null
    rm -f "$HIL_WORK/pinpost.pid"
}
# When pinpost has ended by itself: collects its exit status into pinpost.exit and the log. 128+N is
# signal N (an Embedded Swift trap is SIGTRAP, 133, on aarch64 and SIGILL, 132, on armv7; 139: SIGSEGV).
pinpost_reap() {
    [ -s "$HIL_WORK/pinpost.pid" ] && ! pinpost_running || return 0
    wait "$(cat "$HIL_WORK/pinpost.pid")"
    hil_status=$?
    echo "$hil_status" > "$HIL_WORK/pinpost.exit"
    echo "--- pinpost exited by itself with status $hil_status$(signal_name "$hil_status")" >> "$HIL_WORK/pinpost.log"
    rm -f "$HIL_WORK/pinpost.pid"
}
signal_name() {
    case $1 in 132) echo " (SIGILL: a trap, e.g. a Swift runtime check on armv7/x86)" ;;
    133) echo " (SIGTRAP: a Swift runtime check such as an out-of-bounds index, on aarch64)" ;; 134) echo " (SIGABRT)" ;; 135) echo " (SIGBUS)" ;;
    137) echo " (SIGKILL)" ;; 139) echo " (SIGSEGV)" ;; esac
}
# The platform's side of the session, answered as ThingsBoard does (a bare broker answers nothing):
# getSessionLimits with generous limits, and attribute requests with no values (nothing is stored for the
# devices, so the answer names the request and device only). Runs until the suite kills it; started again
# after a broker restart.
HIL_SESSION_LIMITS='{"maxPayloadSize":65536,"maxInflightMessages":100,"rateLimits":{"messages":"1000:1,60000:60","telemetryMessages":"1000:1,60000:60","telemetryDataPoints":"1000:1,60000:60"},"gatewayRateLimits":{"messages":"1000:1,60000:60","telemetryMessages":"1000:1,60000:60","telemetryDataPoints":"1000:1,60000:60"}}'
platform_start() {
    platform_stop
    rm -f "$HIL_WORK/platform.fifo" && mkfifo "$HIL_WORK/platform.fifo"
    # Through a FIFO rather than a pipe, so that both processes have a pid to stop them by.
    mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -q 1 -v -t 'v1/devices/me/rpc/request/+' \
        -t v1/gateway/attributes/request > "$HIL_WORK/platform.fifo" 2>/dev/null &
    echo $! > "$HIL_WORK/platform-sub.pid"
    while read -r topic payload; do
        case $topic in
        v1/devices/me/rpc/request/*)
            case $payload in
            *'"getSessionLimits"'*) mqtt_publish "v1/devices/me/rpc/response/${topic##*/}" "$HIL_SESSION_LIMITS" ;;
            esac ;;
        v1/gateway/attributes/request)
            mqtt_publish v1/gateway/attributes/response \
                "{\"id\":$(json_field "$payload" id),\"device\":$(json_field "$payload" device)}" ;;
        esac
    done < "$HIL_WORK/platform.fifo" > /dev/null 2>&1 &
    echo $! > "$HIL_WORK/platform.pid"
}
platform_stop() {
    for f in platform-sub.pid platform.pid; do
        [ -s "$HIL_WORK/$f" ] && kill "$(cat "$HIL_WORK/$f")" 2>/dev/null
        rm -f "$HIL_WORK/$f"
    done
}

# Checks that need pinpost connected SKIP (exit 2) when it never connected: one cause, one FAIL.
need_pinpost() {
    [ -e "$HIL_WORK/connected" ] || { echo "pinpost is not connected (see the connect check)"; exit 2; }
}

hil_check_broker() {
    broker_listening || { echo "nothing listens on 127.0.0.1:$MQTT_PORT"; return 1; }
    mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -t hil/echo -C 1 -W 5 > "$HIL_WORK/echo" 2>&1 &
    sub=$!
    sleep 0.5
    mqtt_publish hil/echo ping
    wait "$sub"
    [ "$(cat "$HIL_WORK/echo")" = ping ] || { echo "round trip through the broker failed: $(cat "$HIL_WORK/echo")"; return 1; }
    echo "$(mosquitto -h 2>&1 | sed -n '1s/^mosquitto version //p'), pub/sub round trip"
}

hil_check_version() {
    [ -x "$PINPOST" ] || { echo "$PINPOST: no such executable (make firmware BOARD=rpi4b)"; return 1; }
    out=$("$PINPOST" --version 2>&1) || { echo "exit $?: $out"; return 1; }
    echo "$out" | grep -q '^pinpost [0-9]' || { echo "unexpected output: $out"; return 1; }
    echo "$out"
}

hil_check_config() {
    [ -x "$PINPOST" ] || { echo "no pinpost binary"; exit 2; }
    out=$("$PINPOST" check -c "$HIL_CONFIG" 2>&1) || { echo "pinpost check exit $?: $(echo "$out" | grep -v '^ ' | tail -3)"; return 1; }
    echo "$(echo "$out" | grep -c '^  [A-Z]') devices"
}

check "mosquitto listening on 127.0.0.1:$MQTT_PORT" hil_check_broker
check "pinpost --version runs" hil_check_version
check "pinpost check accepts the suite's config (Tests/HIL/pinpost-hil.json)" hil_check_config
