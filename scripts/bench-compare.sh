#!/usr/bin/env bash
# The gateway comparison of `make bench` (bench/compare, docs/bench.md): pinpost's host Embedded build and its
# aarch64 build under qemu-user, ThingsBoard's Python reference client and a bare C libmosquitto loop, on one
# local mosquitto; then pinpost's replay after an outage and its scale with 1/32/256 devices.
# Prepares what it needs, idempotently: the Python reference's venv (bench/compare/requirements.txt, pinned)
# under build/bench-compare/venv, the C driver and ceiling, and the firmware binaries when they are missing
# (BENCH_REBUILD=1 rebuilds them first, so the numbers are for the current tree). Extra arguments go to
# bench/compare/run.py (--quick, --only, --skip-replay, --skip-scale, --buffer-mode).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/build/bench-compare"
mkdir -p "$OUT"

# The Python reference, in its own venv with exactly the pinned versions.
requirements="$ROOT/bench/compare/requirements.txt"
stamp="$OUT/venv/.requirements"
if [ ! -x "$OUT/venv/bin/python" ] || ! cmp -s "$requirements" "$stamp"; then
    echo "  bench: Python reference venv (tb-mqtt-client, pinned) -> build/bench-compare/venv"
    rm -rf "$OUT/venv"
    /usr/bin/python3 -m venv "$OUT/venv"
    "$OUT/venv/bin/pip" install -q --disable-pip-version-check --no-deps -r "$requirements"
    cp "$requirements" "$stamp"
fi
# Byte-compiled once, so start-up is measured warm (as it is on a gateway that has run before).
"$OUT/venv/bin/python" -c "import tb_gateway_mqtt"

# The platform-side driver and the C ceiling.
for program in driver ceiling; do
    if [ ! -x "$OUT/$program" ] || [ "$ROOT/bench/compare/$program.c" -nt "$OUT/$program" ]; then
        cc -O2 -Wall -Wextra -o "$OUT/$program" "$ROOT/bench/compare/$program.c" -lmosquitto
    fi
done

# The firmware under test: the host Embedded build and the Pi's aarch64 build.
if [ "${BENCH_REBUILD:-}" = 1 ] || [ ! -x "$ROOT/build/sim/pinpost" ]; then "$ROOT/scripts/firmware.sh" sim; fi
if [ "${BENCH_REBUILD:-}" = 1 ] || [ ! -x "$ROOT/build/rpi4b/pinpost" ]; then
    "$ROOT/scripts/firmware.sh" rpi4b aarch64-linux-musl || echo "  bench: no aarch64 build; that row is skipped"
fi
for binary in build/sim/pinpost build/rpi4b/pinpost; do
    [ -x "$ROOT/$binary" ] && echo "  bench: $binary built $(date -u -r "$ROOT/$binary" '+%Y-%m-%d %H:%M UTC')"
done

exec /usr/bin/python3 -u "$ROOT/bench/compare/run.py" "$@"
