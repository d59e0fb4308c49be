#!/usr/bin/env bash
# Builds a static mosquitto broker and the mosquitto_pub/mosquitto_sub clients for one firmware target, from
# Debian's mosquitto source package against the target's musl sysroot (build-sysroot.sh), into the cache.
# The virtual board runs them inside the guest: the broker on the guest's own 127.0.0.1, the clients as the
# platform side of the suite.
#   scripts/hil-build-mosquitto.sh TARGET          (aarch64-linux-musl, armv7-linux-musleabihf, ...)
# Prints the directory holding mosquitto, mosquitto_pub, mosquitto_sub and MANIFEST.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: hil-build-mosquitto.sh TARGET}"
sysroot=$("$ROOT/scripts/build-sysroot.sh" "$FW_TARGET")
firmware_cc "$sysroot"
src=$(debian_source mosquitto)
out=$(firmware_lib_dir "$sysroot" "$(basename "$src")" "hil-broker-r1")
if [ ! -x "$out/mosquitto" ]; then
    log "building static mosquitto broker and clients ($FW_TARGET)"
    work="$out.work"
    rm -rf "$work" && mkdir -p "$work" && cp -a "$src/." "$work/"
    # The sources' Makefiles call one CC for compiling and linking. This wrapper compiles with the firmware's
    # C flags and links statically with ld.lld and musl's start files named (clang's driver would pick the
    # host's glibc ones), dropping the libraries musl's libc.a already holds and the broker's dynamic list.
    lib="$sysroot/lib"
    cat > "$work/cc" <<EOF
#!/bin/sh
for a in "\$@"; do
    case "\$a" in -c|-E|-S|-M|-MM) exec "$FW_CC" ${FW_CFLAGS[*]} "\$@" ;; esac
done
args=""
for a in "\$@"; do
    case "\$a" in -ldl|-lm|-lrt|-lpthread|-Wl,--dynamic-list=*) ;; *) args="\$args '\$a'" ;; esac
done
eval exec "$FW_CC" --target=$FW_CLANG_TARGET ${FW_CPU_FLAGS[*]} -fuse-ld=lld -nostdlib -static -no-pie -Wl,--gc-sections -s \
    "$lib/crt1.o" "$lib/crti.o" "$lib/crtbeginT.o" "\$args" \
    -Wl,--start-group "$lib/libc.a" "$lib/libgcc.a" "$lib/libgcc_eh.a" -Wl,--end-group "$lib/crtend.o" "$lib/crtn.o"
EOF
    chmod +x "$work/cc"
    flags=(CC="$work/cc" CROSS_COMPILE= CFLAGS="-Wall" AR="$(swift_toolchain_dir)/bin/llvm-ar"
        WITH_SHARED_LIBRARIES=no WITH_STATIC_LIBRARIES=yes WITH_TLS=no WITH_TLS_PSK=no WITH_SRV=no WITH_SOCKS=no
        WITH_CJSON=no WITH_WEBSOCKETS=no WITH_SYSTEMD=no WITH_DOCS=no WITH_WRAP=no WITH_ADNS=no WITH_THREADING=yes)
    {
        nice -n 10 make -C "$work/lib" -j"$(nproc)" "${flags[@]}" libmosquitto.a &&
        nice -n 10 make -C "$work/src" -j"$(nproc)" "${flags[@]}" mosquitto &&
        nice -n 10 make -C "$work/client" -j"$(nproc)" "${flags[@]}" static_pub static_sub
    } >"$work/build.log" 2>&1 || { tail -30 "$work/build.log" >&2; exit 1; }
    mkdir -p "$out.done"
    cp "$work/src/mosquitto" "$work/client/mosquitto_pub" "$work/client/mosquitto_sub" "$out.done/"
    { echo "mosquitto (source) $(basename "$src" | sed 's/^mosquitto-//') static, musl, no TLS ($FW_TARGET)"
      cat "$sysroot/MANIFEST"; } > "$out.done/MANIFEST"
    rm -rf "$work" "$out" && mv "$out.done" "$out"
fi
echo "$out"
