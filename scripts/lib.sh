# Shared helpers for the build scripts (sourced, not run).
# Everything downloaded or built from outside the repo goes under $PINPOST_CACHE, keyed by version, so a
# fresh machine builds from nothing and a second run reuses it. Nothing here is committed.
set -euo pipefail
PINPOST_CACHE=${PINPOST_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pinpost}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$PINPOST_CACHE"

log() { printf '  %s\n' "$*" >&2; }

# A private apt state under the cache: its own lists and sources (bookworm, -updates, -security), so that
# source packages and foreign-architecture packages can be fetched without touching the machine's apt
# configuration or its dpkg architectures. Usage: private_apt ARCH apt-get|apt-cache ARGS...
private_apt() {
    local arch=$1 tool=$2; shift 2
    local state="$PINPOST_CACHE/apt/$arch"
    mkdir -p "$state/lists/partial" "$state/archives/partial" "$state/etc/preferences.d"
    # Source packages come only through the amd64 state (debian_source); the other architectures' states
    # fetch binary packages for sysroots and skip the large Sources indexes. The marker line lets an
    # older sources.list be rewritten.
    if ! grep -q '^# pinpost-sources v2' "$state/etc/sources.list" 2>/dev/null; then
        local suite kinds="deb" mirror
        [ "$arch" = amd64 ] && kinds="deb deb-src"
        {
            echo "# pinpost-sources v2 ($arch)"
            for kind in $kinds; do
                for suite in "debian bookworm" "debian bookworm-updates" "debian-security bookworm-security"; do
                    mirror=${suite%% *}
                    echo "$kind [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/$mirror ${suite#* } main"
                done
            done
        } > "$state/etc/sources.list"
        rm -f "$state/updated"
    fi
    "$tool" -q -o APT::Sandbox::User=root -o APT::Architecture="$arch" -o APT::Architectures="$arch" \
        -o Dir::State="$state" -o Dir::State::Lists="$state/lists" -o Dir::State::status=/dev/null \
        -o Dir::Cache="$state" -o Dir::Cache::archives="$state/archives" \
        -o Dir::Etc::SourceList="$state/etc/sources.list" -o Dir::Etc::SourceParts=/dev/null \
        -o Dir::Etc::Preferences="$state/etc/preferences" -o Dir::Etc::PreferencesParts="$state/etc/preferences.d" \
        -o Debug::NoLocking=1 "$@"
}

# Refresh the private lists at most once a day. A mirror caught mid-sync fails one index now and then
# ("File has unexpected size"): retry, and if it still fails but the main bookworm index is there, go on
# with what apt has (every index it kept is still signature-checked) and try again tomorrow.
private_apt_update() {
    local arch=$1 stamp="$PINPOST_CACHE/apt/$1/updated" attempt
    [ -n "$(find "$stamp" -mtime -1 2>/dev/null)" ] && return 0
    mkdir -p "$PINPOST_CACHE/apt/$arch"
    for attempt in 1 2; do
        log "apt-get update (private state, $arch, attempt $attempt)"
        if private_apt "$arch" apt-get update >"$PINPOST_CACHE/apt/$arch/update.log" 2>&1; then
            touch "$stamp"
            return 0
        fi
        [ "$attempt" = 2 ] || sleep 5
    done
    if compgen -G "$PINPOST_CACHE/apt/$arch/lists/*_dists_bookworm_main_binary-${arch}_Packages*" >/dev/null; then
        log "warning: apt-get update ($arch) failed in part, using the indexes it has:"
        grep '^E:' "$PINPOST_CACHE/apt/$arch/update.log" | head -3 >&2 || true
        touch "$stamp"
        return 0
    fi
    cat "$PINPOST_CACHE/apt/$arch/update.log" >&2
    return 1
}

# Prints the highest of the Debian versions given as arguments (dpkg's ordering, not sort -V).
newest_version() {
    local best="" v
    for v in "$@"; do
        if [ -z "$best" ] || dpkg --compare-versions "$v" gt "$best"; then best=$v; fi
    done
    echo "$best"
}

