#!/usr/bin/env bash
# Builds static libssl.a and libcrypto.a from Debian's openssl source package for one firmware target, for
# libmosquitto's TLS (mqtts to ThingsBoard). The slowest step of a cold firmware build, so it is cached
# under the OpenSSL version, the target, the musl version and the configuration's recipe number below.
#   scripts/build-openssl.sh TARGET SYSROOT
# Prints the directory holding lib/libssl.a, lib/libcrypto.a and include/openssl/.
#
# The configuration keeps what a TLS 1.2/1.3 MQTT client verifying a server certificate needs (RSA, ECDSA,
# Ed25519, ECDHE/DHE, AES-GCM, ChaCha20-Poly1305, SHA-1/2, X.509, OCSP which libmosquitto references) and
# drops the rest: legacy and national ciphers, DTLS, SSLv3, engines and dynamic loading (a static binary
# loads nothing), CMS/TS/CT/CMP, SRP, compression. Fewer sources make the cold build faster; the link's
# --gc-sections already drops unused code, so the size effect is smaller than the build-time effect.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: build-openssl.sh TARGET SYSROOT}"
sysroot=${2:?usage: build-openssl.sh TARGET SYSROOT}
firmware_cc "$sysroot"
recipe=2   # bump when the options below change, so the cache rebuilds
options=(
    no-shared no-tests no-engine no-dso no-dynamic-engine no-module no-async no-comp no-zlib
    no-autoload-config no-legacy no-deprecated
    no-ssl3 no-dtls no-srp no-sctp no-srtp no-nextprotoneg no-weak-ssl-ciphers no-psk
    no-idea no-camellia no-seed no-bf no-cast no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 no-rmd160 no-whirlpool
    no-sm2 no-sm3 no-sm4 no-gost no-aria no-blake2 no-siphash no-scrypt no-ocb no-ec2m no-dsa
    no-cms no-ts no-ct no-cmp no-afalgeng no-padlockeng
)
src=$(debian_source openssl)
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")" "r$recipe")
if [ ! -f "$out/lib/libcrypto.a" ] || [ ! -f "$out/lib/libssl.a" ]; then
    log "building static OpenSSL ($FW_TARGET, $FW_OPENSSL_CONFIG; cached afterwards)"
    started=$SECONDS
    work="$out.work"
    rm -rf "$work" && mkdir -p "$work/build"
    tools="$(swift_toolchain_dir)/bin"
    # An out-of-tree build keeps the unpacked source shared between targets.
    (
        cd "$work/build"
        "$src/Configure" "$FW_OPENSSL_CONFIG" "${options[@]}" --prefix=/ --openssldir=/etc/ssl \
            CC="$FW_CC" CFLAGS="${FW_CFLAGS[*]}" AR="$tools/llvm-ar" RANLIB="$tools/llvm-ranlib" >../configure.log 2>&1 \
            || { tail -30 ../configure.log >&2; exit 1; }
        # nice: the build machine is usually shared (CI runners, a developer's desktop).
        nice -n 10 make -j"$(nproc)" build_libs >../build.log 2>&1 || { tail -30 ../build.log >&2; exit 1; }
    )
    mkdir -p "$work/lib" "$work/include"
    cp "$work/build/libssl.a" "$work/build/libcrypto.a" "$work/lib/"
    # Public headers: the source tree's, plus those Configure generated (opensslconf.h, configuration.h...).
    cp -a "$src/include/openssl" "$work/include/"
    cp -a "$work/build/include/openssl/." "$work/include/openssl/"
    echo "$FW_OPENSSL_CONFIG ${options[*]}" > "$work/CONFIG"
    rm -rf "$work/build"
    rm -rf "$out" && mv "$work" "$out"
    log "OpenSSL ($FW_TARGET) built in $((SECONDS - started)) s"
fi
echo "$out"
