#!/usr/bin/env bash
# Builds a static libmosquitto (lib/ only) from Debian's source package for one target, into the cache.
# Debian ships no libmosquitto.a, and a static firmware needs one.
#   scripts/build-mosquitto.sh KEY CC "CFLAGS" TLS(yes|no) [OPENSSL_INCLUDE_DIR]
# Prints the directory holding libmosquitto.a and mosquitto.h.
source "$(dirname "$0")/lib.sh"
key=$1 cc=$2 cflags=$3 tls=$4 ssl_include=${5:-}
src=$(debian_source mosquitto)
version=$(basename "$src")
out="$PINPOST_CACHE/build/$key/$version-tls-$tls"
if [ ! -f "$out/libmosquitto.a" ]; then
    log "building static libmosquitto ($key, TLS $tls)"
    rm -rf "$out.work" && mkdir -p "$out.work" && cp -a "$src/." "$out.work/"
    extra_cflags="$cflags"
    [ -n "$ssl_include" ] && extra_cflags="$extra_cflags -I$ssl_include"
    make -C "$out.work/lib" -j"$(nproc)" CC="$cc" CFLAGS="$extra_cflags -Os -ffunction-sections -fdata-sections -I. -I.. -I../include" \
        WITH_SHARED_LIBRARIES=no WITH_STATIC_LIBRARIES=yes WITH_SRV=no WITH_SOCKS=no WITH_CJSON=no \
        WITH_TLS="$tls" WITH_TLS_PSK=no WITH_THREADING=no WITH_DOCS=no libmosquitto.a >"$out.work/build.log" 2>&1 \
        || { tail -30 "$out.work/build.log" >&2; exit 1; }
    mkdir -p "$out"
    cp "$out.work/lib/libmosquitto.a" "$out/"
    cp "$out.work/include/mosquitto.h" "$out/"
    rm -rf "$out.work"
fi
echo "$out"
