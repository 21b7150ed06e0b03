"""What reading the default run's transaction log (5.15 million rows) costs each way: time and
peak memory of pandas (NumPy columns, the default, and Arrow-backed ones), polars, pyarrow and
DuckDB (if installed) on the CSV and the Parquet file, and of ``Table.to_pandas()`` on the
table ``grassroot.run()`` hands over (Arrow-backed by default; ``types_mapper=None`` is
pyarrow's default, amounts as ``decimal.Decimal`` objects).

Each read runs in a fresh Python process, so that its peak resident memory (``ru_maxrss``) is
its own: "peak" is the process's peak, "added" that peak minus the process's size just before
the read (imports done, and for ``to_pandas`` the run's table already in memory). Times are
of the read alone, medians of N processes.

Run: python crates/grassroot_py/bench/readers.py [--repeat 3] [--only pandas] (GRASSROOT_BIN
names the binary; default target/release/grassroot). Prints a Markdown table."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
BIN = Path(os.environ.get("GRASSROOT_BIN", REPO / "target" / "release" / "grassroot"))

#: Each way of reading: (label, setup code, the read, timed). `{csv}` and `{parquet}` are the
#: log's paths.
WAYS = [
    ("pd.read_csv(csv)", "import pandas as pd", "pd.read_csv({csv!r})"),
    (
        'pd.read_csv(csv, dtype_backend="pyarrow", engine="pyarrow")',
        "import pandas as pd",
        'pd.read_csv({csv!r}, dtype_backend="pyarrow", engine="pyarrow")',
    ),
    ("pd.read_parquet(parquet)", "import pandas as pd", "pd.read_parquet({parquet!r})"),
    (
        'pd.read_parquet(parquet, dtype_backend="pyarrow")',
        "import pandas as pd",
        'pd.read_parquet({parquet!r}, dtype_backend="pyarrow")',
    ),
    ("pl.read_csv(csv)", "import polars as pl", "pl.read_csv({csv!r})"),
    ("pl.read_parquet(parquet)", "import polars as pl", "pl.read_parquet({parquet!r})"),
    ("pyarrow.parquet.read_table(parquet)", "import pyarrow.parquet as pq", "pq.read_table({parquet!r})"),
    (
        "duckdb: SELECT * FROM read_csv(csv) (amounts DOUBLE)",
        "import duckdb",
        "duckdb.sql(\"SELECT * FROM read_csv('{csv}')\").to_arrow_table()",
    ),
    (
        "duckdb: read_csv(csv, types={amounts: DECIMAL(38,18)}) (exact)",
        "import duckdb\nD = 'DECIMAL(38,18)'\nT = '{{' + ', '.join(f\"'{{c}}': '{{D}}'\" for c in "
        "['ddt','xdai','lp','ddt_after','xdai_after','lp_after']) + '}}'",
        "duckdb.sql(\"SELECT * FROM read_csv('{csv}', types=\" + T + \")\").to_arrow_table()",
    ),
    (
        "run.transactions.to_pandas() (Arrow-backed, the default)",
        "import grassroot\nrun = grassroot.run(progress=False)",
        "run.transactions.to_pandas()",
    ),
    (
        "run.transactions.to_pandas(types_mapper=None) (NumPy, Decimal objects)",
        "import grassroot\nrun = grassroot.run(progress=False)",
        "run.transactions.to_pandas(types_mapper=None)",
    ),
]

CHILD = """
import resource, time, json
def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
{setup}
before = rss()
started = time.perf_counter()
frame = {read}
seconds = time.perf_counter() - started
print(json.dumps({{"seconds": seconds, "peak_mb": rss(), "before_mb": before}}))
"""


def measure(setup: str, read: str) -> dict:
    code = CHILD.format(setup=setup, read=read)
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--only", default="", help="run only the ways whose label contains this text")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="grassroot-readers-"))
    try:
        out = tmp / "out"
        subprocess.run(
            [str(BIN), "--no-env-file", "-q", "--out", str(out), "--set", "OUTPUT_FORMAT=both", "--set", "PLOT=off"],
            check=True,
            stdin=subprocess.DEVNULL,
        )
        paths = {"csv": str(out / "transaction_history.csv"), "parquet": str(out / "transaction_history.parquet")}
        mb = {k: os.path.getsize(v) / 1e6 for k, v in paths.items()}
        print(f"transaction_history: CSV {mb['csv']:.1f} MB, Parquet {mb['parquet']:.1f} MB; {args.repeat} runs each")
        print()
        print("| reading the default run's transaction log | time (median) | peak memory | added by the read |")
        print("|---|---|---|---|")
        for label, setup, read in WAYS:
            if args.only not in label:
                continue
            setup_code, read_code = setup.format(**paths), read.format(**paths)
            try:
                runs = [measure(setup_code, read_code) for _ in range(args.repeat)]
            except subprocess.CalledProcessError as e:
                reason = (e.stderr or "").strip().splitlines()[-1:] or ["failed"]
                print(f"| {label} | not measured: {reason[0]} | | |")
                continue
            seconds = statistics.median(r["seconds"] for r in runs)
            peak = statistics.median(r["peak_mb"] for r in runs)
            added = statistics.median(r["peak_mb"] - r["before_mb"] for r in runs)
            print(f"| `{label}` | {seconds:.2f} s | {peak / 1024:.2f} GB | {added / 1024:.2f} GB |")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
