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
for module in "${modules[@]}"; do
    # Every .swift file of the module, subfolders included (SwiftPM takes them all too).
    mapfile -t sources < <(find "$root/Sources/$module" -name '*.swift' | sort)
    flags=()
    # The executable's entry point is renamed: in firmware, C owns main() to hand argv to Swift (args.c).
    if [ "$module" = pinpost ]; then
        flags+=(-Xfrontend -entry-point-function-name -Xfrontend pinpost_swift_main)
    fi
    obj="$out/obj/$module.o" stamp="$out/obj/$module.stamp"
    # Rebuild only when a source of this module, a C header, or a module below it changed since the last
    # build (a module rebuilt below touches its stamp, which is newer than ours).
    if [ -f "$stamp" ] && [ -z "$(find "$root/Sources/$module" "$root/Sources/CSystem/include" "$out/obj" -newer "$stamp" \( -name '*.swift' -o -name '*.h' -o -name '*.stamp' \) -print -quit)" ]; then
        continue
    fi
    echo "  SWIFT-EMBEDDED $module ($target)"
    swiftc -target "$target" -enable-experimental-feature Embedded -swift-version 6 \
        -wmo -Osize -parse-as-library -module-name "$module" \
        -I "$out/modules" -I "$root/Sources/CSystem/include" -I "$root/Sources/CMosquitto" \
        -I "$root/Sources/CGPIOD" -I "$root/Sources/CI2C" \
        -Xcc -DPINPOST_FIRMWARE \
        -emit-module -emit-module-path "$out/modules/$module.swiftmodule" \
        -c -o "$obj" ${flags[@]+"${flags[@]}"} ${extra[@]+"${extra[@]}"} "${sources[@]}"
    touch "$stamp"
done
