# Shared helpers of the hardware-in-the-loop scripts (sourced, not run). On top of lib.sh: the two virtual
# board architectures, and Debian binary packages fetched into the cache and checked against the signed index.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
HIL_CACHE="$PINPOST_CACHE/hil-vm"

# Everything that differs between the virtual board's architectures. Sets:
#   HIL_ARCH          aarch64 | armv7 (the Makefile's ARCH)
#   HIL_DEB_ARCH      Debian architecture of the kernel and busybox packages
#   HIL_KFLAVOUR      Debian kernel flavour (the metapackage is linux-image-FLAVOUR)
#   HIL_KARCH         the kernel's ARCH= for Kbuild
#   HIL_KBITS         32 or 64: a 32-bit kernel's modules need the target's own modpost (hil-vm-assets.sh)
#   HIL_QEMU_USER     the qemu-user program that runs the target's programs here
#   HIL_CROSS         CROSS_COMPILE prefix (Debian's gcc-*-linux-gnu* cross compilers, the kernel's own compiler)
#   HIL_FW_TARGET     firmware target of the pinpost binary and the static mosquitto (lib.sh firmware_target)
#   HIL_QEMU          qemu-system program and machine arguments
#   HIL_CONSOLE       the serial console's device name in the guest
hil_arch() {
    HIL_ARCH=$1
    case "$1" in
    aarch64)
        HIL_DEB_ARCH=arm64 HIL_KFLAVOUR=arm64 HIL_KARCH=arm64 HIL_CROSS=aarch64-linux-gnu- HIL_KBITS=64
        HIL_QEMU_USER=qemu-aarch64-static
        HIL_FW_TARGET=aarch64-linux-musl
        HIL_QEMU=(qemu-system-aarch64 -M virt -cpu cortex-a57)
        HIL_CONSOLE=ttyAMA0 ;;
    armv7)
        # Debian's armmp kernel supports QEMU's virt machine (device tree from QEMU, PL011 console).
        HIL_DEB_ARCH=armhf HIL_KFLAVOUR=armmp HIL_KARCH=arm HIL_CROSS=arm-linux-gnueabihf- HIL_KBITS=32
        HIL_QEMU_USER=qemu-arm-static
        HIL_FW_TARGET=armv7-linux-musleabihf
        HIL_QEMU=(qemu-system-arm -M virt,highmem=off -cpu cortex-a15)
        HIL_CONSOLE=ttyAMA0 ;;
    *)
        echo "unknown virtual board architecture '$1' (known: aarch64, armv7)" >&2
        return 2 ;;
    esac
}

# The candidate version of a binary package in the private index of ARCH.
hil_candidate() {
    local arch=$1 pkg=$2 v
    v=$(private_apt "$arch" apt-cache policy "$pkg:$arch" | awk '/Candidate:/ {print $2}')
    [ -n "$v" ] && [ "$v" != "(none)" ] || { echo "hil: no $pkg for $arch in the package index" >&2; return 1; }
    echo "$v"
}

# Downloads PKG=VERSION from the private index of STATE (an architecture; its index also lists the
# architecture-independent packages) into the cache once, checks its SHA-256 against the index's, and prints
# the .deb's path. apt-get checks it too; this check makes the cache's content verifiable on its own.
hil_fetch_deb() {
    local state=$1 pkg=$2 version=$3 dir="$HIL_CACHE/debs" deb expected actual tmp
    mkdir -p "$dir"
    deb=$(ls "$dir/${pkg}_$(echo "$version" | sed 's/^[0-9]*://')_"{"$state",all}.deb 2>/dev/null | head -1 || true)
    if [ -z "$deb" ]; then
        log "fetching $pkg $version ($state)"
        tmp="$dir/tmp.$pkg.$state"
        rm -rf "$tmp" && mkdir -p "$tmp"
        (cd "$tmp" && private_apt "$state" apt-get download "$pkg=$version" >/dev/null) \
            || { echo "hil: cannot download $pkg $version ($state)" >&2; return 1; }
        expected=$(private_apt "$state" apt-cache show "$pkg=$version" | awk '/^SHA256:/ {print $2; exit}')
        deb=$(ls "$tmp"/*.deb)
        actual=$(sha256sum "$deb" | cut -d' ' -f1)
        if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
            echo "hil: $pkg $version: SHA-256 $actual does not match the index's '$expected'" >&2
            return 1
        fi
        mv "$deb" "$dir/" && rm -rf "$tmp"
        deb="$dir/$(basename "$deb")"
    fi
    echo "$deb"
}

# Fails with one clear line when a host tool the virtual board needs is missing (scripts/deps.sh lists the
# packages: qemu-system-arm, gcc-aarch64-linux-gnu, gcc-arm-linux-gnueabihf, cpio, qemu-user-static).
hil_require_tools() {
    local tool missing=()
    for tool in "$@"; do command -v "$tool" >/dev/null || missing+=("$tool"); done
    [ ${#missing[@]} = 0 ] && return 0
    echo "hil: missing host tools: ${missing[*]} (apt-get install qemu-system-arm gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf cpio qemu-user-static)" >&2
    return 1
}
