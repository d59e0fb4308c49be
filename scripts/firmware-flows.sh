# End-to-end flows of a firmware binary (sourced by scripts/test-firmware.sh, not run): the static binary,
# natively or under qemu-user, runs the integration suite's tests (Tests/Integration) on the simulated board
# against Debian's real mosquitto on 127.0.0.1, as the SwiftPM build does in `make test`.
#   firmware_flows BIN RUNNER     RUNNER: qemu-aarch64-static, qemu-arm-static, or env (native)
# Reports through test-firmware.sh's `check NAME COMMAND...`.
#
# Only a subset runs here: the host build runs the whole suite, and under qemu every test costs several
# times its native time, so the firmware gets one test per flow the issue names (connect, telemetry, RPC
# toggle with its reply, shared attribute, outage and replay, mqtts with server verification) rather than
# every variant. The 60 s outage test is left to the host build: the SIGKILL test covers the same replay
# from the file buffer in a 5 s outage, and the broker-restart test covers reconnecting.

# Every test named must pass: a renamed test fails the check instead of being deselected in silence.
FIRMWARE_FLOWS_GATEWAY=(
    test_connect_sequence_bytes                            # connect sequence, exact bytes
    test_sensor_telemetry_is_an_array_with_ts              # telemetry from an I2C sensor
    test_toggle_rpc_replies_and_loopback_edge_is_telemetry # RPC toggle, its reply, the input's edge
    test_shared_attribute_sets_output                      # shared attribute drives an output
    test_absent_sensor_is_an_error_reply_and_the_gateway_keeps_running  # a sensor error's text (swiftlang/swift#91151)
)
FIRMWARE_FLOWS_OUTAGE=(
    test_broker_restart_reconnects_devices                 # broker down and back: reconnect, devices again
    test_sigkill_keeps_the_backlog                         # offline readings replayed from the file buffer
)
FIRMWARE_FLOWS_TLS=(
    test_tls_with_the_right_ca_connects                    # mqtts handshake, server verified by the test CA
    test_tls_with_a_wrong_ca_is_refused                    # and refused when the CA does not match
    test_x509_client_certificate                           # X.509 client certificate (its private key)
)

# Runs the named integration tests with BIN under WRAPPER (empty: natively); they must all pass, none be
# skipped or deselected. The full pytest output goes to LOG; on failure its summary is printed.
#   firmware_pytest BIN WRAPPER LOG TEST...
firmware_pytest() {
    local bin=$1 wrapper=$2 log=$3 selection status=0 summary; shift 3
    selection=$(printf ' or %s' "$@") selection=${selection# or }
    mkdir -p "$(dirname "$log")"
    PINPOST_BIN=$bin PINPOST_WRAPPER=$wrapper /usr/bin/python3 -m pytest -q -p no:cacheprovider --tb=short -rfEs \
        Tests/Integration -k "$selection" >"$log" 2>&1 || status=$?
    summary=$(tail -1 "$log")
    if [ "$status" != 0 ] || [ "$summary" != "${summary#*skipped}" ] || ! grep -q -E "(^|[ =])$# passed" <<< "$summary"; then
        grep -A25 'short test summary' "$log" || tail -25 "$log"
        echo "pytest exit status $status, expected $# passed: $summary (full log: ${log#"$ROOT/"})"
        return 1
    fi
    echo "$summary"
}

# mqtts with each TLS version, cipher and certificate key a ThingsBoard server may use
# (scripts/firmware-tls-variants.py says which and why). Prints one line per variant.
firmware_tls_variants() {
    local bin=$1 wrapper=$2 log=$3
    mkdir -p "$(dirname "$log")"
    PINPOST_BIN=$bin PINPOST_WRAPPER=$wrapper /usr/bin/python3 "$ROOT/scripts/firmware-tls-variants.py" >"$log" 2>&1 \
        || { tail -25 "$log"; return 1; }
    cat "$log"
}

firmware_flows() {
    local bin=$1 runner=$2 dir wrapper="" tls name logs
    dir=$(dirname "$bin")
    [ "$runner" = env ] || wrapper=$runner
    tls=$(awk '$1 == "tls" {print $2}' "$dir/BUILDINFO")
    name=${dir#"$ROOT/"}
    logs="$ROOT/build/firmware-flows/$(basename "$dir")"
    check "$name: gateway flows (connect, telemetry, RPC toggle, shared attribute, absent sensor)" \
        firmware_pytest "$bin" "$wrapper" "$logs/gateway.log" "${FIRMWARE_FLOWS_GATEWAY[@]}"
    # A TLS-less build is the size comparison, not a deployment: the gateway flows prove it works.
    [ "$tls" = yes ] || return 0
    check "$name: outage and replay (broker restart, SIGKILL with a backlog)" \
        firmware_pytest "$bin" "$wrapper" "$logs/outage.log" "${FIRMWARE_FLOWS_OUTAGE[@]}"
    check "$name: mqtts verifies the server (right CA connects, wrong CA refused), X.509 client certificate" \
        firmware_pytest "$bin" "$wrapper" "$logs/tls.log" "${FIRMWARE_FLOWS_TLS[@]}"
    check "$name: mqtts over TLS 1.2 and 1.3, AES-GCM and ChaCha20, RSA and ECDSA certificates" \
        firmware_tls_variants "$bin" "$wrapper" "$logs/tls-versions.log"
}
