#!/usr/bin/env bash
# `make hil-vm`: boots the virtual board under QEMU (software emulation, no KVM) and runs the
# hardware-in-the-loop suite in it against the static pinpost binary.
#   scripts/hil-vm.sh ARCH PINPOST        (ARCH aarch64 | armv7; PINPOST a static binary for ARCH)
# Environment: HIL_ONLY=PATTERN runs only the check files whose name contains it; HIL_TIMEOUT (seconds,
# default 600) bounds the whole boot. The serial console is saved as build/hil-vm/ARCH/console.log.
# Exits 0 only when the suite printed its summary with no FAIL; 1 on any FAIL, a missing summary (the
# guest crashed or hung) or a timeout.
source "$(dirname "$0")/hil-lib.sh"
hil_arch "${1:?usage: hil-vm.sh aarch64|armv7 PINPOST}"
pinpost=${2:?usage: hil-vm.sh aarch64|armv7 PINPOST}
hil_require_tools "${HIL_QEMU[0]}" cpio gzip timeout
out="$ROOT/build/hil-vm/$HIL_ARCH"
mkdir -p "$out"
start=$(date +%s.%N)

assets=$("$ROOT/scripts/hil-vm-assets.sh" "$HIL_ARCH")

# The initramfs: the assets, the suite (Tests/HIL), the board file and pinpost. Rebuilt every run (under a
# second): the suite and pinpost change between runs, the assets do not.
stage="$out/initramfs"
rm -rf "$stage" && mkdir -p "$stage/bin" "$stage/hil/bin" "$stage/hil/modules"
cp "$assets/bin/busybox" "$stage/bin/busybox"
cp "$assets/bin/mosquitto" "$assets/bin/mosquitto_pub" "$assets/bin/mosquitto_sub" "$stage/hil/bin/"
cp "$assets/modules/"*.ko "$stage/hil/modules/"
cp "$assets/modules.order" "$stage/hil/"
cp -r "$ROOT/Tests/HIL/." "$stage/hil/"
cp "$ROOT/Tests/HIL/boards/hil-vm.json" "$stage/hil/"
mv "$stage/hil/vm/init" "$stage/init" && rm -rf "$stage/hil/vm"
if [ -f "$pinpost" ]; then
    cp "$pinpost" "$stage/hil/bin/pinpost"
else
    log "warning: $pinpost does not exist: the suite's pinpost checks will fail"
fi
chmod +x "$stage/init" "$stage/hil/run.sh"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0 | gzip -1) > "$out/initrd.gz"

append="console=$HIL_CONSOLE panic=-1 quiet loglevel=3"
[ -z "${HIL_ONLY:-}" ] || append="$append hil.only=$HIL_ONLY"
log "booting the virtual board ($HIL_ARCH, $(sed -n 2p "$assets/MANIFEST"))"
boot_start=$(date +%s.%N)
set +e
timeout "${HIL_TIMEOUT:-600}" "${HIL_QEMU[@]}" -smp 2 -m 512 -nographic -no-reboot -nic none \
    -kernel "$assets/vmlinuz" -initrd "$out/initrd.gz" -append "$append" < /dev/null 2>&1 \
    | tr -d '\r' | tee "$out/console.log" | sed -n '/^HIL-BEGIN/,/^HIL-END/p' | grep -v '^HIL-BEGIN'
qemu_status=${PIPESTATUS[0]}
set -e
end=$(date +%s.%N)

# The verdict comes from the console, not from QEMU's exit status (poweroff exits 0 whatever happened).
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$out/console.log" | tail -1 || true)
fails=$(grep -c '^FAIL:' "$out/console.log" || true)
awk -v s="$start" -v b="$boot_start" -v e="$end" -v c="${out#"$ROOT"/}/console.log" \
    'BEGIN { printf "  virtual board: boot and suite %.1f s, whole run %.1f s (console: %s)\n", e - b, e - s, c }' >&2
if [ "$qemu_status" = 124 ]; then
    echo "hil-vm: FAIL: the virtual board did not finish within ${HIL_TIMEOUT:-600} s" >&2
    exit 1
fi
if [ -z "$summary" ] || ! grep -q '^HIL-END' "$out/console.log"; then
    echo "hil-vm: FAIL: the suite printed no summary (the guest crashed or the suite died); last console lines:" >&2
    tail -15 "$out/console.log" >&2
    exit 1
fi
[ "$fails" = 0 ] || { echo "hil-vm: $fails check(s) failed" >&2; exit 1; }
