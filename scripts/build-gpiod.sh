#!/usr/bin/env bash
# Builds libgpiod's core library (lib/*.c only: no tools, no bindings) from Debian's libgpiod 1.6 source
# package as a static archive for one firmware target. Debian's own libgpiod.a is built against glibc
# (with fortify's __*_chk symbols), so a musl firmware needs its own.
#   scripts/build-gpiod.sh TARGET SYSROOT
# Prints the directory holding libgpiod.a and gpiod.h.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: build-gpiod.sh TARGET SYSROOT}"
sysroot=${2:?usage: build-gpiod.sh TARGET SYSROOT}
firmware_cc "$sysroot"
src=$(debian_source libgpiod)
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")")
if [ ! -f "$out/libgpiod.a" ]; then
    log "building static libgpiod ($FW_TARGET)"
    work="$out.work"
    rm -rf "$work" && mkdir -p "$work"
    # What configure would put in config.h for the core library: the version string and GNU extensions.
    upstream=$(basename "$src" | sed 's/^libgpiod-//; s/-[^-]*$//')
    printf '#define GPIOD_VERSION_STR "%s"\n#define _GNU_SOURCE 1\n' "$upstream" > "$work/config.h"
    for c in "$src"/lib/*.c; do
        "$FW_CC" "${FW_CFLAGS[@]}" -std=gnu89 -fvisibility=hidden -include "$work/config.h" -I"$src/include" \
            -c "$c" -o "$work/$(basename "$c" .c).o"
    done
    "$(swift_toolchain_dir)/bin/llvm-ar" rcs "$work/libgpiod.a" "$work"/*.o
    cp "$src/include/gpiod.h" "$work/"
    rm -f "$work"/*.o "$work/config.h"
    rm -rf "$out" && mv "$work" "$out"
fi
echo "$out"
