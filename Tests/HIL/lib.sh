# Helpers of the hardware-in-the-loop suite (sourced by run.sh). POSIX sh: it runs under busybox ash in the
# virtual board and under dash/bash on a Raspberry Pi OS board, so no arrays, no [[ ]], no jq (JSON fields
# are picked with sed from pinpost's compact, single-line payloads).

HIL_PASSED=0
HIL_FAILED=0
HIL_SKIPPED=0

# check "what is verified" FUNCTION [ARGS...]: runs FUNCTION in a subshell; exit 0 is PASS, 2 is SKIP, any
# other FAIL. What FUNCTION prints is the reason (first line shown, the rest in the suite's log).
check() {
    hil_name=$1
    shift
    hil_reason=$("$@" 2>&1)
    hil_rc=$?
    hil_first=$(printf '%s\n' "$hil_reason" | sed -n '/./{p;q;}')
    case $hil_rc in
    0)
        HIL_PASSED=$((HIL_PASSED + 1))
        echo "PASS: $hil_name${hil_first:+ ($hil_first)}" ;;
    2)
        HIL_SKIPPED=$((HIL_SKIPPED + 1))
        echo "SKIP: $hil_name: ${hil_first:-no reason given}" ;;
    *)
        HIL_FAILED=$((HIL_FAILED + 1))
        echo "FAIL: $hil_name: ${hil_first:-exit status $hil_rc, no reason given}"
        printf '%s\n' "$hil_reason" | sed '1d;s/^/    /' | head -20 ;;
    esac
    [ -z "$HIL_LOG" ] || printf '=== %s (exit %s)\n%s\n' "$hil_name" "$hil_rc" "$hil_reason" >> "$HIL_LOG"
    return 0
}

# Prints the summary line the host parses, and returns 1 when anything failed.
summary() {
    echo "$HIL_PASSED passed, $HIL_FAILED failed, $HIL_SKIPPED skipped"
    [ "$HIL_FAILED" = 0 ]
}

# Milliseconds since the epoch on the suite's side of the wire, to bound the timestamps pinpost reports.
# busybox date has no %N: there, adjtimex (read-only) gives the time to the microsecond.
clock_ms() {
    hil_ns=$(date +%s%N 2>/dev/null)
    case $hil_ns in
    *N|'') adjtimex 2>/dev/null | awk '/time.tv_sec/ { s = $2 } /time.tv_usec/ { u = $2 }
                                      END { if (s) printf "%d%03d\n", s, u / 1000; else exit 1 }' \
               || echo $(($(date +%s) * 1000)) ;;
    *) echo $((hil_ns / 1000000)) ;;
    esac
}

# wait_for SECONDS CONDITION...: re-evaluates CONDITION (a shell command line, evaluated afresh each time,
# so write '[ "$(board_level GPIO17)" = 1 ]' in single quotes) every 0.1 s until it holds or time is up.
# CONDITION sees wait_for's own $1, $2...: pass the caller's arguments through named variables.
wait_for() {
    hil_deadline=$(($(date +%s) + $1 + 1))
    shift
    while ! eval "$*" 2>/dev/null; do
        [ "$(date +%s)" -lt "$hil_deadline" ] || return 1
        sleep 0.1 2>/dev/null || sleep 1
    done
    return 0
}

# --- MQTT, as the platform does it (mosquitto_pub / mosquitto_sub against the broker pinpost uses).
MQTT_HOST=${MQTT_HOST:-127.0.0.1}
MQTT_PORT=${MQTT_PORT:-1883}

# Starts recording every message of TOPIC into FILE ("topic payload" per line); prints the subscriber's pid.
# Returns only once the subscription is live (a marker published on a topic TOPIC matches has come back):
# mosquitto_sub takes a while to connect under emulation, and whatever pinpost publishes before that (the
# backlog it replays right after a restart) would be missing from FILE, failing a check at random.
mqtt_record() {
    mosquitto_sub -h "$MQTT_HOST" -p "$MQTT_PORT" -q 1 -v -t "$1" > "$2" 2>/dev/null &
    hil_recorder=$!
    hil_marker=$(printf '%s\n' "$1" | sed 's|#|hil-recorder|; s|+|hil-recorder|g')
    hil_tries=0
    while ! grep -q "^$hil_marker ready" "$2" 2>/dev/null && [ "$hil_tries" -lt 50 ]; do
        mqtt_publish "$hil_marker" ready 2>/dev/null
        sleep 0.2 2>/dev/null || sleep 1
        hil_tries=$((hil_tries + 1))
    done
    # Say so rather than go on with a recorder that may miss messages (the checks reading it then fail).
    grep -q "^$hil_marker ready" "$2" 2>/dev/null \
        || echo "HIL: the MQTT recorder of $1 did not see its own marker within 10 s" >&2
    echo "$hil_recorder"
}

