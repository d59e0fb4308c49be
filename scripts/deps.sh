#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, idempotently: nothing is downloaded when
# everything is already installed. Run by `make deps` (and so by `make test` and `make demo`).
set -euo pipefail
packages=(
    # C libraries, as Debian's -dev packages (SwiftPM links the shared ones).
    libmosquitto-dev libgpiod-dev libi2c-dev libssl-dev pkg-config
    # The real broker and its clients, for the integration tests and the demo.
    mosquitto mosquitto-clients openssl
    # Firmware: the static C libraries are built from Debian source packages (apt-get source, dpkg-source;
    # OpenSSL's Configure is perl; make), with the Swift toolchain's clang and ld.lld; each target's musl and
    # kernel headers come from Debian's packages for that architecture, fetched with a private apt state
    # (debian-archive-keyring checks them). qemu-user runs the aarch64 and armv7 binaries; file and
    # readelf (binutils) inspect them; python3 summarises link maps (make size).
    build-essential dpkg-dev make perl xz-utils debian-archive-keyring qemu-user-static file binutils
    # The virtual board of the HIL suite (make hil-vm): qemu-system-aarch64/-arm boot Debian's kernels; the
    # test drivers (gpio-sim, i2c-stub) are built out of tree with the cross compilers Debian's kernels were
    # built with; cpio packs the initramfs.
    qemu-system-arm gcc-aarch64-linux-gnu gcc-arm-linux-gnueabihf cpio
    # The integration suite and the benchmarks (a venv holds the pinned Python reference client).
    python3 python3-paho-mqtt python3-pytest python3-venv
)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "  installing: ${missing[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -q >/dev/null
    $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
# Debian starts a system-wide mosquitto on port 1883 when the package is installed; the tests start their
# own brokers on free ports and do not depend on it.
