#!/usr/bin/env bash
# `make firmware-all`: every board's firmware for every target its board file names (with TLS), each into
# its own directory (see firmware.sh), then a one-line summary per binary.
source "$(dirname "$0")/lib.sh"
built=()
for board_file in "$ROOT"/boards/*.json; do
    board=$(basename "$board_file" .json)
    for target in $(board_targets "$board_file"); do
        "$ROOT/scripts/firmware.sh" "$board" "$target"
        built+=("$(firmware_out_dir "$board" "$target" yes)/pinpost")
    done
done
echo "firmware-all:"
for b in "${built[@]}"; do printf '  %-34s %9s bytes\n' "$b" "$(stat -c %s "$ROOT/$b")"; done
