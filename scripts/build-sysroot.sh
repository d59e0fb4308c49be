#!/usr/bin/env bash
# Fetches the Debian packages a musl firmware build needs for one target and lays them out as a sysroot:
#   scripts/build-sysroot.sh TARGET        (aarch64-linux-musl, armv7-linux-musleabihf, x86_64-linux-musl)
# Prints the sysroot directory, which holds:
#   include/  musl's headers, then the kernel's uapi headers (linux/, asm/, asm-generic/...) for the C shims,
#             gpiod and i2c; one directory, so a single -isystem serves clang and the Swift clang importer
#   lib/      musl's crt1.o crti.o crtn.o libc.a, and gcc's crtbeginT.o crtend.o libgcc.a (soft-float
#             long double, 64-bit division on armv7, outline atomics on aarch64), named explicitly at link
#   MANIFEST  package, version, architecture and SHA-256 of every .deb it came from
# Packages come from a private apt state (scripts/lib.sh private_apt): the machine's dpkg architectures and
# apt configuration are never touched, and nothing is installed, only unpacked with dpkg -x.
#
# Verification: apt-get download checks each .deb against the hashes of the Packages index, whose
# InRelease signature apt checks with debian-archive-keyring. This script checks again, independently:
# the SHA-256 of each fetched file must equal the SHA256 field that `apt-cache show` reads from that index.
source "$(dirname "$0")/lib.sh"
firmware_target "${1:?usage: build-sysroot.sh TARGET}"
[ "$FW_LIBC" = musl ] || { echo "sysroot: $FW_TARGET uses the host's own libc, it has no sysroot" >&2; exit 2; }
private_apt_update "$FW_DEB_ARCH"

packages=(musl-dev linux-libc-dev libgcc-12-dev)
key="" versions=()
for p in "${packages[@]}"; do
    v=$(private_apt "$FW_DEB_ARCH" apt-cache policy "$p:$FW_DEB_ARCH" | awk '/Candidate:/ {print $2}')
    [ -n "$v" ] && [ "$v" != "(none)" ] || { echo "sysroot: no $p for $FW_DEB_ARCH in the package index" >&2; exit 1; }
    versions+=("$v")
    key="$key${key:+_}${p%%-dev}-$v"
done
dir="$PINPOST_CACHE/sysroot/$FW_TARGET/$(echo "$key" | tr ':~+' '...')"
if [ -f "$dir/.complete" ]; then echo "$dir"; exit 0; fi

log "sysroot $FW_TARGET ($FW_DEB_ARCH): ${packages[*]}"
work="$dir.work"
rm -rf "$work" && mkdir -p "$work/debs" "$work/root"
manifest=()
for i in "${!packages[@]}"; do
    p=${packages[$i]} v=${versions[$i]}
    (cd "$work/debs" && private_apt "$FW_DEB_ARCH" apt-get download "$p:$FW_DEB_ARCH=$v" >/dev/null)
    deb=$(ls "$work/debs/${p}_"*"_$FW_DEB_ARCH.deb")
    expected=$(private_apt "$FW_DEB_ARCH" apt-cache show "$p:$FW_DEB_ARCH=$v" | awk '/^SHA256:/ {print $2; exit}')
    actual=$(sha256sum "$deb" | cut -d' ' -f1)
    if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
        echo "sysroot: $(basename "$deb"): SHA-256 $actual does not match the index's '${expected}'" >&2
        exit 1
    fi
    manifest+=("$p $v $FW_DEB_ARCH sha256:$actual")
    dpkg-deb -x "$deb" "$work/root"
done

# Flatten into include/ and lib/. musl's headers first; the kernel's uapi headers never collide with them.
r="$work/root/usr"
mkdir -p "$work/include" "$work/lib"
cp -a "$r/include/$FW_MUSL_TRIPLET/." "$work/include/"
for d in "$r"/include/*/; do
    name=$(basename "$d")
    case "$name" in "$FW_MUSL_TRIPLET" | "$FW_GNU_TRIPLET") continue ;; esac
    cp -a "$d" "$work/include/$name"
done
cp -a "$r/include/$FW_GNU_TRIPLET/asm" "$work/include/asm"
for f in crt1.o crti.o crtn.o libc.a; do cp "$r/lib/$FW_MUSL_TRIPLET/$f" "$work/lib/"; done
gcc_dir=$(ls -d "$r/lib/gcc/$FW_GNU_TRIPLET"/*/ | head -1)
for f in crtbeginT.o crtend.o libgcc.a libgcc_eh.a; do cp "$gcc_dir/$f" "$work/lib/"; done
printf '%s\n' "${manifest[@]}" > "$work/MANIFEST"

rm -rf "$dir" && mkdir -p "$dir"
mv "$work/include" "$work/lib" "$work/MANIFEST" "$dir/"
rm -rf "$work"
touch "$dir/.complete"
echo "$dir"
