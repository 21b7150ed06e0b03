"""Type stubs of the native module ``grassroot._core`` (Rust, pyo3). Users call the typed API
in ``grassroot``; these functions take its already-converted arguments, every value as text."""

from os import PathLike
from typing import Any, Callable, final

__all__ = ["__version__", "params", "scenarios", "run", "sweep", "merge", "RunResult", "SweepResult", "NativeTable"]

__version__: str

_Roles = list[tuple[str, str, list[tuple[str, str]]]]
_Progress = Callable[[int, int], Any] | None

@final
class NativeTable:
    """An Arrow table (Arrow PyCapsule interface)."""

    num_rows: int
    column_names: list[str]
    schema_text: str
    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...
    def __arrow_c_schema__(self) -> Any: ...

@final
class RunResult:
    manifest_json: str
    series: NativeTable
    transactions: NativeTable | None
    def write(self, dir: str | PathLike[str], progress: _Progress = None) -> str: ...

@final
class SweepResult:
    dir: str | None
    manifest_json: str
    files: list[str]
    warnings: list[str]
    def table(self, name: str) -> NativeTable | None: ...

def params(scenario: str | None, roles: _Roles) -> list[tuple[str, str, str, str, str]]: ...
def scenarios() -> list[tuple[str, str]]: ...
def run(
    scenario: str | None,
    roles: _Roles,
    config: str | None,
    shorthands: list[tuple[str, str, str]],
    params: list[tuple[str, str]],
    out: str | None,
    progress: _Progress,
    on_row: Callable[[dict[str, Any]], Any] | None = None,
) -> RunResult: ...
def sweep(
    scenario: str | None,
    roles: _Roles,
    config: str | None,
    shorthands: list[tuple[str, str, str]],
    params: list[tuple[str, str]],
    grid: list[tuple[str, bool, list[str]]] | None,
    runs: int | None,
    series: list[str] | None,
    jobs: int | None,
    shard: tuple[int, int] | None,
    out: str | None,
    yes: bool,
    check_only: bool,
    progress: _Progress,
) -> SweepResult | None: ...
def merge(dirs: list[str], out: str) -> SweepResult: ...
