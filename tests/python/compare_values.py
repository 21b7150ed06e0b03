"""Compares the five reference runs written before and after issue #24's change of output
text: every CSV cell numerically (amounts as exact decimals, Decimal(a) == Decimal(b); text
cells as text) and every Parquet column's values (pyarrow, the old column cast to the new
type, which must be lossless). Usage: compare_values.py BEFORE AFTER. A CSV file may be
stored zstd-compressed (NAME.csv.zst)."""

import csv
import io
import subprocess
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

RUNS = ["default", "original", "datadao", "governance", "account"]
TABLES = ["simulation_data", "transaction_history"]


def open_csv(folder: Path, table: str):
    path = folder / f"{table}.csv"
    if path.exists():
        return open(path, newline=""), path
    zst = folder / f"{table}.csv.zst"
    proc = subprocess.Popen(["zstd", "-dc", str(zst)], stdout=subprocess.PIPE)
    return io.TextIOWrapper(proc.stdout, newline=""), zst


def same_cell(a: str, b: str) -> bool:
    if a == b:
        return True
    try:
        return Decimal(a) == Decimal(b)
    except InvalidOperation:
        return False


def compare_csv(before: Path, after: Path, table: str) -> tuple[int, int, int, list[str]]:
    fa, pa_ = open_csv(before, table)
    fb, pb = open_csv(after, table)
    ra, rb = csv.reader(fa), csv.reader(fb)
    header_a, header_b = next(ra), next(rb)
    problems = []
    if header_a != header_b:
        problems.append(f"header differs: {header_a} vs {header_b}")
    cells = rewritten = rows = 0
    for line, (x, y) in enumerate(zip(ra, rb), start=2):
        rows += 1
        if len(x) != len(y):
            problems.append(f"line {line}: {len(x)} vs {len(y)} cells")
            continue
        for c, (a, b) in enumerate(zip(x, y)):
            cells += 1
            if a != b:
                rewritten += 1
                if not same_cell(a, b) and len(problems) < 20:
                    problems.append(f"line {line}, column {header_a[c]}: {a!r} vs {b!r}")
    rest_a, rest_b = sum(1 for _ in ra), sum(1 for _ in rb)
    if rest_a or rest_b:
        problems.append(f"row counts differ: {rest_a} / {rest_b} rows left over")
    return rows, cells, rewritten, problems


def compare_parquet(before: Path, after: Path, table: str) -> tuple[int, list[str], list[str]]:
    ta = pq.read_table(before / f"{table}.parquet")
    tb = pq.read_table(after / f"{table}.parquet")
    problems, retyped = [], []
    if ta.column_names != tb.column_names:
        problems.append(f"columns differ: {ta.column_names} vs {tb.column_names}")
    if ta.num_rows != tb.num_rows:
        problems.append(f"rows differ: {ta.num_rows} vs {tb.num_rows}")
    for name in ta.column_names:
        a, b = ta.column(name), tb.column(name)
        if a.type != b.type:
            retyped.append(f"{name}: {a.type} -> {b.type}")
            a = pc.cast(a, b.type, safe=True)
        if not a.equals(b):
            problems.append(f"column {name}: values differ")
    return ta.num_rows, retyped, problems


def main() -> int:
    before, after = Path(sys.argv[1]), Path(sys.argv[2])
    failed = False
    for run in RUNS:
        for table in TABLES:
            rows, cells, rewritten, problems = compare_csv(before / run, after / run, table)
            status = "SAME VALUES" if not problems else "DIFFERENT"
            print(f"{run}/{table}.csv: {rows} rows, {cells} cells, {rewritten} rewritten, {status}")
            for p in problems:
                print(f"    {p}")
            n, retyped, problems = compare_parquet(before / run, after / run, table)
            status = "SAME VALUES" if not problems else "DIFFERENT"
            kinds = sorted({r.split(": ", 1)[1] for r in retyped})
            print(f"{run}/{table}.parquet: {n} rows, {len(retyped)} columns retyped {kinds}, {status}")
            for p in problems:
                print(f"    {p}")
            failed |= bool(problems)
    print("ALL VALUES UNCHANGED" if not failed else "VALUES CHANGED")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