# Unpacks a Debian source package (patches applied) into $PINPOST_CACHE/src/NAME-VERSION and prints that
# directory. apt-get checks every file it fetches against the hashes of the signed Sources index, so
# dpkg-source need not check the .dsc's own signature.
#   debian_source NAME [orig-ok]
# The newest version the indexes list is tried first; if the mirror cannot serve it (a stale mirror that
# lists a -security version whose files it lacks has been seen), older listed versions are tried, with a
# warning naming what was skipped. With orig-ok, when no version's Debian part (.debian.tar) can be fetched,
# the newest upstream tarball alone (still hash-checked by apt) is used, in NAME-VERSION.orig-only, with a
# warning: only for packages whose Debian patches do not touch what pinpost builds.
debian_source() {
    local name=$1 orig_ok=${2:-}
    private_apt_update amd64
    local versions=() v
    # showsrc lists every version the indexes know (bookworm, -updates, -security), not newest first.
    for v in $(private_apt amd64 apt-cache showsrc "$name" 2>/dev/null | awk '/^Version:/ {print $2}'); do
        versions+=("$v")
    done
    [ ${#versions[@]} -gt 0 ] || { echo "cannot find source package $name" >&2; return 1; }
    local ordered=() rest=("${versions[@]}") best
    while [ ${#rest[@]} -gt 0 ]; do
        best=$(newest_version "${rest[@]}")
        ordered+=("$best")
        local next=()
        for v in "${rest[@]}"; do [ "$v" = "$best" ] || next+=("$v"); done
        rest=(${next[@]+"${next[@]}"})
    done
    local dir tmp="$PINPOST_CACHE/src/$name.fetch" skipped=""
    for v in "${ordered[@]}"; do
        dir="$PINPOST_CACHE/src/$name-$v"
        for d in "$dir" ${orig_ok:+"$dir.orig-only"}; do
            if [ -f "$d/.unpacked" ]; then
                [ -z "$skipped" ] || log "warning: $name: the mirror could not serve$skipped; using $v from the cache"
                echo "$d"
                return 0
            fi
        done
        # A version the mirror failed to serve since the indexes were last refreshed is not asked for
        # again (each attempt downloads the upstream tarball before the missing part fails).
        local unavailable="$PINPOST_CACHE/src/$name-$v.unavailable"
        if [ "$unavailable" -nt "$PINPOST_CACHE/apt/amd64/updated" ] && [ "$v" != "${ordered[${#ordered[@]}-1]}" ]; then
            skipped="$skipped $v ($(cat "$unavailable"))"
            continue
        fi
        rm -rf "$tmp" && mkdir -p "$tmp"
        log "fetching source $name $v"
        if (cd "$tmp" && private_apt amd64 apt-get source --download-only "$name=$v" >"$tmp/fetch.log" 2>&1); then
            [ -z "$skipped" ] || log "warning: $name: the mirror could not serve$skipped; using $v"
            rm -rf "$dir"
            dpkg-source --no-check --no-copy -x "$(ls "$tmp"/*.dsc | head -1)" "$dir" >/dev/null \
                || { echo "dpkg-source failed for $name $v" >&2; return 1; }
            rm -rf "$tmp"
            touch "$dir/.unpacked"
            echo "$dir"
            return 0
        fi
        grep -m1 -o '[0-9]\{3\} *[A-Z][A-Za-z ]*[a-z]' "$tmp/fetch.log" > "$unavailable" || echo failed > "$unavailable"
        skipped="$skipped $v ($(cat "$unavailable"))"
        if [ -n "$orig_ok" ] && [ "$v" = "${ordered[0]}" ]; then
            local orig
            orig=$(ls "$tmp"/*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | head -1 || true)
            if [ -n "$orig" ]; then
                log "warning: $name $v: Debian part not served; using the upstream tarball $(basename "$orig") without Debian's patches"
                dir="$dir.orig-only"
                rm -rf "$dir" && mkdir -p "$dir"
                tar -xf "$orig" -C "$dir" --strip-components=1 || { echo "cannot unpack $orig" >&2; return 1; }
                rm -rf "$tmp"
                touch "$dir/.unpacked"
                echo "$dir"
                return 0
            fi
        fi
    done
    echo "cannot fetch any version of source package $name:$skipped" >&2
    grep '^E:' "$tmp/fetch.log" >&2 || true
    return 1
}

# Everything that differs between firmware targets, from a board file's target name. Sets:
#   FW_TARGET        the board file's name for it (aarch64-linux-musl, ...), also the cache key's target part
#   FW_DEB_ARCH      Debian architecture of the sysroot packages
#   FW_CLANG_TARGET  clang --target for the C code (libc headers and ABI are musl's)
#   FW_CPU_FLAGS     code-generation flags shared by C and Swift (float ABI for armv7)
#   FW_SWIFT_TARGET  swiftc -target: a triple with a shipped Embedded stdlib
#   FW_MUSL_TRIPLET  Debian's directory name for musl's headers and libraries
#   FW_GNU_TRIPLET   Debian's multiarch directory of the kernel's asm/ headers and of libgcc
#   FW_OPENSSL_CONFIG OpenSSL's Configure target
#   FW_MACHINE       what `file` says about the machine, for the tests
#   FW_LIBC          musl (everything from the target's sysroot) or glibc (the host's, x86_64 only)
#   FW_SHORT         the short name in output directories (build/<board>-<short>) and messages
#   FW_QEMU          the qemu-user program that runs it here, empty when it runs natively
firmware_target() {
    FW_TARGET=$1
    FW_CPU_FLAGS=()
    FW_LIBC=musl FW_SHORT=${1%%-*} FW_QEMU=""
    case "$1" in
    x86_64-linux-gnu)
        # The host's glibc, static: the first firmware target, kept until the sim board moves to musl.
        # glibc static cannot resolve names through nsswitch modules; no TLS (Debian's libssl.a is glibc's).
        FW_LIBC=glibc FW_SHORT=x86_64-gnu
        FW_DEB_ARCH=amd64 FW_CLANG_TARGET=x86_64-linux-gnu FW_SWIFT_TARGET=x86_64-unknown-linux-gnu
        FW_MUSL_TRIPLET="" FW_GNU_TRIPLET=x86_64-linux-gnu
        FW_OPENSSL_CONFIG=linux-x86_64 FW_MACHINE="x86-64" ;;
    aarch64-linux-musl)
        FW_DEB_ARCH=arm64 FW_CLANG_TARGET=aarch64-linux-musl FW_SWIFT_TARGET=aarch64-none-none-elf
        FW_MUSL_TRIPLET=aarch64-linux-musl FW_GNU_TRIPLET=aarch64-linux-gnu
        FW_OPENSSL_CONFIG=linux-aarch64 FW_MACHINE="ARM aarch64" FW_QEMU=qemu-aarch64-static ;;
    armv7-linux-musleabihf)
        # Raspberry Pi OS 32-bit is armhf: ARMv7-A with VFPv3-D16 and floats passed in VFP registers.
        FW_DEB_ARCH=armhf FW_CLANG_TARGET=armv7-linux-musleabihf FW_SWIFT_TARGET=armv7-none-none-eabi
        FW_CPU_FLAGS=(-march=armv7-a -mfpu=vfpv3-d16 -mfloat-abi=hard)
        FW_MUSL_TRIPLET=arm-linux-musleabihf FW_GNU_TRIPLET=arm-linux-gnueabihf
        FW_OPENSSL_CONFIG=linux-armv4 FW_MACHINE="ARM, EABI5" FW_QEMU=qemu-arm-static ;;
    x86_64-linux-musl)
        FW_DEB_ARCH=amd64 FW_CLANG_TARGET=x86_64-linux-musl FW_SWIFT_TARGET=x86_64-unknown-none-elf
        FW_MUSL_TRIPLET=x86_64-linux-musl FW_GNU_TRIPLET=x86_64-linux-gnu
        FW_OPENSSL_CONFIG=linux-x86_64 FW_MACHINE="x86-64" ;;
    *)
        echo "unknown firmware target '$1' (known: aarch64-linux-musl, armv7-linux-musleabihf, x86_64-linux-musl, x86_64-linux-gnu)" >&2
        return 2 ;;
    esac
}

# The targets a board file names, one per line (the first is the board's default).
board_targets() {
    local file=$1
    sed -n '/"targets"/{s/.*"targets" *: *\[\([^]]*\)\].*/\1/;s/[", ]\+/\n/g;p}' "$file" | sed '/^$/d'
}

# Size limits (bytes) of the aarch64 firmware, the Pi builds (scripts/size.sh prints them, test-firmware.sh
# enforces them). The issue's budgets: with TLS (OpenSSL inside) 2.5 MB, without TLS 400 KB.
FW_BUDGET_TLS=$((2500 * 1024))
FW_BUDGET_NOTLS=$((400 * 1024))
# The no-TLS build is over its budget by the Swift code itself (docs/firmware.md, "Size"), which needs
# changes in the modules rather than in the build. Until then a regression ceiling keeps the check able to
# fail: the size measured when it was set (763 KiB on 2026-11-25) plus 5% for the work in flight. Lower it
# whenever the binary shrinks; raising it is a decision to write down in docs/firmware.md.
FW_CEILING_NOTLS=$((800 * 1024))

# The Swift toolchain's directory of Embedded stdlib support libraries, and its LLVM tools.
swift_toolchain_dir() { dirname "$(dirname "$(readlink -f "$(command -v swiftc)")")"; }

# The C compiler and flags for a firmware target (call firmware_target first): the Swift toolchain's clang,
# musl's headers and the kernel's from SYSROOT only (-nostdlibinc keeps clang's own stddef.h/stdarg.h
# but drops the host's /usr/include, which is glibc's), sections per function so the link drops what is
# unused, no PIC (the executable is static, non-PIE). Sets FW_CC, FW_CFLAGS (an array) and FW_SYSROOT.
# For glibc (SYSROOT "/") the host's headers are used as they are.
firmware_cc() {
    local sysroot=$1
    FW_SYSROOT=$sysroot
    FW_CC="$(swift_toolchain_dir)/bin/clang"
    FW_CFLAGS=(--target="$FW_CLANG_TARGET" ${FW_CPU_FLAGS[@]+"${FW_CPU_FLAGS[@]}"})
    [ "$FW_LIBC" = glibc ] || FW_CFLAGS+=(-nostdlibinc -isystem "$sysroot/include")
    # No unwind tables: nothing in a C-only static program unwinds, and OpenSSL's would be 10% of the binary.
    FW_CFLAGS+=(-Os -fno-pic -fno-pie -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables
        -fno-unwind-tables)
}
# Bump when FW_CFLAGS change: it is part of every cached C library's key (firmware_lib_dir).
FW_CFLAGS_RECIPE=2

# A cache directory for a C library built for the current firmware target, keyed by the library's version,
# the target, the libc (and its version) it was compiled against, the C flags' recipe and a variant
# (e.g. tls-yes). Prints the path.
#   firmware_lib_dir SYSROOT NAME-VERSION [VARIANT]
firmware_lib_dir() {
    local sysroot=$1 name=$2 variant=${3:-}
    local libc
    if [ "$FW_LIBC" = glibc ]; then
        libc="glibc-$(dpkg-query -W -f='${Version}' libc6-dev)"
    else
        libc="musl-$(awk '$1 == "musl-dev" {print $2}' "$sysroot/MANIFEST")"
    fi
    echo "$PINPOST_CACHE/build/$FW_TARGET/$libc-cflags$FW_CFLAGS_RECIPE/$name${variant:+-$variant}"
}

# The target-specific swiftc flags of an Embedded compile (call firmware_target first; embedded-compile.sh
# adds -target FW_SWIFT_TARGET and -enable-experimental-feature Embedded -wmo -Osize).
# With a *-none-* triple the clang importer knows no libc: it gets the sysroot's musl and kernel headers,
# the macros a Linux compiler would define, and the C code's float ABI (armv7: hard-float, so that a
# Double passed between Swift and C travels in VFP registers on both sides). Sets FW_SWIFT_FLAGS.
firmware_swift_flags() {
    local sysroot=$1 f
    # -lto=llvm-full: the objects are LLVM bitcode and ld.lld optimises the program as a whole, dropping
    # and merging across modules what per-module compiles cannot (a third smaller than without).
    FW_SWIFT_FLAGS=(-Xfrontend -function-sections -lto=llvm-full)
    if [ "$FW_LIBC" = musl ]; then
        FW_SWIFT_FLAGS+=(-Xcc -nostdlibinc -Xcc -isystem -Xcc "$sysroot/include" -Xcc -D__linux__ -Xcc -D__unix__
            -Xcc -DPINPOST_MUSL)
        for f in ${FW_CPU_FLAGS[@]+"${FW_CPU_FLAGS[@]}"}; do FW_SWIFT_FLAGS+=(-Xcc "$f"); done
    fi
}

# Links a static firmware executable for the current target: OUTPUT MAP INPUTS... (objects and archives,
# searched as a group so their order does not matter). musl: ld.lld directly, with musl's and gcc's start
# files named (clang's driver would pick the host's glibc crt files for a *-linux-musl target). glibc: the
# clang driver with -static. Both: not PIE, unused sections dropped (--gc-sections), stripped, identical
# functions folded where no code compares their addresses (--icf=safe: 5-7 KB on aarch64; lld knows from
# the address-significance tables clang and the LTO step emit, and folds nothing in objects without them).
firmware_link() {
    local output=$1 map=$2; shift 2
    local unicode
    unicode="$(swift_toolchain_dir)/lib/swift/embedded/$FW_SWIFT_TARGET/libswiftUnicodeDataTables.a"
    if [ "$FW_LIBC" = musl ]; then
        local lib="$FW_SYSROOT/lib"
        "$(swift_toolchain_dir)/bin/ld.lld" -static --no-pie -o "$output" \
            "$lib/crt1.o" "$lib/crti.o" "$lib/crtbeginT.o" \
            --start-group "$@" "$unicode" "$lib/libc.a" "$lib/libgcc.a" "$lib/libgcc_eh.a" --end-group \
            "$lib/crtend.o" "$lib/crtn.o" \
            --gc-sections --icf=safe --strip-all -Map="$map"
    else
        "$FW_CC" --target="$FW_CLANG_TARGET" -static -fuse-ld=lld -o "$output" \
            -Wl,--start-group "$@" "$unicode" -Wl,--end-group -lm -Wl,--gc-sections -Wl,--icf=safe -Wl,-Map="$map" -s
    fi
}

# The build directory of BOARD's firmware for TARGET (empty: the board's default) and TLS (yes|no), relative
# to the repo: build/<board>[-<short>][-notls]. Prints it; sets FW_* as firmware_target does.
firmware_out_dir() {
    local board=$1 target=${2:-} tls=${3:-yes} default dir
    default=$(board_targets "$ROOT/boards/$board.json" | head -1)
    [ -n "$default" ] || { echo "no targets in boards/$board.json" >&2; return 2; }
    firmware_target "${target:-$default}" || return
    dir="build/$board"
    [ "$FW_TARGET" = "$default" ] || dir="$dir-$FW_SHORT"
    [ "$tls" = yes ] || [ "$FW_LIBC" = glibc ] || dir="$dir-notls"
    echo "$dir"
}
