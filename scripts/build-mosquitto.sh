#!/usr/bin/env bash
# Builds a static libmosquitto (lib/ only) from Debian's source package for one firmware target, into the
# cache. Debian ships no libmosquitto.a, and a static firmware needs one.
#   scripts/build-mosquitto.sh TARGET SYSROOT TLS(yes|no) [OPENSSL_DIR]
# OPENSSL_DIR (from build-openssl.sh) is required with TLS=yes: its headers are compiled in, and its
# libssl.a/libcrypto.a are linked into the firmware after libmosquitto.a.
# Prints the directory holding libmosquitto.a and mosquitto.h.
source "$(dirname "$0")/lib.sh"
usage="usage: build-mosquitto.sh TARGET SYSROOT TLS(yes|no) [OPENSSL_DIR]"
firmware_target "${1:?$usage}"
sysroot=${2:?$usage} tls=${3:?$usage} openssl=${4:-}
case "$tls" in yes | no) ;; *) echo "$usage" >&2; exit 2 ;; esac
[ "$tls" = no ] || [ -f "$openssl/lib/libssl.a" ] || { echo "build-mosquitto: TLS=yes needs OPENSSL_DIR" >&2; exit 2; }
firmware_cc "$sysroot"
src=$(debian_source mosquitto)
variant="tls-$tls"
# With TLS the archive depends on the OpenSSL headers it was compiled against: key it by that build too.
[ "$tls" = no ] || variant="$variant-$(basename "$openssl")"
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")" "$variant")
if [ ! -f "$out/libmosquitto.a" ]; then
    log "building static libmosquitto ($FW_TARGET, TLS $tls)"
    rm -rf "$out.work" && mkdir -p "$out.work" && cp -a "$src/." "$out.work/"
    cppflags=""
    [ "$tls" = no ] || cppflags="-I$openssl/include"
    # No threads (the agent runs one loop), no SRV lookups, no SOCKS, no cJSON, no TLS-PSK.
    make -C "$out.work/lib" -j"$(nproc)" CC="$FW_CC" AR="$(swift_toolchain_dir)/bin/llvm-ar" \
        CFLAGS="${FW_CFLAGS[*]} -I. -I.. -I../include" CPPFLAGS="$cppflags" \
        WITH_SHARED_LIBRARIES=no WITH_STATIC_LIBRARIES=yes WITH_SRV=no WITH_SOCKS=no WITH_CJSON=no \
        WITH_TLS="$tls" WITH_TLS_PSK=no WITH_THREADING=no WITH_DOCS=no libmosquitto.a >"$out.work/build.log" 2>&1 \
        || { tail -30 "$out.work/build.log" >&2; exit 1; }
    mkdir -p "$out.done"
    cp "$out.work/lib/libmosquitto.a" "$out.work/include/mosquitto.h" "$out.done/"
    rm -rf "$out.work" "$out" && mv "$out.done" "$out"
fi
echo "$out"
