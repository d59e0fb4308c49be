# Outputs driven by RPC (toggle_gpio, set_gpio, setGpioStatus, get_gpio), checked at the line itself
# (board_level: gpio-sim's sysfs value, or on a Pi the jumpered input) and read back on the looped-back input
# through pinpost (getGpioStatus of "HIL Inputs"). Wiring: GPIO17 -> GPIO27, GPIO22 -> GPIO23.

OUT="HIL Outputs"
IN="HIL Inputs"

# reply_ok DATA: the reply's data says success (or, for the status map methods, is a map of levels).
reply_ok() {
    case $1 in *'"success":false'*|'') echo "error reply: $1"; return 1 ;; esac
}
# The level of input KEY as pinpost reads it now ("true"/"false").
input_level() {
    json_field "$(rpc "$IN" getGpioStatus '' 5)" "$1"
}

hil_check_initial() {
    need_pinpost
    # GPIO17: initial off. GPIO22: initial on, active-low, so electrically low.
    [ "$(board_level GPIO17)" = 0 ] || { echo "GPIO17 is $(board_level GPIO17), want 0 (initial off)"; return 1; }
    [ "$(board_level GPIO22)" = 0 ] || { echo "GPIO22 is $(board_level GPIO22), want 0 (initial on, active-low)"; return 1; }
    echo "GPIO17 low, GPIO22 low (on, active-low)"
}

hil_check_toggle() {
    need_pinpost
    data=$(rpc "$OUT" toggle_gpio '{"pin":1}') || { echo "$data"; return 1; }
    reply_ok "$data" || return 1
    [ "$(json_field "$data" value)" = true ] || { echo "reply $data: want value true"; return 1; }
    [ "$(json_field "$data" pin)" = 1 ] || { echo "reply $data: want pin 1"; return 1; }
    wait_for 2 '[ "$(board_level GPIO17)" = 1 ]' || { echo "GPIO17 line is $(board_level GPIO17) after toggle, want 1"; return 1; }
    echo "reply $data; line high"
}

hil_check_loopback_high() {
    need_pinpost
    wait_for 3 '[ "$(input_level 1)" = true ]' || { echo "GPIO27 (In key 1) reads $(input_level 1), want true"; return 1; }
    echo "GPIO27 reads true through pinpost"
}

hil_check_set_false() {
    need_pinpost
    data=$(rpc "$OUT" set_gpio '{"pin":1,"value":false}') || { echo "$data"; return 1; }
    reply_ok "$data" || return 1
    [ "$(json_field "$data" value)" = false ] || { echo "reply $data: want value false"; return 1; }
    wait_for 2 '[ "$(board_level GPIO17)" = 0 ]' || { echo "GPIO17 line is $(board_level GPIO17), want 0"; return 1; }
    wait_for 3 '[ "$(input_level 1)" = false ]' || { echo "GPIO27 reads $(input_level 1), want false"; return 1; }
    echo "line low, GPIO27 reads false"
}

hil_check_set_numeric() {
    need_pinpost
    data=$(rpc "$OUT" set_gpio '{"pin":1,"value":1}') || { echo "$data"; return 1; }
    reply_ok "$data" || return 1
    wait_for 2 '[ "$(board_level GPIO17)" = 1 ]' || { echo "GPIO17 line is $(board_level GPIO17) after value 1, want 1"; return 1; }
    echo "value 1 sets the line high"
}

hil_check_get_gpio() {
    need_pinpost
    data=$(rpc "$OUT" get_gpio '{"pin":1}') || { echo "$data"; return 1; }
    want=false
    [ "$(board_level GPIO17)" = 1 ] && want=true
    [ "$(json_field "$data" value)" = "$want" ] || { echo "get_gpio says $data, the line is $(board_level GPIO17)"; return 1; }
    echo "$data"
}

hil_check_set_status() {
    need_pinpost
    data=$(rpc "$OUT" setGpioStatus '{"pin":1,"enabled":false}') || { echo "$data"; return 1; }
    reply_ok "$data" || return 1
    # The reply is the map of every pin key of the device to its level.
    [ "$(json_field "$data" 1)" = false ] || { echo "reply $data: want \"1\":false"; return 1; }
    [ -n "$(json_field "$data" 2)" ] || { echo "reply $data: no \"2\" (every pin of the device)"; return 1; }
    wait_for 2 '[ "$(board_level GPIO17)" = 0 ]' || { echo "GPIO17 line is $(board_level GPIO17), want 0"; return 1; }
    wait_for 3 '[ "$(input_level 1)" = false ]' || { echo "GPIO27 reads $(input_level 1), want false"; return 1; }
    echo "reply $data; line low, GPIO27 false"
}

hil_check_active_low() {
    need_pinpost
    # Key 2 (GPIO22) is active-low: logical off drives the line high, and GPIO23 follows.
    data=$(rpc "$OUT" set_gpio '{"pin":2,"value":false}') || { echo "$data"; return 1; }
    reply_ok "$data" || return 1
    wait_for 2 '[ "$(board_level GPIO22)" = 1 ]' || { echo "GPIO22 line is $(board_level GPIO22) for logical off, want 1"; return 1; }
    wait_for 3 '[ "$(input_level 2)" = true ]' || { echo "GPIO23 reads $(input_level 2), want true"; return 1; }
    data=$(rpc "$OUT" set_gpio '{"pin":2,"value":true}') || { echo "$data"; return 1; }
    wait_for 2 '[ "$(board_level GPIO22)" = 0 ]' || { echo "GPIO22 line is $(board_level GPIO22) for logical on, want 0"; return 1; }
    echo "off = line high, on = line low; GPIO23 follows"
}

hil_check_output_telemetry() {
    need_pinpost
    # Every change of an output's level is reported as telemetry of its device (key "1").
    since=$(clock_ms)
    rpc "$OUT" toggle_gpio '{"pin":1}' > /dev/null || return 1
    wait_for 3 'telemetry_values "$OUT" 1 | awk -v s="$since" "\$1 >= s - 1000" | grep -q " true$"' \
        || { echo "no telemetry \"1\":true for $OUT after the toggle; recorded: $(telemetry_values "$OUT" 1 | tail -3 | tr '\n' ' ')"; return 1; }
    rpc "$OUT" toggle_gpio '{"pin":1}' > /dev/null
    echo "toggle reported as telemetry"
}

check "outputs start at their initial levels (active-low honoured)" hil_check_initial
check "toggle_gpio drives the line high" hil_check_toggle
check "looped-back input reads the toggled output (getGpioStatus)" hil_check_loopback_high
check "set_gpio false drives the line low, input follows" hil_check_set_false
check "set_gpio accepts 1 for true" hil_check_set_numeric
check "get_gpio reports the line's level" hil_check_get_gpio
check "setGpioStatus drives the line and replies with every pin's level" hil_check_set_status
check "active-low output inverts at the line" hil_check_active_low
check "output changes are reported as telemetry" hil_check_output_telemetry
