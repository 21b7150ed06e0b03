#!/usr/bin/env bash
# What the default run of 1000 steps costs with every output (run.json, simulation_data,
# transaction_history, simulation_results.png), as CSV and as Parquet, against the engine alone
# (TX_LOG=off PLOT=off): the median of RUNS runs (default 9) of wall, user and system seconds.
# Issue #16's goal: the original Python takes ~28 s for these 1000 steps; 250x with CSV is
# 0.112 s wall, 400x with Parquet 0.070 s.
#
# Run: bash benches/outputs_1000.sh [RUNS] [BINARY]   (builds target/release/grassroot first
# unless BINARY is given). Wall times are only as good as the machine is idle: check `uptime`.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-9}
bin=${2:-}
if [[ -z "$bin" ]]; then
    cargo build --release --quiet --bin grassroot
    bin=target/release/grassroot
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# median WALL USER SYS of $runs runs of the binary with the given flags
median() {
    local label=$1
    shift
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e %U %S" "$bin" --steps 1000 --out "$out/run" --quiet "$@" 2>&1 >/dev/null | tail -1
    done | python3 -c '
import sys, statistics
rows = [tuple(map(float, l.split())) for l in sys.stdin if l.strip()]
wall, user, sys_ = (statistics.median(c) for c in zip(*rows))
label = sys.argv[1]
print(f"{label:<34} wall {wall:.3f} s  user {user:.3f} s  sys {sys_:.3f} s  "
      f"(wall min {min(r[0] for r in rows):.3f}, max {max(r[0] for r in rows):.3f}; 28 s / wall = {28 / wall:.0f}x)")
' "$label"
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); $runs runs each; $bin"
median "engine alone (TX_LOG=off PLOT=off)" --set TX_LOG=off --set PLOT=off
median "every output, CSV" --set OUTPUT_FORMAT=csv
median "every output, Parquet" --set OUTPUT_FORMAT=parquet
ls -l "$out/run" | awk 'NR > 1 { print "  " $5, $9 }'
