#!/usr/bin/env bash
# A grassroot sweep in N shards with GNU parallel — on this machine, or on several over ssh —
# then the merge. Usage: bash examples/cluster/gnu-parallel.sh [sweep.toml] [N]
#
# The one line that matters:
#   parallel grassroot sweep --config sweep.toml --shard {}/8 --jobs 1 --out sweeps/shard-{} ::: $(seq 0 7)
# On several machines sharing this folder (NFS), add `--sshloginfile nodes.txt --workdir $PWD`.
set -euo pipefail
config="${1:-examples/sweep.toml}"
shards="${2:-8}"
parallel --halt now,fail=1 --joblog sweeps-parallel.log \
  grassroot sweep --config "$config" --shard "{}/$shards" --jobs 1 --out "sweeps/shard-{}" --quiet \
  ::: $(seq 0 $((shards - 1)))
grassroot merge sweeps/shard-* --out sweeps/merged
