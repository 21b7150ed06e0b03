#!/usr/bin/env bash
# Benchmark (not a test): a sweep of 64 worlds of the default scenario at 1000 steps with
# --jobs 1 and --jobs 2 (worlds/s, speed-up, peak memory from /usr/bin/time -v), against the
# same 64 worlds (the same derived seeds) run one by one as `grassroot run` processes with
# TX_LOG=off PLOT=off. Also checks that each process ends at the price its world had in the sweep.
# Run: bash benches/sweep_64_worlds.sh   (on an otherwise idle machine; figures in docs/sweeps.md)
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet
bin="$PWD/target/release/grassroot"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
printf 'total_steps = 1000\n[sweep]\nruns = 64\nseed = 42\n' > sweep.toml

seconds() { # "h:mm:ss" or "m:ss.ss" -> seconds
  awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }' <<< "$1"
}

declare -A wall
for jobs in 1 2; do
  /usr/bin/time -v "$bin" sweep --config sweep.toml --out "j$jobs" --jobs "$jobs" --quiet 2> "time$jobs.txt"
  wall[$jobs]="$(seconds "$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "time$jobs.txt")")"
  rss="$(sed -n 's/.*Maximum resident set size (kbytes): //p' "time$jobs.txt")"
  awk -v j="$jobs" -v w="${wall[$jobs]}" -v r="$rss" \
    'BEGIN { printf "sweep --jobs %d: %6.2f s  %5.1f worlds/s  peak RSS %5.1f MiB\n", j, w, 64 / w, r / 1024 }'
done
cmp j1/sweep_runs.csv j2/sweep_runs.csv
awk -v a="${wall[1]}" -v b="${wall[2]}" 'BEGIN { printf "speed-up with 2 jobs: %.2fx\n", a / b }'

# The same worlds as separate processes: seed and final price from sweep_runs.csv.
tail -n +2 j1/sweep_runs.csv | cut -d, -f3,6 > worlds.txt
start="$(date +%s.%N)"
max_rss=0
while IFS=, read -r seed price; do
  /usr/bin/time -f '%M' -o rss.txt "$bin" run --seed "$seed" --steps 1000 --set TX_LOG=off --set PLOT=off --out p --quiet
  rss="$(cat rss.txt)"; (( rss > max_rss )) && max_rss="$rss"
  last="$(tail -n 1 p/simulation_data.csv | cut -d, -f2)"
  [[ "$last" == "$price" ]] || { echo "seed $seed: price $last alone, $price in the sweep"; exit 1; }
done < worlds.txt
end="$(date +%s.%N)"
awk -v s="$start" -v e="$end" -v r="$max_rss" -v w1="${wall[1]}" -v w2="${wall[2]}" 'BEGIN {
  t = e - s
  printf "64 x grassroot run:  %6.2f s  %5.1f worlds/s  peak RSS %5.1f MiB per process\n", t, 64 / t, r / 1024
  printf "sweep vs processes: %.2fx (1 job), %.2fx (2 jobs)\n", t / w1, t / w2
}'
