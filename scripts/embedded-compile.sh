#!/usr/bin/env bash
# Compiles every Swift module of Sources/ in Embedded Swift, in dependency order, into OUT/obj/*.o and
# OUT/modules/*.swiftmodule. Used by `make firmware` (and `make embedded-check` for the host triple).
#   scripts/embedded-compile.sh OUT SWIFT_TARGET [extra swiftc flags...]
set -euo pipefail
out=$1; target=$2; shift 2
extra=("$@")
root=$(cd "$(dirname "$0")/.." && pwd)
# Dependency order, the same as Package.swift's layers (bottom first).
modules=(JSON GatewayProtocol RingStore Hardware Transport Config Agent pinpost)
mkdir -p "$out/obj" "$out/modules"
# Objects built with other flags (another sysroot, a different float ABI) are stale: forget their stamps.
if [ "$(cat "$out/obj/flags" 2>/dev/null)" != "$target ${extra[*]:-}" ]; then
    rm -f "$out"/obj/*.stamp
    echo "$target ${extra[*]:-}" > "$out/obj/flags"
fi
below=()
for module in "${modules[@]}"; do
    # Every .swift file of the module, subfolders included (SwiftPM takes them all too).
    mapfile -t sources < <(find "$root/Sources/$module" -name '*.swift' | sort)
    flags=()
    # The executable's entry point is renamed: in firmware, C owns main() to hand argv to Swift (args.c).
    if [ "$module" = pinpost ]; then
        flags+=(-Xfrontend -entry-point-function-name -Xfrontend pinpost_swift_main)
    fi
    obj="$out/obj/$module.o" stamp="$out/obj/$module.stamp"
    # Rebuild only when this module's list of sources, one of them, a C header, or a module below it
    # changed since the last build (a module rebuilt below touches its stamp, which is then newer than ours).
    printf '%s\n' "${sources[@]}" > "$out/obj/$module.sources.new"
    up_to_date=no
    if [ -f "$stamp" ] && cmp -s "$out/obj/$module.sources.new" "$out/obj/$module.sources" \
        && [ -z "$(find "$root/Sources/$module" "$root/Sources/CSystem/include" "$root/Sources/CMosquitto" \
            "$root/Sources/CGPIOD" "$root/Sources/CI2C" $([ -d "$out/include" ] && echo "$out/include") \
            -newer "$stamp" \( -name '*.swift' -o -name '*.h' \) -print -quit)" ]; then
        up_to_date=yes
        for lower in ${below[@]+"${below[@]}"}; do
            [ "$out/obj/$lower.stamp" -nt "$stamp" ] && up_to_date=no
        done
    fi
    mv "$out/obj/$module.sources.new" "$out/obj/$module.sources"
    below+=("$module")
    [ "$up_to_date" = no ] || continue
    echo "  SWIFT-EMBEDDED $module ($target)"
    rm -f "$stamp"  # a failed compile leaves no stamp, so the next run tries again
    swiftc -target "$target" -enable-experimental-feature Embedded -swift-version 6 \
        -wmo -Osize -parse-as-library -module-name "$module" \
        -I "$out/modules" -I "$root/Sources/CSystem/include" -I "$root/Sources/CMosquitto" \
        -I "$root/Sources/CGPIOD" -I "$root/Sources/CI2C" \
        -Xcc -DPINPOST_FIRMWARE \
        -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
        -c -o "$obj" ${flags[@]+"${flags[@]}"} ${extra[@]+"${extra[@]}"} "${sources[@]}"
    touch "$stamp"
done
