#!/usr/bin/env bash
# Tests of the static firmware binaries, native (x86_64) and under qemu-user (aarch64, armv7).
#   scripts/test-firmware.sh              build the standard set (below) and test every binary
#   scripts/test-firmware.sh DIR...       test binaries already built (build/rpi4b, build/rpi4b-armv7, ...)
# The standard set: the sim board's default target (x86_64 musl, build/sim), and the same sources for a Pi 4
# as aarch64 with and without TLS (build/rpi4b, build/rpi4b-notls) and armv7 hard-float (build/rpi4b-armv7);
# every one fully static against musl. Each binary must run, be static, stripped and for the right
# machine, behave as the SwiftPM build does, and stay inside the size limits (lib.sh); each target must pass the
# float-ABI probe (scripts/abi-probe); `make install` into a scratch DESTDIR must lay out what
# docs/deploy.md promises. Prints PASS/FAIL lines and "N passed, N failed"; exits 1 on a failure.
#
# End-to-end flows (the agent against a broker, scripts/firmware-flows.sh): `firmware_flows BIN RUNNER` is
# called for every binary, with RUNNER the program that runs it here (qemu-aarch64-static, qemu-arm-static,
# or env for a native binary); it reports through `check NAME COMMAND...` like the tests below.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"


passed=0 failed=0
log_file=$(mktemp)
trap 'rm -f "$log_file"' EXIT
check() {
    local name=$1; shift
    if "$@" >"$log_file" 2>&1; then
        passed=$((passed + 1)); echo "PASS $name"
    else
        failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' "$log_file" | head -20
    fi
}

# COMMAND... must exit with CODE.
exits_with() {
    local code=$1 status=0; shift
    "$@" || status=$?
    [ "$status" = "$code" ] || { echo "exit status $status, expected $code"; return 1; }
}
# COMMAND... must succeed and print exactly what the file EXPECTED holds.
prints() {
    local expected=$1 status=0; shift
    "$@" > "$expected.actual" 2>&1 || status=$?
    [ "$status" = 0 ] || { echo "exit status $status"; cat "$expected.actual"; return 1; }
    diff -u "$expected" "$expected.actual"
}
# COMMAND... must succeed and print a line matching the extended regular expression PATTERN.
matches() {
    local pattern=$1 output; shift
    output=$("$@") || { echo "exit status $?: $output"; return 1; }
    echo "$output"
    grep -q -E -- "$pattern" <<< "$output"
}
is_static() {
    local bin=$1
    file "$bin" | grep -q 'statically linked' || { file "$bin"; return 1; }
    # No program interpreter and no shared library: nothing is loaded at run time.
    ! readelf -l "$bin" | grep -q INTERP || { echo "has a program interpreter"; return 1; }
    ! readelf -d "$bin" 2>/dev/null | grep -q NEEDED || { readelf -d "$bin" | grep NEEDED; return 1; }
}
at_most() {
    local bin=$1 limit=$2 size
    size=$(stat -c %s "$bin")
    echo "$size bytes, limit $limit"
    [ "$size" -le "$limit" ]
}

# The float-ABI probe for the current target (firmware_target called): the firmware's C and Swift flags,
# doubles and floats crossing between Swift and C both ways, libm's round(). Prints the binary's path.
build_probe() {
    local sysroot=/ dir="$ROOT/build/abi-probe/$FW_TARGET" src="$ROOT/scripts/abi-probe"
    [ "$FW_LIBC" = glibc ] || sysroot=$("$ROOT/scripts/build-sysroot.sh" "$FW_TARGET")
    firmware_cc "$sysroot"
    firmware_swift_flags "$sysroot"
    mkdir -p "$dir"
    "$FW_CC" "${FW_CFLAGS[@]}" -c "$src/probe.c" -o "$dir/probe_c.o"
    swiftc -target "$FW_SWIFT_TARGET" -enable-experimental-feature Embedded -wmo -Osize -parse-as-library \
        "${FW_SWIFT_FLAGS[@]}" -I "$src" -c "$src/main.swift" -o "$dir/probe_swift.o" -module-name ABIProbeMain
    firmware_link "$dir/abi-probe" "$dir/abi-probe.map" "$dir/probe_c.o" "$dir/probe_swift.o"
    echo "$dir/abi-probe"
}
probe_expected="$ROOT/build/abi-probe/expected.txt"
mkdir -p "$(dirname "$probe_expected")"
cat > "$probe_expected" <<'EXPECTED'
c received 1.5 2.25 7 -0.125 3.1415926535897931
swift received 1798.01659265359
callback received 0.1 2.5 -1e+300
swift received back 2.6
rounded 3.0 -7.0
EXPECTED

