# Input edges arriving as telemetry of "HIL Inputs": both directions, the kernel's timestamps converted to
# epoch milliseconds, every edge counted when debounce is off, bursts faster than the debounce collapsed.
# Stimuli: GPIO24 (key 3, debounce 50 ms) is driven from outside (board_drive); GPIO23 (key 2, debounce 0)
# follows output GPIO22 (key 2 of "HIL Outputs", active-low) through the loopback.

IN="HIL Inputs"
OUT="HIL Outputs"


# Telemetry entries of key KEY of the inputs device with ts >= SINCE (ms), "ts value" per line.
edges_since() {
    telemetry_values "$IN" "$1" | awk -v s="$2" '$1 >= s'
}

hil_check_rising_edge() {
    need_pinpost
    board_drive GPIO24 0
    sleep 0.5
    before=$(clock_ms)
    board_drive GPIO24 1
    after=$(clock_ms)
    wait_for 3 'edges_since 3 $((before - 1000)) | grep -q " true$"' \
        || { echo "no telemetry \"3\":true after driving GPIO24 high; recorded: $(telemetry_values "$IN" 3 | tail -3 | tr '\n' ' ')"; return 1; }
    ts=$(edges_since 3 $((before - 1000)) | grep " true$" | head -1 | cut -d' ' -f1)
    # The event's timestamp lies between the suite's clock before and after the stimulus (1 s slack for a
    # seconds-only clock; a CLOCK_MONOTONIC value mistaken for epoch time would be decades off).
    [ "$ts" -ge $((before - 1000)) ] && [ "$ts" -le $((after + 1000)) ] \
        || { echo "ts $ts outside [$before, $after] of the stimulus"; return 1; }
    echo "ts $ts within [$before, $after]"
}

hil_check_falling_edge() {
    need_pinpost
    sleep 0.2
    before=$(clock_ms)
    board_drive GPIO24 0
    after=$(clock_ms)
    wait_for 3 'edges_since 3 $((before - 1000)) | grep -q " false$"' \
        || { echo "no telemetry \"3\":false after driving GPIO24 low"; return 1; }
    ts=$(edges_since 3 $((before - 1000)) | grep " false$" | tail -1 | cut -d' ' -f1)
    [ "$ts" -ge $((before - 1000)) ] && [ "$ts" -le $((after + 1000)) ] \
        || { echo "ts $ts outside [$before, $after] of the stimulus"; return 1; }
    echo "ts $ts within [$before, $after]"
}

hil_check_edge_count() {
    need_pinpost
    # Five logical-off/on pulses of GPIO22, each a rising and a falling edge on GPIO23 (debounce 0): ten
    # reports, alternating, timestamps increasing.
    since=$(clock_ms)
    i=0
    while [ $i -lt 5 ]; do
        rpc "$OUT" set_gpio '{"pin":2,"value":false}' > /dev/null || { echo "set_gpio failed"; return 1; }
        sleep 0.1
        rpc "$OUT" set_gpio '{"pin":2,"value":true}' > /dev/null || { echo "set_gpio failed"; return 1; }
        sleep 0.1
        i=$((i + 1))
    done
    wait_for 3 '[ "$(edges_since 2 $since | wc -l)" -ge 10 ]'
    n=$(edges_since 2 "$since" | wc -l)
    [ "$n" = 10 ] || { echo "$n reports of GPIO23 for 10 edges: $(edges_since 2 "$since" | tr '\n' ' ')"; return 1; }
    edges_since 2 "$since" | awk 'NR > 1 && ($1 < ts || $2 == v) { bad = 1 } { ts = $1; v = $2 } END { exit bad }' \
        || { echo "reports not alternating with increasing ts: $(edges_since 2 "$since" | tr '\n' ' ')"; return 1; }
    echo "10 edges, 10 reports, alternating, ts increasing"
}

hil_check_debounce_burst() {
    need_pinpost
    board_drive GPIO24 0
    sleep 0.5
    since=$(clock_ms)
    # Six edges within a few milliseconds, well inside the 50 ms debounce window, ending high.
    for level in 1 0 1 0 1 0 1; do board_drive GPIO24 $level; done
    sleep 1
    n=$(edges_since 3 "$since" | wc -l)
    last=$(edges_since 3 "$since" | tail -1 | cut -d' ' -f2)
    [ "$n" -ge 1 ] && [ "$n" -le 2 ] || { echo "$n reports for a 7-edge burst (want 1 or 2): $(edges_since 3 "$since" | tr '\n' ' ')"; return 1; }
    [ "$last" = true ] || { echo "last report $last, the line settled high"; return 1; }
    board_drive GPIO24 0
    echo "7 edges inside 50 ms -> $n report(s), settled level true"
}

check "input rising edge reported with the event's epoch timestamp" hil_check_rising_edge
check "input falling edge reported with the event's epoch timestamp" hil_check_falling_edge
check "every edge counted with debounce off (10 edges via loopback)" hil_check_edge_count
check "a burst faster than the debounce collapses to the settled level" hil_check_debounce_burst
