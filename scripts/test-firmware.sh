#!/usr/bin/env bash
# Smoke tests of a built firmware binary: it runs, it is static, and it agrees with the SwiftPM build.
#   scripts/test-firmware.sh BOARD
source "$(dirname "$0")/lib.sh"
board=${1:-sim}
bin="$ROOT/build/$board/pinpost"
passed=0 failed=0
check() {
    local name=$1; shift
    if "$@" >/tmp/pinpost-fw-check.log 2>&1; then passed=$((passed + 1)); echo "PASS $name"
    else failed=$((failed + 1)); echo "FAIL $name"; sed 's/^/    /' /tmp/pinpost-fw-check.log | head -20; fi
}
check "firmware runs" "$bin" --version
check "firmware is statically linked" bash -c "file '$bin' | grep -q 'statically linked'"
echo "firmware ($board): $passed passed, $failed failed"
[ "$failed" -eq 0 ]
