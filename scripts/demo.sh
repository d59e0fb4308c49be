#!/usr/bin/env bash
# `make demo`: build pinpost and show what it would do with the example config on the simulated board.
# (It grows with the agent: a local broker, live telemetry and RPC round trips.)
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
echo "== building pinpost (swift build)"
swift build --product pinpost 2>&1 | tail -n 3
bin=$(swift build --show-bin-path)/pinpost
echo
echo "== pinpost --version"
"$bin" --version
echo
echo "== pinpost check -c examples/demo.json"
"$bin" check -c examples/demo.json
