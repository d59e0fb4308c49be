#!/usr/bin/env bash
# `make hil BOARD=rpi4b HOST=pi@raspberrypi`: runs the hardware-in-the-loop suite on a real, wired board
# (docs/hil.md): builds the firmware for the board's architecture (asked over ssh: aarch64 or armv7l),
# copies it and Tests/HIL over, runs the suite there as root (sudo) and relays its output and verdict.
#   scripts/hil-board.sh BOARD [HOST]
# Without HOST the suite runs here (this machine is the board). PINPOST=FILE uses that binary as is.
source "$(dirname "$0")/lib.sh"
board=${1:?usage: hil-board.sh BOARD [HOST]}
host=${2:-}
[ -f "$ROOT/Tests/HIL/boards/$board.sh" ] || {
    echo "hil: no suite board file Tests/HIL/boards/$board.sh (known: $(ls "$ROOT/Tests/HIL/boards" | sed 's/\.sh$//' | tr '\n' ' '))" >&2
    exit 2
}
on_board() { if [ -n "$host" ]; then ssh -o BatchMode=yes "$host" "$@"; else bash -c "$*"; fi; }

machine=$(on_board uname -m) || { echo "hil: cannot reach $host over ssh" >&2; exit 1; }
case $machine in
aarch64) target=aarch64-linux-musl ;;
armv7l | armv6l) target=armv7-linux-musleabihf ;;
*) target="" ;;
esac
pinpost=${PINPOST:-}
if [ -z "$pinpost" ]; then
    [ -n "$target" ] || { echo "hil: no firmware target for a $machine board" >&2; exit 2; }
    make -C "$ROOT" --no-print-directory firmware BOARD="$board" TARGET="$target" >&2
    pinpost="$ROOT/$(firmware_out_dir "$board" "$target")/pinpost"
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
cp -r "$ROOT/Tests/HIL" "$stage/hil"
rm -rf "$stage/hil/vm"
cp "$pinpost" "$stage/hil/pinpost"
remote=/tmp/pinpost-hil-suite
set +e
if [ -n "$host" ]; then
    ssh -o BatchMode=yes "$host" "rm -rf $remote" && scp -q -r "$stage/hil" "$host:$remote" || exit 1
    ssh -o BatchMode=yes "$host" "sudo HIL_ONLY='${HIL_ONLY:-}' sh $remote/run.sh $board $remote/pinpost"
else
    rm -rf "$remote" && cp -r "$stage/hil" "$remote"
    sudo HIL_ONLY="${HIL_ONLY:-}" sh "$remote/run.sh" "$board" "$remote/pinpost"
fi
