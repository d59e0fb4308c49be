#!/usr/bin/env bash
# Builds the static Embedded Swift firmware for one board and one target.
#   scripts/firmware.sh BOARD [TARGET]
# TARGET (also taken from the environment) defaults to the first of the board file's "targets"; TLS=no
# (environment) builds without TLS, for the size comparison. The binary goes to
#   build/<board>/pinpost                    the board's default target, with TLS
#   build/<board>-<short>/pinpost            another target, <short> = aarch64, armv7, x86_64, x86_64-gnu
#   build/<board>[-<short>]-notls/pinpost    TLS=no
# next to pinpost.map (the link map, for `make size`), BUILDINFO (target, libraries, for the tests) and
# LINK (the link's inputs).
# The Swift objects do not depend on the board, only on the target: they are compiled once per target
# under build/obj/<target>/ and shared by every board.
source "$(dirname "$0")/lib.sh"
board=${1:?usage: firmware.sh BOARD [TARGET]}
board_file="$ROOT/boards/$board.json"
[ -f "$board_file" ] || { echo "firmware: no board file $board_file" >&2; exit 2; }
default_target=$(board_targets "$board_file" | head -1)
[ -n "$default_target" ] || { echo "firmware: $board_file: targets: missing" >&2; exit 2; }
target=${2:-${TARGET:-$default_target}}
firmware_target "$target"
tls=${TLS:-yes}
case "$tls" in yes | no) ;; *) echo "firmware: TLS must be yes or no, got '$tls'" >&2; exit 2 ;; esac
if [ "$FW_LIBC" = glibc ]; then
    # Debian's libssl.a is built for dynamic glibc programs; the glibc target stays TLS-free.
    [ -z "${TLS:-}" ] || [ "$tls" = no ] || { echo "firmware: $target has no TLS build (use a musl target)" >&2; exit 2; }
    tls=no
fi
dir=$(firmware_out_dir "$board" "$target" "$tls")
dir=${dir#build/}
out="$ROOT/build/$dir"
objs="$ROOT/build/obj/$target"
started=$SECONDS
echo "  firmware: $board, $target, TLS $tls -> build/$dir/pinpost"

# The C libraries, each built once per version and target into the cache (see the build-*.sh scripts).
openssl=""
if [ "$FW_LIBC" = musl ]; then
    sysroot=$("$ROOT/scripts/build-sysroot.sh" "$target")
    [ "$tls" = no ] || openssl=$("$ROOT/scripts/build-openssl.sh" "$target" "$sysroot")
    mosquitto=$("$ROOT/scripts/build-mosquitto.sh" "$target" "$sysroot" "$tls" $openssl)
    gpiod=$("$ROOT/scripts/build-gpiod.sh" "$target" "$sysroot")
    i2c=$("$ROOT/scripts/build-i2c.sh" "$target" "$sysroot")
    c_libs=("$mosquitto/libmosquitto.a" "$gpiod/libgpiod.a" "$i2c/libi2c.a")
    headers=("$mosquitto/mosquitto.h" "$gpiod/gpiod.h" "$i2c/include/i2c")
else
    sysroot=/
    mosquitto=$("$ROOT/scripts/build-mosquitto.sh" "$target" / no)
    multiarch=/usr/lib/$FW_GNU_TRIPLET
    c_libs=("$mosquitto/libmosquitto.a" "$multiarch/libgpiod.a" "$multiarch/libi2c.a")
    headers=("$mosquitto/mosquitto.h")
fi
[ -z "$openssl" ] || c_libs+=("$openssl/lib/libssl.a" "$openssl/lib/libcrypto.a")
firmware_cc "$sysroot"

# The C libraries' headers, copied to one place whose path never changes, so that switching between the
# TLS and no-TLS builds (whose mosquitto.h are the same file) does not recompile the Swift modules.
mkdir -p "$objs/include" "$objs/c"
for h in "${headers[@]}"; do
    dest="$objs/include/$(basename "$h")"
    if [ -d "$h" ]; then
        diff -r -q "$h" "$dest" >/dev/null 2>&1 || { rm -rf "$dest" && cp -a "$h" "$dest"; }
    else
        cmp -s "$h" "$dest" || cp "$h" "$dest"
    fi
done

# Swift, in Embedded mode, for the target (flags: lib.sh firmware_swift_flags).
firmware_swift_flags "$sysroot"
"$ROOT/scripts/embedded-compile.sh" "$objs" "$FW_SWIFT_TARGET" "${FW_SWIFT_FLAGS[@]}" -Xcc -I"$objs/include"

# The C side of CSystem: main() (args.c), the runtime shims Embedded Swift needs, the libc wrappers.
c_defines=(-DPINPOST_FIRMWARE)
[ "$FW_LIBC" = glibc ] || c_defines+=(-DPINPOST_MUSL)
for f in "$ROOT"/Sources/CSystem/*.c; do
    obj="$objs/c/$(basename "$f" .c).o"
    if [ ! -f "$obj" ] || [ "$f" -nt "$obj" ] || [ "$ROOT/Sources/CSystem/include/csystem.h" -nt "$obj" ]; then
        "$FW_CC" "${FW_CFLAGS[@]}" "${c_defines[@]}" -I"$ROOT/Sources/CSystem/include" -c "$f" -o "$obj"
    fi
done
# A C file that a later change removed must not stay in the link.
for obj in "$objs"/c/*.o; do
    [ -f "$ROOT/Sources/CSystem/$(basename "$obj" .o).c" ] || rm -f "$obj"
done

mkdir -p "$out"
inputs=("$objs"/obj/*.o "$objs"/c/*.o "${c_libs[@]}")
# Linked beside and renamed into place, so that a test or an install running meanwhile (another build of
# the same board, say) never finds the binary missing or half written; a failed link leaves no binary.
if ! firmware_link "$out/pinpost.new" "$out/pinpost.map" "${inputs[@]}"; then
    rm -f "$out/pinpost" "$out/pinpost.new"
    exit 1
fi
mv -f "$out/pinpost.new" "$out/pinpost"
# The link's inputs, one a line: scripts/size.sh links them again to project the size of the full client.
printf '%s\n' "${inputs[@]}" > "$out/LINK"
{
    echo "board $board"
    echo "target $target"
    echo "tls $tls"
    echo "libc $FW_LIBC $(basename "$(dirname "$mosquitto")")"
    echo "libmosquitto $(basename "$mosquitto")"
    [ -z "$openssl" ] || echo "openssl $(basename "$openssl")"
    [ "$FW_LIBC" = glibc ] || echo "libgpiod $(basename "$gpiod")"
    [ "$FW_LIBC" = glibc ] || echo "libi2c $(basename "$i2c")"
    [ "$FW_LIBC" = glibc ] || echo "sysroot $sysroot"
    [ "$FW_LIBC" = glibc ] || sed 's/^/sysroot-package /' "$sysroot/MANIFEST"
} > "$out/BUILDINFO"
echo "  firmware: build/$dir/pinpost ($(stat -c %s "$out/pinpost") bytes, $target, TLS $tls, $((SECONDS - started)) s)"
