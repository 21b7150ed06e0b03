"""Fixtures of the Python package's tests: the ``grassroot`` binary they compare with (built
with cargo if no release binary is found), and tables read back from the binary's CSVs."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[3]


def _binary() -> Path:
    if os.environ.get("GRASSROOT_BIN"):
        return Path(os.environ["GRASSROOT_BIN"]).resolve()
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    path = target / "release" / "grassroot"
    if not path.exists():
        cargo = shutil.which("cargo")
        if cargo is None:
            pytest.skip("no grassroot binary to compare with (set GRASSROOT_BIN, or install cargo)")
        subprocess.run([cargo, "build", "--release", "--locked", "--bin", "grassroot"], cwd=REPO, check=True)
    return path


@pytest.fixture(scope="session")
def binary() -> Path:
    """The release binary."""
    return _binary()


@pytest.fixture(scope="session")
def run_binary(binary: Path, tmp_path_factory: pytest.TempPathFactory):
    """Runs the binary with `args` in a fresh folder (no .env), returning that folder."""

    def call(*args: str) -> Path:
        cwd = tmp_path_factory.mktemp("bin")
        subprocess.run([str(binary), *args, "-q"], cwd=cwd, check=True, stdin=subprocess.DEVNULL, env=_clean_env())
        return cwd

    return call


def _clean_env() -> dict[str, str]:
    # The binary reads the environment as a layer: none of grassroot's keys may leak in.
    from grassroot import params

    keys = {p.key for p in params()}
    return {k: v for k, v in os.environ.items() if k not in keys}


def read_csv(path: Path) -> tuple[list[str], list[list[str]]]:
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def cell(text: str, kind: str):
    """A CSV cell as the Python value the Arrow column of `kind` holds."""
    if text == "":
        return None
    if kind.startswith("Decimal128"):
        return Decimal(text)
    if kind in ("UInt64", "Int64"):
        return int(text)
    if kind == "Float64":
        return float(text)
    return text


def assert_table_equals_csv(table, path: Path) -> None:
    """Every cell of the Arrow `table` equals the binary's CSV at `path`: amounts as exact
    decimals, counts as integers, reals as the same float, text as text, empty as null."""
    import pyarrow as pa

    t = pa.table(table)
    header, rows = read_csv(path)
    assert t.column_names == header
    assert t.num_rows == len(rows)
    for i, name in enumerate(header):
        kind = str(table.schema.splitlines()[i].split(": ", 1)[1]).rstrip("?")
        got = t.column(name).to_pylist()
        want = [cell(r[i], kind) for r in rows]
        if got != want:
            j = next(k for k, (a, b) in enumerate(zip(got, want)) if a != b)
            raise AssertionError(f"{path.name} column {name} row {j}: table {got[j]!r} != csv {want[j]!r}")
