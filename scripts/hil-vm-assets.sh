#!/usr/bin/env bash
# Fetches and builds everything the virtual board boots, except pinpost and the suite (hil-vm.sh adds those):
#   scripts/hil-vm-assets.sh ARCH          (aarch64 | armv7)
# Prints the assets directory, which holds:
#   vmlinuz           Debian's kernel for ARCH (linux-image-arm64 / linux-image-armmp)
#   modules/*.ko      configfs, i2c-dev and what they need, from that kernel's package, plus gpio-sim.ko
#                     and i2c-stub.ko built out of tree from the same version's sources (Debian's kernels
#                     do not enable CONFIG_GPIO_SIM / CONFIG_I2C_STUB)
#   modules.order     the order /init inserts them in
#   bin/              busybox (Debian's busybox-static), mosquitto, mosquitto_pub, mosquitto_sub (static,
#                     musl, from Debian's mosquitto source package)
#   MANIFEST          every package and version it came from
# Everything is fetched from Debian's archive with a private apt state (lib.sh private_apt; nothing is installed
# for a foreign architecture) and cached under $PINPOST_CACHE/hil-vm, keyed by version: a second run only
# checks the keys. Host tools: scripts/deps.sh (qemu-system-arm, cross gcc, cpio).
source "$(dirname "$0")/hil-lib.sh"
hil_arch "${1:?usage: hil-vm-assets.sh aarch64|armv7}"
hil_require_tools "${HIL_CROSS}gcc" "$HIL_QEMU_USER" dpkg-deb make strings
private_apt_update amd64
private_apt_update "$HIL_DEB_ARCH"

# --- The kernel version: the newest whose image is in the index AND whose source the mirror serves. The
# out-of-tree modules are compiled from that exact version's sources, so gpiolib.h matches the kernel.
src_versions=$(private_apt amd64 apt-cache showsrc linux 2>/dev/null | awk '/^Version:/ {print $2}' | sort -u)
image_versions=$(private_apt "$HIL_DEB_ARCH" apt-cache madison "linux-image-$HIL_KFLAVOUR" | awk '{print $3}')
candidates=()
for v in $image_versions; do
    grep -qxF "$v" <<<"$src_versions" && candidates+=("$v")
