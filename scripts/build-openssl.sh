#!/usr/bin/env bash
# Builds static libssl.a and libcrypto.a from Debian's openssl source package for one firmware target, for
# libmosquitto's TLS (mqtts to ThingsBoard). The slowest step of a cold firmware build, so it is cached
# under the OpenSSL version, the target, the musl version and the configuration's recipe number below.
#   scripts/build-openssl.sh TARGET SYSROOT
# Prints the directory holding lib/libssl.a, lib/libcrypto.a and include/openssl/.
#
# The configuration keeps what a TLS 1.2/1.3 MQTT client verifying a server certificate needs: RSA, ECDSA,
# ECDHE (X25519, P-256, P-384), AES-GCM, ChaCha20-Poly1305, SHA-2 (SHA-1 for older certificate chains),
# X.509, OCSP (libmosquitto references it) and the error strings (pinpost logs "certificate verify
# failed"). It drops the rest. In a static OpenSSL 3 the algorithm tables of the built-in provider name
# every algorithm compiled in, so the link's --gc-sections cannot drop an unused algorithm: only
# Configure can. Dropped, with what each saves on aarch64 where it was measured (docs/firmware.md):
#   legacy and national ciphers and hashes, DSA, binary-field curves, SSLv3, DTLS, engines and dynamic
#   loading (a static binary loads nothing), CMS/TS/CT/CMP, SRP, PSK, compression (the first cut);
#   no-dh: finite-field DHE (TLS 1.2 DHE-RSA suites, TLS 1.3 ffdhe groups); servers offer ECDHE first;
#   no-tls1 no-tls1_1: protocol versions servers no longer accept (RFC 8996);
#   no-dgram: the datagram BIO, only for DTLS; no-rfc3779: IP-address and AS-number certificate extensions;
#   no-filenames: the source file names recorded with every error (the error's text stays);
#   no-cmac, no-siv (CMAC-based): not used by any TLS cipher suite.
# And one change to the source (patch_source below): the assembler P-256 implementation (ecp_nistz256)
# is left out: its 150 KB precomputed table was the largest single piece of the binary. P-256 then uses
# OpenSSL's generic prime-field code (constant-time Montgomery ladder for ECDHE and signing): a handshake
# costs a few milliseconds more, once per connection. AES, SHA and ChaCha20 keep their assembler code.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: build-openssl.sh TARGET SYSROOT}"
sysroot=${2:?usage: build-openssl.sh TARGET SYSROOT}
firmware_cc "$sysroot"
options=(
    no-shared no-tests no-engine no-dso no-dynamic-engine no-module no-async no-comp no-zlib
    no-autoload-config no-legacy no-deprecated
    no-ssl3 no-tls1 no-tls1_1 no-dtls no-dgram no-srp no-sctp no-srtp no-nextprotoneg no-weak-ssl-ciphers no-psk
    no-idea no-camellia no-seed no-bf no-cast no-des no-rc2 no-rc4 no-rc5 no-md4 no-mdc2 no-rmd160 no-whirlpool
    no-sm2 no-sm3 no-sm4 no-gost no-aria no-blake2 no-siphash no-scrypt no-ocb no-ec2m no-dsa no-dh
    no-cmac no-siv no-cms no-ts no-ct no-cmp no-rfc3779 no-filenames no-afalgeng no-padlockeng
)
# Bump when patch_source changes what it does.
source_patch=1
# Leaves the P-256 assembler out of crypto/ec (see above) in the copy of the source at DIR.
patch_source() {
    local info="$1/crypto/ec/build.info" select='  IF[$ECASM_{- $target{asm_arch} -}]'
    grep -q -F -x "$select" "$info" || { echo "build-openssl: $info has changed: review patch_source" >&2; return 1; }
    awk -v select="$select" '$0 == select { $0 = "  IF[0]" } { print }' "$info" > "$info.patched"
    mv "$info.patched" "$info"
    ! grep -q -F -x "$select" "$info" || { echo "build-openssl: patching $info failed" >&2; return 1; }
}
# The cache entry is keyed by everything that changes the result: the options, the patch, the target.
recipe=$(echo "$FW_OPENSSL_CONFIG ${options[*]} patch$source_patch" | sha256sum | cut -c1-12)
src=$(debian_source openssl)
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")" "$recipe")
if [ ! -f "$out/lib/libcrypto.a" ] || [ ! -f "$out/lib/libssl.a" ]; then
    log "building static OpenSSL ($FW_TARGET, $FW_OPENSSL_CONFIG; cached afterwards)"
    started=$SECONDS
    work="$out.work"
    rm -rf "$work" && mkdir -p "$work/build"
    tools="$(swift_toolchain_dir)/bin"
    # A private copy of the source for the patch (the unpacked one stays as Debian ships it).
    cp -a "$src" "$work/src"
    patch_source "$work/src"
    (
        cd "$work/build"
        "$work/src/Configure" "$FW_OPENSSL_CONFIG" "${options[@]}" --prefix=/ --openssldir=/etc/ssl \
            CC="$FW_CC" CFLAGS="${FW_CFLAGS[*]}" AR="$tools/llvm-ar" RANLIB="$tools/llvm-ranlib" >../configure.log 2>&1 \
            || { tail -30 ../configure.log >&2; exit 1; }
        # nice: the build machine is usually shared (CI runners, a developer's desktop).
        nice -n 10 make -j"$(nproc)" build_libs >../build.log 2>&1 || { tail -30 ../build.log >&2; exit 1; }
    )
    mkdir -p "$work/lib" "$work/include"
    cp "$work/build/libssl.a" "$work/build/libcrypto.a" "$work/lib/"
    # Public headers: the source tree's, plus those Configure generated (opensslconf.h, configuration.h...).
    cp -a "$work/src/include/openssl" "$work/include/"
    cp -a "$work/build/include/openssl/." "$work/include/openssl/"
    echo "$FW_OPENSSL_CONFIG ${options[*]} (source patch $source_patch: no P-256 assembler)" > "$work/CONFIG"
    rm -rf "$work/build" "$work/src"
    rm -rf "$out" && mv "$work" "$out"
    log "OpenSSL ($FW_TARGET) built in $((SECONDS - started)) s"
fi
echo "$out"
