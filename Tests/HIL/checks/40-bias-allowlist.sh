# Bias settings taking effect at the line, and the pin allowlist: pinpost touches only the pins the config
# gives a device, and refuses writes to inputs, with error replies rather than silence.

IN="HIL Inputs"
OUT="HIL Outputs"

hil_check_bias() {
    need_pinpost
    # Nothing drives GPIO6 and GPIO13: the level pinpost reads is the bias it asked the kernel for.
    data=$(rpc "$IN" getGpioStatus '') || { echo "$data"; return 1; }
    [ "$(json_field "$data" 4)" = true ] || { echo "GPIO6 (pull-up) reads $(json_field "$data" 4): $data"; return 1; }
    [ "$(json_field "$data" 5)" = false ] || { echo "GPIO13 (pull-down) reads $(json_field "$data" 5): $data"; return 1; }
    # Where the board can tell (gpio-sim records it), the kernel's own record of the bias.
    up=$(board_pin_bias GPIO6)
    down=$(board_pin_bias GPIO13)
    [ -z "$up" ] || [ "$up" = pull-up ] || { echo "the kernel has GPIO6 at '$up', want pull-up"; return 1; }
    [ -z "$down" ] || [ "$down" = pull-down ] || { echo "the kernel has GPIO13 at '$down', want pull-down"; return 1; }
    echo "GPIO6 pull-up reads true, GPIO13 pull-down reads false${up:+ (kernel: $up, $down)}"
}

# error_reply DATA: a reply with success false and a reason.
error_reply() {
    case $1 in *'"success":false'*'"error":"'?*|*'"error":"'?*'"success":false'*) return 0 ;; esac
    echo "want {\"success\":false,\"error\":...}, got $1"
    return 1
}

hil_check_unknown_pin() {
    need_pinpost
    before=$(board_level GPIO26)
    data=$(rpc "$OUT" toggle_gpio '{"pin":26}') || { echo "$data"; return 1; }
    error_reply "$data" || return 1
    [ "$(board_level GPIO26)" = "$before" ] || { echo "GPIO26 changed to $(board_level GPIO26)"; return 1; }
    echo "$data"
}

hil_check_other_device_pin() {
    need_pinpost
    # Key 3 exists on "HIL Inputs" (GPIO24), not on "HIL Outputs": a device reaches only its own pins.
    data=$(rpc "$OUT" set_gpio '{"pin":3,"value":true}') || { echo "$data"; return 1; }
    error_reply "$data" || return 1
    echo "$data"
}

hil_check_input_write() {
    need_pinpost
    data=$(rpc "$IN" set_gpio '{"pin":1,"value":true}') || { echo "$data"; return 1; }
    error_reply "$data" || return 1
    echo "$data"
}

hil_check_bad_params() {
    need_pinpost
    data=$(rpc "$OUT" set_gpio '{"pin":1}') || { echo "$data"; return 1; }
    error_reply "$data" || return 1
    data2=$(rpc "$OUT" no_such_method '{}') || { echo "$data2"; return 1; }
    error_reply "$data2" || return 1
    echo "missing value: $data; unknown method: $data2"
}

check "bias pull-up / pull-down take effect" hil_check_bias
check "allowlist: a pin the config does not name is refused, line untouched" hil_check_unknown_pin
check "allowlist: another device's pin key is refused" hil_check_other_device_pin
check "writing an input is refused" hil_check_input_write
check "bad params and unknown methods get error replies" hil_check_bad_params