# The SwiftPM build of the same sources, when there is one (`make test` builds it first): the firmware
# must print the same help and the same check report.
host_pinpost=${HOST_PINPOST:-$ROOT/.build/debug/pinpost}
[ -x "$host_pinpost" ] || host_pinpost=""
demo_config="$ROOT/examples/demo.json"

probed=" "
test_binary() {
    local dir=$1 bin="$1/pinpost" name target tls runner
    name=${dir#"$ROOT/"}
    [ -f "$bin" ] && [ -f "$dir/BUILDINFO" ] || { check "$name: built" false; return; }
    target=$(awk '$1 == "target" {print $2}' "$dir/BUILDINFO")
    tls=$(awk '$1 == "tls" {print $2}' "$dir/BUILDINFO")
    firmware_target "$target"
    runner=${FW_QEMU:-env}
    echo "== $name ($target, TLS $tls${FW_QEMU:+, under $FW_QEMU})"

    check "$name: --version" matches '^pinpost [0-9]+\.[0-9]+\.[0-9]+ \(libmosquitto [0-9.]+, libgpiod [0-9.]+\)$' "$runner" "$bin" --version
    check "$name: --help" matches '^usage: pinpost COMMAND' "$runner" "$bin" --help
    check "$name: unknown command exits 64" exits_with 64 "$runner" "$bin" frobnicate
    if [ -n "$host_pinpost" ]; then
        "$host_pinpost" --help > "$dir/help.expected" 2>&1 || true
        check "$name: --help as the SwiftPM build" prints "$dir/help.expected" "$runner" "$bin" --help
    fi
    if [ -f "$demo_config" ]; then
        check "$name: check -c examples/demo.json" "$runner" "$bin" check -c "$demo_config"
        # A TLS config: accepted by a TLS build; refused at once, naming the field, by a TLS=no build
        # (which would otherwise retry a connection it can never make).
        if [ "$tls" = yes ]; then
            check "$name: check accepts a TLS config" "$runner" "$bin" check -c "$demo_config" --ca /dev/null
        else
            check "$name: a TLS config is refused: built without TLS" bash -c \
                "out=\$('$runner' '$bin' check -c '$demo_config' --ca /dev/null 2>&1); status=\$?; echo \"\$out\"; [ \$status = 2 ] && grep -q 'connection.tls: this pinpost was built without TLS' <<< \"\$out\""
        fi
        if [ -n "$host_pinpost" ]; then
            "$host_pinpost" check -c "$demo_config" > "$dir/check.expected" 2>&1 || true
            check "$name: check output as the SwiftPM build" prints "$dir/check.expected" "$runner" "$bin" check -c "$demo_config"
        fi
    fi
    check "$name: statically linked" is_static "$bin"
    check "$name: machine is $FW_MACHINE" bash -c "file '$bin' | tee /dev/stderr | grep -q -F '$FW_MACHINE'"
    check "$name: stripped" bash -c "file '$bin' | tee /dev/stderr | grep -q -E ', stripped'"
    if [ "$target" = armv7-linux-musleabihf ]; then
        check "$name: hard-float (Tag_ABI_VFP_args: VFP registers)" bash -c "readelf -A '$bin' | grep -q 'Tag_ABI_VFP_args: VFP registers'"
    fi
    if [ "$target" = aarch64-linux-musl ]; then
        # With TLS: the issue's budget. Without: over the budget (lib.sh says why), so a ceiling on growth.
        if [ "$tls" = yes ]; then check "$name: size within the TLS budget" at_most "$bin" "$FW_BUDGET_TLS"
        else check "$name: size within the no-TLS regression ceiling" at_most "$bin" "$FW_CEILING_NOTLS"; fi
    fi
    # The ABI probe once per target.
    if [[ "$probed" != *" $target "* ]]; then
        probed="$probed$target "
        local probe
        local probe_log="$ROOT/build/abi-probe/$target.log"
        mkdir -p "$(dirname "$probe_log")"
        if probe=$(build_probe 2>"$probe_log"); then
            check "$target: doubles and floats cross Swift/C intact (ABI probe)" prints "$probe_expected" "$runner" "$probe"
        else
            check "$target: ABI probe builds" bash -c "cat '$probe_log'; false"
        fi
    fi
    firmware_flows "$bin" "$runner"
}

# `make install` into a scratch DESTDIR: the layout docs/deploy.md promises, a unit systemd accepts, and a
# second install that keeps the operator's edited config.
install_layout() {
    local board=$1 dest bin unit
    dest=$(mktemp -d)
    DESTDIR=$dest "$ROOT/scripts/install.sh" "$board"
    bin="$dest/usr/local/bin/pinpost"
    unit="$dest/etc/systemd/system/pinpost.service"
    cmp "$ROOT/$(firmware_out_dir "$board")/pinpost" "$bin"
    [ "$(stat -c %a "$bin")" = 755 ] || { echo "binary mode $(stat -c %a "$bin")"; return 1; }
    grep -qx 'ExecStart=/usr/local/bin/pinpost run -c /etc/pinpost/pinpost.json' "$unit"
    grep -qx 'Type=notify' "$unit" && grep -q '^WatchdogSec=' "$unit" && grep -qx 'User=pinpost' "$unit"
    grep -qx 'm pinpost gpio' "$dest/etc/sysusers.d/pinpost.conf"
    grep -q '^z /etc/pinpost/pinpost.json 0600 pinpost pinpost' "$dest/etc/tmpfiles.d/pinpost.conf"
    if [ -f "$ROOT/examples/pinpost.json" ]; then
        [ "$(stat -c %a "$dest/etc/pinpost/pinpost.json")" = 600 ] || { echo "config mode $(stat -c %a "$dest/etc/pinpost/pinpost.json")"; return 1; }
        echo '{"edited": true}' > "$dest/etc/pinpost/pinpost.json"
        DESTDIR=$dest "$ROOT/scripts/install.sh" "$board"
        grep -q edited "$dest/etc/pinpost/pinpost.json" || { echo "a second install overwrote the config"; return 1; }
    fi
    if command -v systemd-analyze >/dev/null; then
        # verify needs ExecStart to exist on this machine: point it into DESTDIR.
        sed "s|^ExecStart=/usr/local/bin/pinpost|ExecStart=$bin|" "$unit" > "$dest/pinpost.service"
        systemd-analyze verify "$dest/pinpost.service"
    fi
    rm -rf "$dest"
}

source "$ROOT/scripts/firmware-flows.sh"

dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
    # build/sim/pinpost: the sim board's default target, x86_64 musl (the demo and the bench run it).
    "$ROOT/scripts/firmware.sh" sim x86_64-linux-musl
    dirs+=("$ROOT/build/sim")
    "$ROOT/scripts/firmware.sh" rpi4b aarch64-linux-musl
    TLS=no "$ROOT/scripts/firmware.sh" rpi4b aarch64-linux-musl
    "$ROOT/scripts/firmware.sh" rpi4b armv7-linux-musleabihf
    dirs+=("$ROOT/build/rpi4b" "$ROOT/build/rpi4b-notls" "$ROOT/build/rpi4b-armv7")
fi
for d in "${dirs[@]}"; do test_binary "$(cd "$d" && pwd)"; done
if [ $# -eq 0 ]; then
    echo "== make install"
    check "install: layout, modes, unit, config kept" install_layout rpi4b
fi
echo "firmware: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
