#!/usr/bin/env bash
# `make install`: lays out one board's firmware for a Raspberry Pi (docs/deploy.md).
#   scripts/install.sh BOARD        environment: DESTDIR (staging root), PREFIX (default /usr/local),
#                                   TARGET and TLS (as for `make firmware`; the binary must be built)
# Installs PREFIX/bin/pinpost, the systemd unit (with ExecStart pointing there), sysusers.d and tmpfiles.d
# entries for the user pinpost and the config's owner, the example config as /etc/pinpost/pinpost.json
# (mode 0600, never overwriting an existing one), and the deployment notes. Into the live system
# (no DESTDIR, as root) it also creates the user and fixes ownership with systemd-sysusers/-tmpfiles.
source "$(dirname "$0")/lib.sh"
board=${1:?usage: install.sh BOARD}
destdir=${DESTDIR:-}
prefix=${PREFIX:-/usr/local}
dir=$(firmware_out_dir "$board" "${TARGET:-}" "${TLS:-yes}")
bin="$ROOT/$dir/pinpost"
[ -f "$bin" ] || { echo "install: $dir/pinpost is not built (make firmware BOARD=$board)" >&2; exit 2; }
# Files for a package manager's prefix (/usr) go under /usr/lib; a local install's go under /etc.
if [ "$prefix" = /usr ]; then system_dir=/usr/lib; else system_dir=/etc; fi
root="${destdir%/}"

install -D -m 0755 "$bin" "$root$prefix/bin/pinpost"
mkdir -p "$root$system_dir/systemd/system"
sed "s|@BINDIR@|$prefix/bin|g; s|/usr/local/share/doc/pinpost|$prefix/share/doc/pinpost|g" \
    "$ROOT/deploy/pinpost.service" > "$root$system_dir/systemd/system/pinpost.service"
chmod 0644 "$root$system_dir/systemd/system/pinpost.service"
install -D -m 0644 "$ROOT/deploy/pinpost.sysusers" "$root$system_dir/sysusers.d/pinpost.conf"
install -D -m 0644 "$ROOT/deploy/pinpost.tmpfiles" "$root$system_dir/tmpfiles.d/pinpost.conf"
install -D -m 0644 "$ROOT/docs/deploy.md" "$root$prefix/share/doc/pinpost/deploy.md"
config="$root/etc/pinpost/pinpost.json"
if [ -f "$config" ]; then
    echo "  install: keeping the existing /etc/pinpost/pinpost.json"
elif [ -f "$ROOT/examples/pinpost.json" ]; then
    install -d -m 0750 "$root/etc/pinpost"
    install -m 0600 "$ROOT/examples/pinpost.json" "$config"
else
    echo "  install: no examples/pinpost.json in this tree: write /etc/pinpost/pinpost.json yourself" >&2
fi
if [ -z "$root" ] && [ "$(id -u)" = 0 ]; then
    # The live system: create the user and groups now, give it the config, tell systemd about the unit.
    if command -v systemd-sysusers >/dev/null; then systemd-sysusers "$system_dir/sysusers.d/pinpost.conf"; fi
    if command -v systemd-tmpfiles >/dev/null; then systemd-tmpfiles --create "$system_dir/tmpfiles.d/pinpost.conf"; fi
    if [ -d /run/systemd/system ]; then systemctl daemon-reload; fi
fi
echo "  installed $dir/pinpost ($(awk '$1 == "target" {print $2}' "$ROOT/$dir/BUILDINFO")) into ${root:-/}: $prefix/bin/pinpost, $system_dir/systemd/system/pinpost.service"
echo "  next: edit /etc/pinpost/pinpost.json, then: systemctl enable --now pinpost"