done
[ ${#candidates[@]} -gt 0 ] || { echo "hil: no linux-image-$HIL_KFLAVOUR version has its source listed" >&2; exit 1; }

# The four source files, extracted from a version's upstream tarball into the cache (140 MB download, once).
# Debian's patches are checked not to touch them: the upstream files are then the ones Debian built.
kernel_sources() {
    local v=$1 dir="$HIL_CACHE/linux-src/$1" tmp="$HIL_CACHE/linux-src/$1.fetch"
    [ -f "$dir/.complete" ] && return 0
    [ "$dir.unavailable" -nt "$PINPOST_CACHE/apt/amd64/updated" ] && return 1
    rm -rf "$tmp" && mkdir -p "$tmp"
    log "fetching kernel source linux $v (only four files are kept)"
    if ! (cd "$tmp" && private_apt amd64 apt-get source --download-only "linux=$v" >"$tmp/fetch.log" 2>&1); then
        mkdir -p "$(dirname "$dir")" && touch "$dir.unavailable"
        log "the mirror does not serve the source of linux $v; trying an older version"
        return 1
    fi
    tar -C "$tmp" -xJf "$tmp"/linux_*.orig.tar.xz --wildcards --strip-components=1 \
        '*/drivers/gpio/gpio-sim.c' '*/drivers/gpio/gpiolib.h' '*/drivers/i2c/i2c-stub.c' '*/kernel/irq/irq_sim.c'
    tar -C "$tmp" -xJf "$tmp"/linux_*.debian.tar.xz debian/patches
    if grep -rlE '^\+\+\+ .*(gpio-sim\.c|gpiolib\.h|i2c-stub\.c|irq_sim\.c)' "$tmp/debian/patches" >&2; then
        echo "hil: Debian's patches of linux $v touch the files above: apply them before building" >&2
        exit 1
    fi
    rm -rf "$dir" && mkdir -p "$dir"
    cp "$tmp/drivers/gpio/gpio-sim.c" "$tmp/drivers/gpio/gpiolib.h" "$tmp/drivers/i2c/i2c-stub.c" \
        "$tmp/kernel/irq/irq_sim.c" "$dir/"
    rm -rf "$tmp"
    touch "$dir/.complete"
}
kver=""
for v in "${candidates[@]}"; do
    if kernel_sources "$v"; then kver=$v; break; fi
done
[ -n "$kver" ] || { echo "hil: the mirror serves the source of no listed linux-image-$HIL_KFLAVOUR version" >&2; exit 1; }
[ "$kver" = "${candidates[0]}" ] || log "note: kernel $kver, not ${candidates[0]}: the mirror does not serve the newer one's source"
# The ABI name (6.1.0-50-arm64) from the metapackage's dependency.
krel=$(private_apt "$HIL_DEB_ARCH" apt-cache show "linux-image-$HIL_KFLAVOUR=$kver" \
    | sed -n 's/^Depends:.*linux-image-\([0-9][^ ,]*\) .*/\1/p' | head -1)
[ -n "$krel" ] || { echo "hil: cannot read the kernel ABI name of linux-image-$HIL_KFLAVOUR $kver" >&2; exit 1; }
kabi=${krel%-"$HIL_KFLAVOUR"}
kbuild_pkg="linux-kbuild-$(echo "$kver" | cut -d. -f1,2)"

# --- The kernel's image, headers and Kbuild tools, unpacked together so the headers' links resolve.
ktree="$HIL_CACHE/$HIL_ARCH/kernel-$krel-$kver"
if [ ! -f "$ktree/.complete" ]; then
    rm -rf "$ktree" && mkdir -p "$ktree/root"
    for spec in "$HIL_DEB_ARCH linux-image-$krel" "$HIL_DEB_ARCH linux-headers-$krel" \
        "$HIL_DEB_ARCH linux-headers-$kabi-common" "amd64 $kbuild_pkg"; do
        set -- $spec
        dpkg-deb -x "$(hil_fetch_deb "$1" "$2" "$kver")" "$ktree/root"
    done
    # The flavour's Makefile includes the common one by its installed path: point it into the cache.
    sed -i "s|^include /usr/src/|include $ktree/root/usr/src/|" "$ktree/root/usr/src/linux-headers-$krel/Makefile"
    # modpost checks the sizes of the kernel's device-table structs as compiled into it: the amd64 build
    # knows 64-bit sizes and refuses a 32-bit target's modules ("sizeof(struct of_device_id)=200 is not a
    # modulo ..."). For a 32-bit kernel, run the target's own modpost (from linux-kbuild for that
    # architecture, with its libc) under qemu-user instead; Debian's modpost is a launcher that execs
    # modpost.real-lsb-32 for 32-bit little-endian objects, which qemu-user cannot follow without binfmt:
    # run that one directly.
    if [ "$HIL_KBITS" = 32 ]; then
        mkdir -p "$ktree/target-tools"
        dpkg-deb -x "$(hil_fetch_deb "$HIL_DEB_ARCH" "$kbuild_pkg" "$kver")" "$ktree/target-tools"
        dpkg-deb -x "$(hil_fetch_deb "$HIL_DEB_ARCH" libc6 "$(hil_candidate "$HIL_DEB_ARCH" libc6)")" "$ktree/target-tools"
        modpost="$ktree/root/usr/lib/$kbuild_pkg/scripts/mod/modpost"
        printf '#!/bin/sh\n# The %s modpost under qemu-user (hil-vm-assets.sh).\nexec %s -L %s %s "$@"\n' \
            "$HIL_DEB_ARCH" "$HIL_QEMU_USER" "$ktree/target-tools" "$ktree/target-tools/usr/lib/$kbuild_pkg/scripts/mod/modpost.real-lsb-32" \
            > "$modpost.target"
        chmod +x "$modpost.target" && mv "$modpost.target" "$modpost"
    fi
    touch "$ktree/.complete"
fi
headers="$ktree/root/usr/src/linux-headers-$krel"
moddir="$ktree/root/lib/modules/$krel"

# --- gpio-sim and i2c-stub, out of tree. irq_sim.c is linked into gpio-sim (no CONFIG_IRQ_SIM in Debian's
# kernels), calling generic_handle_irq() because irq_to_desc() is not exported to modules.
MODULES_RECIPE=2
mods="$HIL_CACHE/$HIL_ARCH/modules-$krel-$kver-r$MODULES_RECIPE"
if [ ! -f "$mods/.complete" ]; then
    log "building gpio-sim.ko and i2c-stub.ko for $krel"
    rm -rf "$mods" && mkdir -p "$mods/src"
    src="$HIL_CACHE/linux-src/$kver"
    cp "$src/gpio-sim.c" "$mods/src/gpio-sim-main.c"
    cp "$src/gpiolib.h" "$mods/src/"
    # Each change is checked to have applied: a newer source that moved the line fails loudly here.
    edit() {   # edit FILE SED-EXPRESSION EXPECTED-LINE-AFTERWARDS
        sed "$2" "$src/$1" > "$mods/src/${1/gpio-sim.c/gpio-sim-main.c}"
        grep -qF "$3" "$mods/src/${1/gpio-sim.c/gpio-sim-main.c}" \
            || { echo "hil: cannot apply '$2' to $1 of linux $kver" >&2; exit 1; }
    }
    edit irq_sim.c 's/handle_simple_irq(irq_to_desc(irqnum))/generic_handle_irq(irqnum)/' 'generic_handle_irq(irqnum)'
    # i2c-stub, two changes for the suite: chip_addr becomes writable at run time (writing another address
    # into /sys/module/i2c_stub/parameters/chip_addr takes a chip off the bus and back, registers kept: the
    # "sensor removed" check), and an absent address fails with ENXIO, the code Linux adapters return when
    # the address phase is not acknowledged (Documentation/i2c/fault-codes.rst), instead of ENODEV.
    edit i2c-stub.c 's/module_param_array(chip_addr, ushort, NULL, S_IRUGO);/module_param_array(chip_addr, ushort, NULL, S_IRUGO | S_IWUSR);/; /^\tif (!chip)$/{n;s/return -ENODEV;/return -ENXIO;/}' 'chip_addr, ushort, NULL, S_IRUGO | S_IWUSR'
    grep -A1 -P '^\tif \(!chip\)$' "$mods/src/i2c-stub.c" | grep -q 'return -ENXIO;' \
        || { echo "hil: cannot make i2c-stub.c of linux $kver answer ENXIO" >&2; exit 1; }
    printf '%s\n' 'obj-m += gpio-sim.o i2c-stub.o' 'gpio-sim-objs := gpio-sim-main.o irq_sim.o' > "$mods/src/Kbuild"
    nice -n 10 make -C "$headers" M="$mods/src" ARCH="$HIL_KARCH" CROSS_COMPILE="$HIL_CROSS" -j"$(nproc)" \
        modules >"$mods/build.log" 2>&1 || { tail -30 "$mods/build.log" >&2; exit 1; }
    cp "$mods/src/gpio-sim.ko" "$mods/src/i2c-stub.ko" "$mods/"
    "${HIL_CROSS}strip" --strip-debug "$mods/gpio-sim.ko" "$mods/i2c-stub.ko"
    touch "$mods/.complete"
fi

# --- busybox-static for the guest's shell, mount, insmod, i2cget/i2cset and poweroff.
bbver=$(hil_candidate "$HIL_DEB_ARCH" busybox-static)
bbdir="$HIL_CACHE/$HIL_ARCH/busybox-$bbver"
if [ ! -f "$bbdir/.complete" ]; then
    rm -rf "$bbdir" && mkdir -p "$bbdir/root"
    dpkg-deb -x "$(hil_fetch_deb "$HIL_DEB_ARCH" busybox-static "$bbver")" "$bbdir/root"
    cp "$bbdir/root/bin/busybox" "$bbdir/busybox" && rm -rf "$bbdir/root"
    touch "$bbdir/.complete"
fi

# --- A static mosquitto broker and clients (the guest's own 127.0.0.1 broker; the suite's platform side).
mosq=$("$ROOT/scripts/hil-build-mosquitto.sh" "$HIL_FW_TARGET")

# --- The assets directory: a cheap copy keyed by every part's key.
key=$(echo "$krel-$kver-r$MODULES_RECIPE-bb$bbver-$(basename "$mosq")" | tr ':~+' '...')
assets="$HIL_CACHE/$HIL_ARCH/assets-$key"
if [ ! -f "$assets/.complete" ]; then
    rm -rf "$assets" && mkdir -p "$assets/modules" "$assets/bin"
    cp "$ktree/root/boot/vmlinuz-$krel" "$assets/vmlinuz"
    # configfs and i2c-dev from the kernel's package, with their dependencies first (read from each module's
    # .modinfo: the package ships no modules.dep, depmod makes it at install), then gpio-sim and i2c-stub.
    order=()
    add_module() {
        local file=$1 name deps d m
        name=$(basename "$file" .ko)
        for m in ${order[@]+"${order[@]}"}; do [ "$m" = "$name" ] && return 0; done
        deps=$(strings "$file" | sed -n 's/^depends=//p' | tr ',' ' ')
        for d in $deps; do
            m=$(find "$moddir" -name "$d.ko" | head -1)
            [ -n "$m" ] || { echo "hil: module $name needs $d, which $krel does not ship" >&2; exit 1; }
            add_module "$m"
        done
        cp "$file" "$assets/modules/$name.ko"
        order+=("$name")
    }
    for m in configfs i2c-dev; do
        f=$(find "$moddir" -name "$m.ko" | head -1)
        # Built into this kernel when it is not a module.
        if [ -n "$f" ]; then add_module "$f"; elif ! grep -q "/$m.ko\$" "$moddir/modules.builtin"; then
            echo "hil: $krel has no $m module and does not list it as built in" >&2; exit 1
        fi
    done
    add_module "$mods/gpio-sim.ko"
    add_module "$mods/i2c-stub.ko"
    printf '%s\n' "${order[@]}" > "$assets/modules.order"
    cp "$bbdir/busybox" "$mosq/mosquitto" "$mosq/mosquitto_pub" "$mosq/mosquitto_sub" "$assets/bin/"
    {
        echo "arch $HIL_ARCH ($HIL_DEB_ARCH)"
        echo "linux-image-$krel $kver"
        echo "linux-headers-$krel $kver (modules gpio-sim, i2c-stub from source linux $kver, recipe $MODULES_RECIPE)"
        echo "busybox-static $bbver"
        cat "$mosq/MANIFEST"
    } > "$assets/MANIFEST"
    touch "$assets/.complete"
fi
echo "$assets"
