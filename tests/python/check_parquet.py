"""Reads a run's Parquet tables with pyarrow and polars and checks every cell against the CSV
the same run wrote (OUTPUT_FORMAT=both): every amount as an exact Decimal equal to the CSV's
text, counts as integers, reals as floats, role and action as categoricals, missing as null.

Run: grassroot --steps 200 --out out --set OUTPUT_FORMAT=both -q
     python tests/python/check_parquet.py out
Needs pyarrow and polars (the Python package's CI installs them; this script is not part of
.ci/run until Python is set up there).
"""

import csv
import decimal
import pathlib
import sys

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq


def csv_rows(path):
    with open(path, newline="") as f:
        reader = csv.reader(f)
        return next(reader), list(reader)


def same(kind, text, value):
    """True if `value` (read from Parquet) is the CSV cell `text`."""
    if text == "":
        return value is None
    if kind == "decimal":
        return isinstance(value, decimal.Decimal) and value == decimal.Decimal(text)
    if kind == "int":
        return isinstance(value, int) and value == int(text)
    if kind == "float":
        return isinstance(value, float) and value == float(text)
    return value == text


def kind_of(arrow_type):
    if pa.types.is_decimal(arrow_type):
        assert (arrow_type.precision, arrow_type.scale) == (38, 18), arrow_type
        return "decimal"
    if pa.types.is_integer(arrow_type):
        return "int"
    if pa.types.is_floating(arrow_type):
        return "float"
    return "text"


def check(folder, stem):
    header, rows = csv_rows(folder / f"{stem}.csv")
    table = pq.read_table(folder / f"{stem}.parquet")
    assert table.column_names == header, (table.column_names, header)
    frame = pl.read_parquet(folder / f"{stem}.parquet")
    assert frame.columns == header
    for name in header:
        kind = kind_of(table.schema.field(name).type)
        if kind == "decimal":
            assert isinstance(frame.schema[name], pl.Decimal), (name, frame.schema[name])
        i = header.index(name)
        by_pyarrow = table.column(name).to_pylist()
        by_polars = frame.get_column(name).to_list()
        for r, (row, a, b) in enumerate(zip(rows, by_pyarrow, by_polars)):
            if kind == "text":
                a, b = (None if v is None else str(v) for v in (a, b))
            assert same(kind, row[i], a), f"{stem} row {r} {name}: CSV {row[i]!r}, pyarrow {a!r}"
            assert same(kind, row[i], b), f"{stem} row {r} {name}: CSV {row[i]!r}, polars {b!r}"
    print(f"ok: {stem}: {len(rows)} rows x {len(header)} columns, pyarrow {pa.__version__}, polars {pl.__version__}")


def main():
    folder = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "output")
    check(folder, "simulation_data")
    if (folder / "transaction_history.csv").exists():
        check(folder, "transaction_history")
        frame = pl.read_parquet(folder / "transaction_history.parquet")
        assert frame.schema["role"] == pl.Categorical and frame.schema["action"] == pl.Categorical


if __name__ == "__main__":
    main()
