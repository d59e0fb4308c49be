#!/usr/bin/env bash
# Builds the static Embedded Swift firmware for one board: build/<board>/pinpost.
#   scripts/firmware.sh BOARD
# The board file (boards/BOARD.json) names the target in "targets" (the first is the default).
source "$(dirname "$0")/lib.sh"
board=${1:?usage: firmware.sh BOARD}
board_file="$ROOT/boards/$board.json"
[ -f "$board_file" ] || { echo "firmware: no board file $board_file" >&2; exit 2; }
target=$(sed -n 's/.*"targets" *: *\[ *"\([^"]*\)".*/\1/p' "$board_file" | head -1)
[ -n "$target" ] || { echo "firmware: $board_file: targets: missing" >&2; exit 2; }
out="$ROOT/build/$board"
embedded="$(dirname "$(dirname "$(command -v swiftc)")")/lib/swift/embedded"

case "$target" in
x86_64-linux-gnu)
    swift_target=x86_64-unknown-linux-gnu
    mosquitto=$("$ROOT/scripts/build-mosquitto.sh" x86_64-glibc cc "" no)
    c_flags=(); link=(clang -static)
    c_libs=("$mosquitto/libmosquitto.a" /usr/lib/x86_64-linux-gnu/libgpiod.a /usr/lib/x86_64-linux-gnu/libi2c.a)
    unicode="$embedded/$swift_target/libswiftUnicodeDataTables.a"
    ;;
*)
    echo "firmware: target $target (board $board) is not supported yet" >&2; exit 2 ;;
esac

"$ROOT/scripts/embedded-compile.sh" "$out" "$swift_target"
mkdir -p "$out/c"
for f in "$ROOT"/Sources/CSystem/*.c; do
    obj="$out/c/$(basename "$f" .c).o"
    if [ ! -f "$obj" ] || [ "$f" -nt "$obj" ] || [ "$ROOT/Sources/CSystem/include/csystem.h" -nt "$obj" ]; then
        clang -c -Os ${c_flags[@]+"${c_flags[@]}"} -DPINPOST_FIRMWARE -I"$ROOT/Sources/CSystem/include" "$f" -o "$obj"
    fi
done
"${link[@]}" -o "$out/pinpost" "$out"/obj/*.o "$out"/c/*.o "${c_libs[@]}" "$unicode" -lm \
    -Wl,--gc-sections -Wl,-Map="$out/pinpost.map" -s
echo "  firmware: $out/pinpost ($(stat -c %s "$out/pinpost") bytes, $target)"