# Publishes PAYLOAD on TOPIC at QoS 1.
mqtt_publish() {
    mosquitto_pub -h "$MQTT_HOST" -p "$MQTT_PORT" -q 1 -t "$1" -m "$2"
}

# rpc DEVICE METHOD PARAMS-JSON [TIMEOUT]: sends a server-side RPC through v1/gateway/rpc exactly as
# ThingsBoard does, with a fresh id, and prints the reply's data object. Fails (printing why) when no reply
# for (device, id) arrives in time. Uses the recorder run.sh keeps on v1/gateway/rpc ($HIL_RPC_LOG).
HIL_RPC_ID=${HIL_RPC_ID:-100}
rpc() {
    hil_id_file=$HIL_WORK/rpc-id
    hil_id=$(cat "$hil_id_file" 2>/dev/null || echo "$HIL_RPC_ID")
    echo $((hil_id + 1)) > "$hil_id_file"
    if [ -n "$3" ]; then
        hil_req="{\"device\":\"$1\",\"data\":{\"id\":$hil_id,\"method\":\"$2\",\"params\":$3}}"
    else
        hil_req="{\"device\":\"$1\",\"data\":{\"id\":$hil_id,\"method\":\"$2\"}}"
    fi
    mqtt_publish v1/gateway/rpc "$hil_req" || { echo "cannot publish the RPC request"; return 1; }
    # A reply names the device and carries "id" at the top level (a request has it inside "data").
    # wait_for evaluates its condition with its own positional parameters: name the device.
    hil_device=$1
    if ! wait_for "${4:-5}" 'rpc_reply_line "$hil_device" "$hil_id" >/dev/null'; then
        echo "no reply to $2 (id $hil_id) for \"$1\" within ${4:-5} s"
        return 1
    fi
    rpc_reply_line "$1" "$hil_id" | sed 's/^[^{]*//; s/.*"data":\(.*\)}$/\1/'
}
rpc_reply_line() {
    grep -F "\"device\":\"$1\"" "$HIL_RPC_LOG" | grep -E "^v1/gateway/rpc \{.*\"id\":$2[,}]" \
        | grep -vF '"method"' | tail -1 | grep .
}

# json_field JSON KEY: the raw value of KEY ("true", "12.5", "\"text\"") in a flat JSON object.
json_field() {
    printf '%s\n' "$1" | sed -n "s/.*\"$2\":\(\"[^\"]*\"\|[^,}]*\).*/\1/p" | head -1
}

# Telemetry values of DEVICE's KEY recorded so far, one "ts value" per line, from $HIL_TELEMETRY_LOG.
# Entries look like {"Device":[{"ts":N,"values":{"k":v,...}},...],...}: split into one entry per line.
telemetry_values() {
    sed -n 's/^v1\/gateway\/telemetry //p' "$HIL_TELEMETRY_LOG" | sed 's/\]/]\n/g' \
        | grep -F "\"$1\":[" | sed 's/.*"'"$1"'":\[//; s/},{/}\n{/g' \
        | sed -n "s/.*\"ts\":\([0-9]*\).*\"$2\":\([^,}]*\).*/\1 \2/p"
}

# Is value A within TOLERANCE of B (decimal strings)? awk does the arithmetic busybox sh cannot.
near() {
    awk -v a="$1" -v b="$2" -v t="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(a != "" && d <= t) }'
}

# The suite's broker (each board file writes $HIL_WORK/mosquitto.conf and calls board_broker_start). Checks
# stop and start it again (70-restart.sh) from subshells, so its pid lives in a file. busybox in the
# virtual board has netstat; a Raspberry Pi OS may have only ss.
board_broker_start() {
    mosquitto -c "$HIL_WORK/mosquitto.conf" >> "$HIL_WORK/mosquitto.log" 2>&1 &
    echo $! > "$HIL_WORK/broker.pid"
    wait_for 5 broker_listening
}
board_broker_stop() {
    [ -s "$HIL_WORK/broker.pid" ] || return 0
    kill "$(cat "$HIL_WORK/broker.pid")" 2>/dev/null
    wait_for 5 '! broker_listening'
    rm -f "$HIL_WORK/broker.pid"
}
broker_listening() { (ss -ltn 2>/dev/null || netstat -ltn 2>/dev/null) | grep -q "127.0.0.1:$MQTT_PORT "; }
