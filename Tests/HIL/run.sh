#!/bin/sh
# The hardware-in-the-loop suite: exercises the shipped static pinpost binary on a board through the real
# kernel interfaces (GPIO character device, i2c-dev) and drives it over MQTT exactly as the platform would.
#   Tests/HIL/run.sh BOARD PINPOST
# BOARD names Tests/HIL/boards/BOARD.sh (hil-vm: the virtual board; rpi4b: a wired Raspberry Pi 4, see
# docs/hil.md). Needs mosquitto (broker) and mosquitto_pub/mosquitto_sub, i2cget/i2cset, and a pinpost.
# Prints one PASS/FAIL/SKIP line per check, then "N passed, N failed, N skipped"; exits 1 on any FAIL.
# HIL_ONLY=PATTERN runs only the check files whose name contains PATTERN (00-infra and 10-connect always).
HIL_DIR=$(cd "$(dirname "$0")" && pwd)
BOARD=${1:?usage: run.sh BOARD PINPOST}
PINPOST=${2:?usage: run.sh BOARD PINPOST}
HIL_WORK=${HIL_WORK:-/tmp/pinpost-hil}
HIL_LOG=$HIL_WORK/suite.log
HIL_MODULES=${HIL_MODULES:-$HIL_DIR/modules}
. "$HIL_DIR/lib.sh"
. "$HIL_DIR/boards/$BOARD.sh" || { echo "FAIL: board $BOARD: no Tests/HIL/boards/$BOARD.sh"; summary; exit 1; }

rm -rf "$HIL_WORK" && mkdir -p "$HIL_WORK" || exit 1
: > "$HIL_LOG"
echo "HIL: board $BOARD, pinpost $PINPOST, $(uname -r) $(uname -m)"

# The config pinpost runs with: Tests/HIL/pinpost-hil.json with the board's reference in "board" (a board
# file is copied beside it, since the config names it relative to itself) and the board's broker port
# (MQTT_PORT). Edit that one file to adjust what the suite runs.
HIL_CONFIG=$HIL_WORK/pinpost.json
sed -e "s|\"board\": *\"[^\"]*\"|\"board\": \"$BOARD_FILE\"|" -e "s|\"port\": *1883|\"port\": $MQTT_PORT|" \
    "$HIL_DIR/pinpost-hil.json" > "$HIL_CONFIG"
case $BOARD_FILE in *.json) cp "$HIL_DIR/$BOARD_FILE" "$HIL_WORK/" ;; esac
chmod 600 "$HIL_CONFIG"

if ! board_setup > "$HIL_WORK/setup.log" 2>&1; then
    echo "FAIL: board setup ($BOARD): $(tail -1 "$HIL_WORK/setup.log")"
    HIL_FAILED=$((HIL_FAILED + 1))
fi
board_self_checks

for f in "$HIL_DIR"/checks/*.sh; do
    case $f in
    # The infrastructure checks, and the connect checks that start the pinpost every later file talks to.
    */00-* | */10-*) ;;
    *) [ -z "$HIL_ONLY" ] || case $f in *"$HIL_ONLY"*) ;; *) continue ;; esac ;;
    esac
    . "$f"
done

pinpost_stop
platform_stop
[ -z "$HIL_RECORDER_PID" ] || kill "$HIL_RECORDER_PID" 2>/dev/null
board_teardown
if [ "$HIL_FAILED" != 0 ] && [ -s "$HIL_WORK/pinpost.log" ]; then
    echo "--- last lines of pinpost's log"
    tail -25 "$HIL_WORK/pinpost.log"
fi
summary
