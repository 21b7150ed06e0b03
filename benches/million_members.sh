#!/usr/bin/env bash
# Benchmark (not a test): the default world and a world that grows to one million members
# (AGENTS_PER_ENTRY=5000, 1000 steps: 502 million agent-steps), both TX_LOG=off PLOT=off:
# wall time, agent-steps per second, nanoseconds per agent-step and their ratio, peak memory.
# Also the default world's instructions per agent-step under callgrind, if valgrind is there.
# Run: bash benches/million_members.sh [RUNS]   (default 3; medians; figures in docs/speed.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin grassroot
bin="$PWD/target/release/grassroot"
runs="${1:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Agent-steps of a run: members after each step, summed (10 per entry every 5 steps by default).
agent_steps() { # steps per_entry every
  awk -v s="$1" -v n="$2" -v e="$3" 'BEGIN { t = 0; for (i = 0; i < s; i++) t += n * (int(i / e) + 1); print t }'
}

median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

measure() { # label steps per_entry
  local label="$1" steps="$2" per="$3" walls=() rss=0
  for ((i = 0; i < runs; i++)); do
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/t.txt" "$bin" --steps "$steps" --set AGENTS_PER_ENTRY="$per" \
      --set TX_LOG=off --set PLOT=off --out "$work/out" --quiet
    read -r wall kb < "$work/t.txt"
    walls+=("$wall"); (( kb > rss )) && rss="$kb"
  done
  local wall; wall="$(printf '%s\n' "${walls[@]}" | median)"
  local n; n="$(agent_steps "$steps" "$per" 5)"
  awk -v l="$label" -v w="$wall" -v n="$n" -v r="$rss" 'BEGIN {
    printf "%-22s %6.2f s  %12d agent-steps  %6.2f M/s  %6.1f ns/agent-step  peak %6.1f MiB\n", l, w, n, n / w / 1e6, w / n * 1e9, r / 1024 }'
  echo "$wall $n" > "$work/$label.txt"
}

measure default 2000 10
measure million 1000 5000
read -r w1 n1 < "$work/default.txt"; read -r w2 n2 < "$work/million.txt"
awk -v a="$w1" -v b="$n1" -v c="$w2" -v d="$n2" 'BEGIN { printf "cost per agent-step, million / default: %.2fx\n", (c / d) / (a / b) }'

if command -v valgrind >/dev/null; then
  valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$bin" --set TX_LOG=off --set PLOT=off \
    --out "$work/cg" --quiet 2> "$work/cg.txt"
  ir="$(sed -n 's/.*Collected : //p' "$work/cg.txt")"
  awk -v i="$ir" -v n="$(agent_steps 2000 10 5)" 'BEGIN { printf "default world under callgrind: %.2f G instructions, %.0f per agent-step\n", i / 1e9, i / n }'
fi
