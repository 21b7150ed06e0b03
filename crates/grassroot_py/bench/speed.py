"""The Python package's three speed goals, each against the binary, medians of N runs taken
in turn (binary, Python, binary, Python, ...) so that both see the same machine:

1. a default run (2000 steps) from Python against the binary's default run;
2. handing the 5-million-row transaction table to pyarrow and polars;
3. a 64-world sweep from Python against `grassroot sweep`.

Run: python crates/grassroot_py/bench/speed.py [--repeat 3] (GRASSROOT_BIN names the binary;
default target/release/grassroot). Prints a Markdown table."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import grassroot

REPO = Path(__file__).resolve().parents[3]
BIN = Path(os.environ.get("GRASSROOT_BIN", REPO / "target" / "release" / "grassroot"))
GRID = {"fee_rate": ["0.001", "0.002", "0.003", "0.005", "0.01", "0.02", "0.03", "0.05"]}
SWEEP_TOML = """total_steps = 500
[sweep]
runs = 8
seed = 42
fee_rate = [0.001, 0.002, 0.003, 0.005, 0.01, 0.02, 0.03, 0.05]
"""


def timed(f) -> float:
    started = time.perf_counter()
    f()
    return time.perf_counter() - started


def binary(*args: str, cwd: Path) -> None:
    subprocess.run([str(BIN), *args, "-q", "--no-env-file"], cwd=cwd, check=True, stdin=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    n = parser.parse_args().repeat
    rows: list[tuple[str, list[float]]] = []
    tmp = Path(tempfile.mkdtemp(prefix="grassroot-bench-"))
    try:
        (tmp / "sweep.toml").write_text(SWEEP_TOML)
        bin_run, py_run, py_run_out, py_run_nolog, bin_run_nolog = [], [], [], [], []
        for i in range(n):
            bin_run.append(timed(lambda: binary("--out", str(tmp / f"b{i}"), cwd=tmp)))
            py_run.append(timed(lambda: grassroot.run(progress=False)))
            py_run_out.append(timed(lambda: grassroot.run(out=tmp / f"p{i}", progress=False)))
            bin_run_nolog.append(timed(lambda: binary("--out", str(tmp / f"bn{i}"), "--set", "TX_LOG=off", cwd=tmp)))
            py_run_nolog.append(timed(lambda: grassroot.run(tx_log=False, progress=False)))
            for d in (f"b{i}", f"p{i}", f"bn{i}"):
                shutil.rmtree(tmp / d, ignore_errors=True)
        rows += [
            ("binary: default run, 2000 steps, CSVs + PNG + run.json", bin_run),
            ("grassroot.run(): default run, tables in memory (no files)", py_run),
            ("grassroot.run(out=dir): the binary's files and the tables", py_run_out),
            ("binary: default run, TX_LOG=off", bin_run_nolog),
            ("grassroot.run(tx_log=False): series table only", py_run_nolog),
        ]

        import polars as pl
        import pyarrow as pa

        run = grassroot.run(progress=False)
        pa.table(grassroot.run(steps=5, progress=False).transactions)  # pyarrow's one-time set-up
        to_pa = [timed(lambda: pa.table(run.transactions)) for _ in range(n)]
        to_pl = [timed(lambda: pl.DataFrame(run.transactions)) for _ in range(n)]
        rows += [
            (f"pa.table(run.transactions), {run.transactions.num_rows:,} rows", to_pa),
            (f"pl.DataFrame(run.transactions), {run.transactions.num_rows:,} rows", to_pl),
        ]

        bin_sweep, bin_sweep_pq, py_sweep = [], [], []
        for i in range(n):
            bin_sweep.append(timed(lambda: binary("sweep", "--config", "sweep.toml", "--out", f"s{i}", cwd=tmp)))
            bin_sweep_pq.append(
                timed(lambda: binary("sweep", "--config", "sweep.toml", "--out", f"q{i}", "--set", "OUTPUT_FORMAT=parquet", cwd=tmp))
            )
            py_sweep.append(timed(lambda: grassroot.sweep(grid=GRID, runs=8, seed=42, steps=500, progress=False)))
            for d in (f"s{i}", f"q{i}"):
                shutil.rmtree(tmp / d, ignore_errors=True)
        rows += [
            ("binary: sweep of 64 worlds x 500 steps (CSV)", bin_sweep),
            ("binary: the same sweep, OUTPUT_FORMAT=parquet", bin_sweep_pq),
            ("grassroot.sweep(): the same 64 worlds, tables read back", py_sweep),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"| what | median of {n} (s) | all (s) |")
    print("|---|---|---|")
    for what, times in rows:
        print(f"| {what} | {statistics.median(times):.3f} | {', '.join(f'{t:.3f}' for t in times)} |")


if __name__ == "__main__":
    main()
