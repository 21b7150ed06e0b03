"""The binary's outputs as a newcomer reads them: polars and pandas, with no options, on the CSV
and the Parquet tables of every scenario (baseline, datadao, original, datadao with governance
on). Every column has one type whatever the scenario: amounts float from CSV (they always carry
a decimal point), counts int64 from both formats, so that ``step - 10`` is -10 at step 0 and a
frame read from CSV joins one read from Parquet. See: #24"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

pl = pytest.importorskip("polars")
pd = pytest.importorskip("pandas")
pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

import grassroot  # noqa: E402

SCENARIOS = {
    "baseline": ["--scenario", "baseline"],
    "datadao": ["--scenario", "datadao"],
    "original": ["--scenario", "original"],
    "governance": ["--scenario", "datadao", "--set", "GOVERNANCE=on", "--set", "GOV_PERIOD=10"],
}
TABLES = ["simulation_data", "transaction_history"]


@pytest.fixture(scope="module")
def outputs(run_binary) -> dict[str, Path]:
    """Each scenario's output folder, CSV and Parquet side by side."""
    folders = {}
    for name, flags in SCENARIOS.items():
        cwd = run_binary("--no-env-file", "--steps", "60", "--out", "o", "--set", "OUTPUT_FORMAT=both", "--set", "PLOT=off", *flags)
        folders[name] = cwd / "o"
    return folders


def kinds(path: Path) -> dict[str, str]:
    """Each column's kind from the Parquet schema: amount, count, real or text."""
    out = {}
    for field in pq.read_schema(path):
        t = field.type
        if pa.types.is_decimal(t):
            out[field.name] = "amount"
        elif pa.types.is_integer(t):
            assert pa.types.is_signed_integer(t) and t.bit_width == 64, (field.name, t)
            out[field.name] = "count"
        elif pa.types.is_floating(t):
            out[field.name] = "real"
        else:
            out[field.name] = "text"
    return out


def test_every_column_has_one_type_in_every_scenario_with_no_options(outputs):
    seen: dict[tuple[str, str, str], set[str]] = {}
    for scenario, folder in outputs.items():
        for table in TABLES:
            csv, parquet = folder / f"{table}.csv", folder / f"{table}.parquet"
            kind = kinds(parquet)
            readers = {
                "pl.read_csv": pl.read_csv(csv).schema,
                "pd.read_csv": pd.read_csv(csv).dtypes,
                "pl.read_parquet": pl.read_parquet(parquet).schema,
                "pd.read_parquet": pd.read_parquet(parquet).dtypes,
            }
            for reader, types in readers.items():
                assert list(types.keys()) == list(kind), (scenario, table, reader)
                for column, k in kind.items():
                    t = types[column]
                    where = f"{scenario}/{table} {column} ({k}) by {reader}: {t}"
                    if k == "count":
                        assert t in (pl.Int64, "int64") or str(t) == "int64", where
                    elif k == "amount" and "csv" in reader:
                        assert t == pl.Float64 or str(t) == "float64", where
                    elif k == "amount" and reader == "pl.read_parquet":
                        assert isinstance(t, pl.Decimal) and t.scale == 18, where
                    elif k == "real":
                        assert t == pl.Float64 or str(t) == "float64", where
                    seen.setdefault((table, column, reader), set()).add(str(t))
    unstable = {k: v for k, v in seen.items() if len(v) > 1}
    assert not unstable, f"a column's type depends on the scenario: {unstable}"


def test_step_minus_ten_at_step_zero_is_minus_ten_in_every_reader(outputs):
    folder = outputs["baseline"]
    for table in TABLES:
        csv, parquet = folder / f"{table}.csv", folder / f"{table}.parquet"
        for frame in (pl.read_csv(csv), pl.read_parquet(parquet)):
            assert (frame["step"] - 10)[0] == -10, table
            assert (frame["step"] - 10).min() == -10, table
        for frame in (pd.read_csv(csv), pd.read_parquet(parquet), pd.read_parquet(parquet, dtype_backend="pyarrow")):
            assert (frame["step"] - 10).iloc[0] == -10, table
    # A frame read from CSV joins one read from Parquet on step and agent_id.
    log_csv = pl.read_csv(folder / "transaction_history.csv").select("step", "agent_id").unique()
    log_pq = pl.read_parquet(folder / "transaction_history.parquet").select("step", "agent_id").unique()
    assert log_csv.join(log_pq, on=["step", "agent_id"]).height == log_csv.height


def test_to_pandas_is_arrow_backed_and_exact():
    run = grassroot.run(steps=30, seed=7, progress=False)
    series = run.series.to_pandas()
    assert isinstance(series.dtypes["pool_ddt"], pd.ArrowDtype)
    assert str(series.dtypes["pool_ddt"]) == "decimal128(38, 18)[pyarrow]"
    assert str(series.dtypes["step"]) == "int64[pyarrow]"
    first = series["pool_ddt"].iloc[0]
    assert isinstance(first, Decimal) and first == first.quantize(Decimal("1e-18"))
    assert (series["step"] - 10).iloc[0] == -10
    log = run.transactions.to_pandas()
    assert str(log.dtypes["agent_id"]) == "int64[pyarrow]"
    assert log["ddt"].sum() == sum(pa.table(run.transactions).column("ddt").to_pylist())
    # NumPy columns are still one argument away.
    assert str(run.series.to_pandas(types_mapper=None).dtypes["step"]) == "int64"


def test_duckdb_reads_amounts_as_doubles_counts_as_bigint_and_exact_decimals_on_request(outputs):
    duckdb = pytest.importorskip("duckdb")
    for scenario, folder in outputs.items():
        for table in TABLES:
            csv = folder / f"{table}.csv"
            kind = kinds(folder / f"{table}.parquet")
            rel = duckdb.sql(f"SELECT * FROM read_csv('{csv}')")
            for column, t in zip(rel.columns, rel.types):
                where = f"{scenario}/{table} {column}: {t}"
                if kind[column] == "count":
                    assert str(t) == "BIGINT", where
                elif kind[column] == "amount":
                    assert str(t) == "DOUBLE", where
    log = outputs["baseline"] / "transaction_history.csv"
    amounts = ["ddt", "xdai", "lp", "ddt_after", "xdai_after", "lp_after"]
    types = "{" + ", ".join(f"'{c}': 'DECIMAL(38,18)'" for c in amounts) + "}"
    exact = duckdb.sql(f"SELECT step - 10 AS s, sum(xdai_after) AS x FROM read_csv('{log}', types={types}) GROUP BY step ORDER BY step")
    first = exact.fetchall()[0]
    want = pl.read_parquet(log.with_suffix(".parquet")).filter(pl.col("step") == 0)["xdai_after"].to_list()
    assert first[0] == -10
    assert first[1] == sum(want), "DECIMAL(38,18) reads the CSV's amounts exactly"
