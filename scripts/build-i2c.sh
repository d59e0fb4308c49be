#!/usr/bin/env bash
# Builds libi2c (i2c-tools' lib/smbus.c, the SMBus helpers over the i2c-dev ioctls) from Debian's i2c-tools
# source package as a static archive for one firmware target.
#   scripts/build-i2c.sh TARGET SYSROOT
# Prints the directory holding libi2c.a and include/i2c/smbus.h.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: build-i2c.sh TARGET SYSROOT}"
sysroot=${2:?usage: build-i2c.sh TARGET SYSROOT}
firmware_cc "$sysroot"
# Debian's patches to i2c-tools concern the tools and packaging, not lib/smbus.c: if a mirror lacks the
# .debian.tar, the upstream tarball (hash-checked by apt) is enough for the library.
src=$(debian_source i2c-tools orig-ok)
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")")
if [ ! -f "$out/libi2c.a" ]; then
    log "building static libi2c ($FW_TARGET)"
    work="$out.work"
    rm -rf "$work" && mkdir -p "$work/include/i2c"
    "$FW_CC" "${FW_CFLAGS[@]}" -I"$src/include" -c "$src/lib/smbus.c" -o "$work/smbus.o"
    "$(swift_toolchain_dir)/bin/llvm-ar" rcs "$work/libi2c.a" "$work/smbus.o"
    cp "$src/include/i2c/smbus.h" "$work/include/i2c/"
    rm -f "$work/smbus.o"
    rm -rf "$out" && mv "$work" "$out"
fi
echo "$out"
