"""grassroot.sweep(): exactly the numbers of `grassroot sweep`, locally and on Ray."""

from __future__ import annotations

import json
from pathlib import Path

import grassroot
import pytest
from conftest import REPO, assert_table_equals_csv

CONFIG = REPO / "examples" / "sweep.toml"
STEPS = 40


@pytest.fixture(scope="module")
def local():
    return grassroot.sweep(config=CONFIG, steps=STEPS, jobs=2, progress=False)


def test_a_sweep_equals_grassroot_sweep(local, run_binary):
    out = run_binary("sweep", "--config", str(CONFIG), "--steps", str(STEPS), "--out", "s", "--no-env-file") / "s"
    assert local.worlds_completed == 72 and local.worlds_failed == 0
    assert_table_equals_csv(local.runs, out / "sweep_runs.csv")
    assert_table_equals_csv(local.series, out / "sweep_series.csv")
    theirs = json.loads((out / "sweep.json").read_text())
    for key in ("grid", "base_seed", "series", "worlds_completed", "scenario"):
        assert local.manifest[key] == theirs[key], key


def test_a_sweep_keeps_its_tables_in_memory_and_writes_the_binarys_parquet_bytes(run_binary, tmp_path):
    out = run_binary(
        "sweep", "--config", str(CONFIG), "--steps", str(STEPS), "--out", "p", "--no-env-file",
        "--set", "OUTPUT_FORMAT=parquet",
    ) / "p"
    ours = grassroot.sweep(config=CONFIG, steps=STEPS, jobs=2, params={"OUTPUT_FORMAT": "parquet"}, progress=False)
    assert ours.dir is None and ours.files == [], "no folder is written for the tables"
    assert ours.runs.num_rows == 72
    by_name = {Path(f).name: f for f in ours.write(tmp_path / "w")}
    for name in ("sweep_runs.parquet", "sweep_series.parquet"):
        assert Path(by_name[name]).read_bytes() == (out / name).read_bytes(), name


def test_a_grid_from_python_is_the_toml_grid(local):
    again = grassroot.sweep(
        grid={"fee_rate": [0.001, "0.003", 0.01], "agents_per_entry": {"from": 10, "to": 30, "step": 10}},
        runs=8,
        seed=42,
        steps=STEPS,
        progress=False,
    )
    assert again.runs.to_pyarrow().equals(local.runs.to_pyarrow())
    assert again.series.to_pyarrow().equals(local.series.to_pyarrow())


def test_jobs_do_not_change_the_numbers(local):
    one = grassroot.sweep(config=CONFIG, steps=STEPS, jobs=1, progress=False)
    assert one.runs.to_pyarrow().equals(local.runs.to_pyarrow())


def test_the_ray_backend_equals_the_local_sweep(local, tmp_path):
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        remote = grassroot.sweep(config=CONFIG, steps=STEPS, backend="ray", shards=3, progress=False)
    finally:
        ray.shutdown()
    assert remote.manifest["merged_from"] and len(remote.manifest["merged_from"]) == 3
    assert remote.runs.to_pyarrow().equals(local.runs.to_pyarrow())
    assert remote.series.to_pyarrow().equals(local.series.to_pyarrow())
    by_name = {Path(f).name: Path(f).read_bytes() for f in local.write(tmp_path / "local")}
    # The local sweep writes the CSVs OUTPUT_FORMAT asks for; the merge has the Parquet
    # files too (its tables come from them, compared above).
    tables = [f for f in remote.files if f.endswith((".csv", ".parquet")) and Path(f).name in by_name]
    assert sorted(Path(f).name for f in tables) == ["sweep_runs.csv", "sweep_series.csv"]
    for f in tables:
        assert Path(f).read_bytes() == by_name[Path(f).name], f
