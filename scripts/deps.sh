#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, idempotently: nothing is downloaded when
# everything is already installed. Run by `make deps` (and so by `make test` and `make demo`).
set -euo pipefail
packages=(
    # C libraries, as Debian's -dev packages (SwiftPM links the shared ones).
    libmosquitto-dev libgpiod-dev libi2c-dev libssl-dev pkg-config
    # The real broker and its clients, for the integration tests and the demo.
    mosquitto mosquitto-clients openssl
    # Firmware: static C libraries are built from Debian source packages; musl for the static libc;
    # qemu-user runs the cross-built binaries; file/llvm checks inspect them.
    build-essential dpkg-dev musl-dev musl-tools qemu-user-static file binutils xz-utils
    python3 python3-paho-mqtt python3-pytest
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
