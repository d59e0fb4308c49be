#!/usr/bin/env bash
# `make size`: the size of each firmware binary and what it is made of, from its link map.
#   scripts/size.sh                builds and reports the size set: rpi4b aarch64 and armv7, sim x86_64
#                                  musl, each with and without TLS
#   scripts/size.sh DIR...         reports only those build directories
# Budgets (the Pi builds, aarch64; lib.sh): with TLS at most 2.5 MB, without TLS at most 400 KB, which
# the Swift code alone exceeds (docs/firmware.md): each line says by how much, and the breakdown why.
# "full client API" is an upper bound for when the agent uses more of its C libraries: the same inputs
# linked again keeping every public function of libmosquitto, libgpiod and libi2c (and, through them,
# the OpenSSL code a TLS client needs), whatever the Swift code calls today.
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
dirs=("$@")
if [ ${#dirs[@]} -eq 0 ]; then
    for set in "rpi4b aarch64-linux-musl" "rpi4b armv7-linux-musleabihf" "sim x86_64-linux-musl"; do
        for tls in yes no; do
            TLS=$tls "$ROOT/scripts/firmware.sh" $set >/dev/null
            dirs+=("$(firmware_out_dir $set $tls)")
        done
    done
fi
kib() { awk -v b="$1" 'BEGIN { printf "%.1f KiB", b / 1024 }'; }
for dir in "${dirs[@]}"; do
    bin="$dir/pinpost"
    [ -f "$bin" ] && [ -f "$dir/BUILDINFO" ] || { echo "size: $dir: no firmware built there" >&2; continue; }
    target=$(awk '$1 == "target" {print $2}' "$dir/BUILDINFO")
    tls=$(awk '$1 == "tls" {print $2}' "$dir/BUILDINFO")
    firmware_target "$target"
    size=$(stat -c %s "$bin")
    budget=""
    if [ "$target" = aarch64-linux-musl ]; then
        limit=$FW_BUDGET_NOTLS; [ "$tls" = no ] || limit=$FW_BUDGET_TLS
        if [ "$size" -le "$limit" ]; then budget=", within the budget of $(kib "$limit") by $(kib $((limit - size)))"
        else budget=", over the budget of $(kib "$limit") by $(kib $((size - limit)))"; fi
        [ "$tls" = yes ] || budget="$budget (regression ceiling $(kib "$FW_CEILING_NOTLS"))"
    fi
    echo "$dir/pinpost: $size bytes ($(kib "$size")), $target, TLS $tls$budget"
    if [ -f "$dir/LINK" ] && [ "$FW_LIBC" = musl ]; then
        sysroot=$(awk '$1 == "sysroot" {print $2}' "$dir/BUILDINFO")
        firmware_cc "$sysroot"
        mapfile -t inputs < "$dir/LINK"
        keep=()
        for input in "${inputs[@]}"; do
            case "$(basename "$input")" in libmosquitto.a | libgpiod.a | libi2c.a)
                for sym in $("$(swift_toolchain_dir)/bin/llvm-nm" --defined-only --extern-only --format=just-symbols "$input" 2>/dev/null \
                        | grep -E '^(mosquitto_|gpiod_|i2c_smbus_)'); do keep+=("--undefined=$sym"); done ;;
            esac
        done
        projected=$(mktemp -d)
        firmware_link "$projected/pinpost" "$projected/pinpost.map" "${keep[@]}" "${inputs[@]}"
        full=$(stat -c %s "$projected/pinpost")
        echo "    full client API (upper bound): $full bytes ($(kib "$full"))"
        rm -rf "$projected"
    fi
    python3 "$ROOT/scripts/link-map-summary.py" "$dir/pinpost.map" 8
    echo
done
