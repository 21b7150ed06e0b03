"""grassroot.run(): the binary's numbers, cell for cell, and its files, byte for byte."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import grassroot
import pytest
from conftest import assert_table_equals_csv

STEPS, SEED = 150, 7
FILES = ["simulation_data.csv", "transaction_history.csv", "simulation_results.png"]


@pytest.fixture(scope="module")
def both(run_binary):
    out = run_binary("--steps", str(STEPS), "--seed", str(SEED), "--out", "out", "--no-env-file") / "out"
    return out, grassroot.run(steps=STEPS, seed=SEED, progress=False)


def test_series_and_transactions_equal_the_binarys_csvs_cell_for_cell(both):
    out, run = both
    assert run.status == "completed" and run.steps == STEPS and run.seed == SEED
    assert_table_equals_csv(run.series, out / "simulation_data.csv")
    assert_table_equals_csv(run.transactions, out / "transaction_history.csv")


def test_amounts_are_exact_decimals_with_the_parquet_schema(both):
    _, run = both
    assert "pool_ddt: Decimal128(38, 18)?" in run.series.schema.splitlines()
    assert run.transactions.schema.splitlines()[:5] == [
        "step: Int64",
        "agent_id: Int64",
        "role: Dictionary(Int32, Utf8)",
        "action: Dictionary(Int32, Utf8)",
        "ddt: Decimal128(38, 18)",
    ]
    first = run.series.to_pandas()["pool_ddt"].iloc[0]
    assert isinstance(first, Decimal) and first == first.quantize(Decimal("1e-18"))


def test_write_gives_the_binarys_bytes(both, tmp_path: Path):
    out, run = both
    manifest = run.write(tmp_path / "w", progress=False)
    for name in FILES:
        assert (tmp_path / "w" / name).read_bytes() == (out / name).read_bytes(), name
    theirs = json.loads((out / "run.json").read_text())
    ours = json.loads((tmp_path / "w" / "run.json").read_text())
    assert ours == manifest
    for m in (theirs, ours):
        m.pop("wall_seconds")
        m["params"].pop("OUTPUT_DIR")
    assert ours == theirs


def test_out_writes_the_binarys_files_as_the_run_goes(both, tmp_path: Path):
    out, _ = both
    run = grassroot.run(steps=STEPS, seed=SEED, out=tmp_path / "o", progress=False)
    assert [f["name"] for f in run.manifest["files"]] == FILES
    for name in FILES:
        assert (tmp_path / "o" / name).read_bytes() == (out / name).read_bytes(), name


def test_manifest_is_run_json(both):
    out, run = both
    theirs = json.loads((out / "run.json").read_text())
    assert set(run.manifest) == set(theirs)
    assert run.manifest["params"]["TOTAL_STEPS"] == str(STEPS)
    assert run.manifest["transactions"] == run.transactions.num_rows == theirs["transactions"]


def test_tx_log_false_gives_no_transaction_table():
    run = grassroot.run(steps=20, tx_log=False, progress=False)
    assert run.transactions is None and run.manifest["transactions"] == 0
    assert run.params["TX_LOG"] == "false"


def test_tables_expose_the_arrow_pycapsule_interface():
    import pandas as pd
    import polars as pl
    import pyarrow as pa

    run = grassroot.run(steps=30, progress=False)
    assert pl.DataFrame(run.series).height == 30
    assert pa.table(run.series).num_rows == 30
    assert isinstance(run.series.to_pandas(), pd.DataFrame)
    assert run.transactions.to_polars()["role"].dtype in (pl.Categorical, pl.Enum)


def test_a_custom_role_from_python_appears_in_the_series_columns():
    roles = {"whale": {"share": "0.05", "initial_xdai": "5000", "initial_ddt": "100", "dumps_ddt": True}}
    run = grassroot.run(steps=40, roles=roles, params={"DEGEN_USER_SHARE": "0.35"}, progress=False)
    columns = run.series.column_names
    for c in ("agents_whale", "avg_ddt_whale", "avg_xdai_whale", "avg_lp_whale"):
        assert c in columns
    assert run.params["WHALE_INITIAL_XDAI"] == "5000"
    assert "whale" in set(run.transactions.to_pyarrow().column("role").to_pylist())
    assert any(p.key == "WHALE_SHARE" for p in grassroot.params(roles=roles))


def test_params_lists_every_key_with_default_and_meaning():
    listed = {p.key: p for p in grassroot.params()}
    assert listed["FEE_RATE"].default == "0.003"
    assert listed["TOTAL_STEPS"].help
    assert len(grassroot.params("datadao")) > len(listed)


def test_progress_callback_sees_every_step():
    seen = []
    grassroot.run(steps=300, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (300, 300)


def test_on_row_receives_every_row_of_the_series_while_the_run_goes(both):
    _, run = both
    rows = []
    again = grassroot.run(steps=STEPS, seed=SEED, tx_log=False, progress=False, on_row=rows.append)
    assert again.status == "completed"
    assert [r["step"] for r in rows] == list(range(STEPS))
    assert rows == run.series.to_pyarrow().to_pylist()
    assert isinstance(rows[0]["pool_ddt"], Decimal)


def test_an_exception_in_on_row_stops_the_run_and_is_raised(tmp_path: Path):
    seen = []

    def stop_after_three(row):
        seen.append(row["step"])
        if len(seen) == 3:
            raise RuntimeError("enough")

    with pytest.raises(RuntimeError, match="enough"):
        grassroot.run(steps=100_000, out=tmp_path, progress=False, on_row=stop_after_three)
    manifest = json.loads((tmp_path / "run.json").read_text())
    assert manifest["outcome"]["status"] == "interrupted"
    assert seen == [0, 1, 2] and manifest["steps_completed"] < 100_000
