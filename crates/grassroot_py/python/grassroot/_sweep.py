"""``grassroot.sweep()``: Monte Carlo worlds over a grid of parameter values, run by the
binary's own sweep (its thread pool, its bounded memory, its files), locally or as shards on a
Ray cluster merged by the binary's merge; and ``Sweep``, what it returns."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from typing import Any, Callable, Mapping, Sequence

from . import _convert, _core, _progress
from ._tables import Table

#: One axis of a grid: a list of values, or a range ``{"from": A, "to": B, "step": S}``.
Axis = "Sequence[Any] | Mapping[str, Any]"


class Sweep:
    """A finished sweep.

    - ``runs``: ``sweep_runs``, one row per world: its grid point, varied values, run, seed,
      status, final numbers and sums (a :class:`Table`);
    - ``series``: ``sweep_series``, one row per grid point and step: mean and percentiles of
      each series metric across the grid point's completed worlds (a :class:`Table`);
    - ``manifest``: ``sweep.json`` as a dict; ``dir`` and ``files``: where the files are
      (``None`` and ``[]`` for a sweep run without ``out=``: its tables are kept in memory);
    - ``write(dir)``: the sweep's files in ``dir``.
    """

    def __init__(self, native: Any, keep: Any = None, call: dict[str, Any] | None = None) -> None:
        self._native = native
        self._keep = keep  # a temporary folder's finalizer, for a sweep merged in Python
        self._call = call  # the native sweep's arguments, to write its files again
        self.manifest: dict[str, Any] = json.loads(native.manifest_json)
        self.dir: str | None = os.fspath(native.dir) if native.dir is not None else None
        self.files: list[str] = [os.fspath(f) for f in native.files]
        self.runs: Table | None = _table(native, "runs")
        self.series: Table | None = _table(native, "series")

    @property
    def worlds_completed(self) -> int:
        return int(self.manifest["worlds_completed"])

    @property
    def worlds_failed(self) -> int:
        return int(self.manifest["worlds_failed"])

    def write(self, dir: str | os.PathLike[str]) -> list[str]:
        """Writes the sweep's files (``sweep.json`` last) into ``dir`` and returns their paths:
        copies of its files, or, for a sweep without ``out=``, the files of the same sweep run
        again into ``dir`` (the same settings and seeds give the same worlds): the binary's
        bytes."""
        if not self.files and self._call is not None:
            native = _core.sweep(**self._call, shard=None, out=os.fspath(dir), check_only=False, progress=None)
            return [os.fspath(f) for f in native.files]
        os.makedirs(dir, exist_ok=True)
        written = []
        for f in self.files:
            written.append(shutil.copyfile(f, os.path.join(dir, os.path.basename(f))))
        return written

    def __repr__(self) -> str:
        g = self.manifest["grid"]
        return (
            f"grassroot.Sweep({self.manifest['scenario']} scenario: {g['grid_points']} grid points x "
            f"{g['runs']} runs = {g['worlds']} worlds, {self.worlds_completed} completed, "
            f"{self.worlds_failed} failed)"
        )


def _table(native: Any, name: str) -> Table | None:
    reader = getattr(native, "table", None)
    if reader is None:
        return None
    found = reader(name)
    return Table(found) if found is not None else None


def grid_axes(grid: Mapping[str, Any] | None) -> list[tuple[str, bool, list[str]]] | None:
    """``grid={...}`` as ``(key, is_range, texts)`` axes."""
    if grid is None:
        return None
    axes = []
    for key, values in _convert.mapping(grid, "grid", "KEY -> values").items():
        key = _convert.key(key, "grid")
        at = f"grid[{key!r}]"
        if isinstance(values, Mapping):
            parts = {_convert.key(k, at).lower(): v for k, v in values.items()}
            unknown = sorted(set(parts) - {"from", "to", "step"})
            if unknown:
                raise _convert.bad(at, values, f"has {unknown[0]}, which is not part of a range", 'a range is {"from": A, "to": B, "step": S}')
            missing = [p for p in ("from", "to", "step") if p not in parts]
            if missing:
                raise _convert.bad(at, values, f"is a range without {missing[0]}", 'a range is {"from": A, "to": B, "step": S}')
            axes.append((key, True, [_convert.text(parts[p], at) for p in ("from", "to", "step")]))
        elif isinstance(values, (str, bytes)) or not isinstance(values, (Sequence, range)):
            # As the [sweep] table: a single value is not an axis (a string is not a list of letters).
            raise _convert.bad(
                at,
                values,
                "is a single value: a sweep key needs a list or a range",
                f"write grid={{{key!r}: [{values!r}]}} to vary it, or params={{{key!r}: {values!r}}} to fix it",
            )
        else:
            axes.append((key, False, [_convert.text(v, at) for v in values]))
    return axes


def sweep(
    grid: Mapping[str, Any] | None = None,
    runs: int | None = None,
    steps: int | None = None,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    series: Sequence[str] | None = None,
    jobs: int | None = None,
    backend: str = "local",
    *,
    scenario: str | None = None,
    roles: Mapping[str, Mapping[str, Any]] | None = None,
    out: str | os.PathLike[str] | None = None,
    shards: int | None = None,
    yes: bool = False,
    progress: bool | Callable[[int, int], Any] = True,
) -> Sweep:
    """Runs a parameter sweep, exactly as ``grassroot sweep`` does, and returns its tables.

    - ``grid``: the varied keys, e.g. ``{"fee_rate": ["0.001", "0.003"], "agents_per_entry":
      {"from": 10, "to": 30, "step": 10}}`` (ranges are exact; the grid is the product of the
      axes, keys sorted by name, the last varying fastest). Without it, the ``[sweep]`` table
      of ``config``; ``runs`` and ``seed`` then default to that table's.
    - ``runs``: worlds (seeds) per grid point (default 1); ``seed``: the base seed.
    - ``steps``, ``params``, ``config``, ``scenario``, ``roles``: the base parameters of every
      world, as for :func:`grassroot.run`.
    - ``series``: metric columns summarised per step (default price, pool_ddt, pool_xdai,
      pie_ddt).
    - ``jobs``: worlds run at once on the Rust thread pool (default: every core; with Ray,
      per shard, default 1).
    - ``backend``: ``"local"``, or ``"ray"``: the worlds as ``shards`` slices (default: the
      cluster's CPUs), one Ray task each on the cluster ``ray.init()`` connected to, merged
      by ``grassroot merge``'s code. The tables are the local sweep's.
    - ``out``: also write the sweep's files into this folder (default: none; the tables are
      kept in memory, and ``write(dir)`` writes the files later).
    - ``yes``: allow more than 1,000,000 worlds.

    Bad input raises :class:`grassroot.ConfigError` before any world runs; Ctrl-C stops the
    sweep (writing nothing) and raises ``KeyboardInterrupt``. Failed worlds do not stop the
    others: see ``worlds_failed`` and the ``status`` column.
    """
    call: dict[str, Any] = {
        "scenario": _convert.optional_name(scenario, "scenario"),
        "roles": _convert.roles(roles),
        "config": _convert.path(config, "config"),
        "shorthands": _convert.shorthands(steps=steps, seed=seed),
        "params": _convert.pairs(params),
        "grid": grid_axes(grid),
        "runs": _convert.whole(runs, "runs"),
        "series": _convert.names(series, "series"),
        "jobs": _convert.whole(jobs, "jobs"),
        "yes": _convert.flag(yes, "yes"),
    }
    backend = _convert.name(backend, "backend")
    shards = _convert.whole(shards, "shards", least=1)
    out = _convert.path(out, "out")
    if backend == "ray":
        from ._ray import sweep_on_ray

        return sweep_on_ray(call, shards=shards, out=out, progress=progress)
    if backend != "local":
        raise _convert.bad("backend", backend, "is not a backend: allowed local, ray", 'pass backend="local" or "ray"')
    if shards is not None:
        raise _convert.bad("shards", shards, "is for backend='ray'", "a local sweep runs every world on this machine: leave shards out")
    bar = _progress.reporter(progress, "grassroot sweep", "world")
    try:
        native = _core.sweep(**call, shard=None, out=out, check_only=False, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    for w in native.warnings:
        warnings.warn(w, stacklevel=2)
    return Sweep(native, call=call)
