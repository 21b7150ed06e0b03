"""``grassroot.run()``: one simulation, run by the binary's own code, its results as Arrow
tables; and ``Run``, what it returns."""

from __future__ import annotations

import json
import os
from typing import Any, Callable, Mapping

from . import _convert, _core, _progress
from ._errors import GrassrootError
from ._tables import Table


class Run:
    """A finished run.

    - ``series``: ``simulation_data``, one row per step (a :class:`Table`);
    - ``transactions``: ``transaction_history``, one row per transaction (a :class:`Table`;
      ``None`` with ``tx_log=False``);
    - ``manifest``: the run's ``run.json`` as a dict (``files`` lists the files written when
      ``out=`` was given, and is empty otherwise);
    - ``write(dir)``: the binary's files of this run.
    """

    def __init__(self, native: Any) -> None:
        self._native = native
        self.manifest: dict[str, Any] = json.loads(native.manifest_json)
        series = getattr(native, "series", None)
        transactions = getattr(native, "transactions", None)
        self.series: Table | None = Table(series) if series is not None else None
        self.transactions: Table | None = Table(transactions) if transactions is not None else None

    @property
    def status(self) -> str:
        """``"completed"``, ``"interrupted"`` or ``"failed"``."""
        return str(self.manifest["outcome"]["status"])

    @property
    def steps(self) -> int:
        """Steps computed."""
        return int(self.manifest["steps_completed"])

    @property
    def seed(self) -> int:
        """The seed."""
        return int(self.manifest["seed"])

    @property
    def params(self) -> dict[str, str]:
        """Every resolved parameter, by key, as text (what ``--replay run.json`` reads)."""
        return dict(self.manifest["params"])

    def write(self, dir: str | os.PathLike[str], *, progress: bool | Callable[[int, int], Any] = True) -> dict[str, Any]:
        """Writes the files the binary writes for this run — ``simulation_data.csv``,
        ``transaction_history.csv``, ``simulation_results.png`` and ``run.json``, as the run's
        ``OUTPUT_FORMAT``, ``TX_LOG`` and ``PLOT`` say — into ``dir``, and returns that
        ``run.json`` as a dict. The world is run again from its recorded settings (the same
        settings and seed give the same steps), through the binary's recorder: the files are
        the binary's bytes."""
        bar = _progress.reporter(progress, "grassroot write", "step")
        try:
            return json.loads(self._native.write(os.fspath(dir), bar))
        finally:
            if bar is not None:
                bar.close()

    def __repr__(self) -> str:
        m = self.manifest
        return (
            f"grassroot.Run({m['scenario']} scenario, seed {m['seed']}: {self.status}, "
            f"{m['steps_completed']} of {m['steps_requested']} steps, {m['transactions']} transactions)"
        )


def run(
    scenario: str | None = None,
    steps: int | None = None,
    seed: int | None = None,
    params: Mapping[str, Any] | None = None,
    config: str | os.PathLike[str] | None = None,
    tx_log: bool = True,
    out: str | os.PathLike[str] | None = None,
    *,
    roles: Mapping[str, Mapping[str, Any]] | None = None,
    progress: bool | Callable[[int, int], Any] = True,
    on_row: Callable[[dict[str, Any]], Any] | None = None,
) -> Run:
    """Runs one simulation and returns its tables.

    - ``scenario``: a name of :func:`grassroot.scenarios` (``"baseline"``, the default,
      ``"datadao"``, ``"original"``; ``"seed"`` is ``"baseline"``'s former name), as
      ``--scenario``.
    - ``steps``, ``seed``: ``TOTAL_STEPS`` and ``SEED``, as ``--steps`` and ``--seed``.
    - ``params``: any parameter by key (any case), e.g. ``{"FEE_RATE": "0.01"}``; values may be
      text, numbers, ``Decimal`` or booleans. ``grassroot.params()`` lists the keys.
    - ``config``: a TOML file of parameters, as ``--config``. The layers are, lowest first:
      defaults < ``config`` < these arguments. No ``.env`` file and no environment variable is
      read: the arguments are the whole input.
    - ``tx_log=False``: no transaction log (``TX_LOG=off``).
    - ``out``: also write the binary's files into this folder as the run goes (as ``--out``).
    - ``roles``: new archetypes as parameter bundles, e.g. ``{"whale": {"share": "0.05",
      "initial_xdai": "5000"}}`` (fields: a role's keys without the role's prefix, in lower
      case; ``"note"``: its description). The role's shares count towards the shares that sum
      to 1, so lower another's, e.g. ``params={"DEGEN_USER_SHARE": ...}``.
    - ``progress``: a progress bar for long runs (``False``: none; a callable receives
      ``(done, total)``).
    - ``on_row``: called with each step's row of ``series`` while the run goes on, as a dict
      of column name to value (an amount as ``Decimal``, a count as ``int``, a real number as
      ``float``, an empty cell as ``None``), on the calling thread; an exception it raises stops
      the run at a step boundary and is raised by ``run``.

    Bad input raises :class:`grassroot.ConfigError` before anything runs; Ctrl-C stops the run
    at a step boundary (its files, if any, written as ``interrupted``) and raises
    ``KeyboardInterrupt``; a run that fails at a step raises :class:`grassroot.GrassrootError`
    with what it computed as ``.run``. The GIL is released while the simulation runs.
    """
    scenario = _convert.optional_name(scenario, "scenario")
    pairs = _convert.pairs(params)
    named = {k.strip().upper() for k, _ in pairs}
    given = _convert.shorthands(
        steps=steps,
        seed=seed,
        tx_log=None if _convert.flag(tx_log, "tx_log") or "TX_LOG" in named else False,
    )
    call = (scenario, _convert.roles(roles), _convert.path(config, "config"), given, pairs, _convert.path(out, "out"))
    bar = _progress.reporter(progress, "grassroot run", "step")
    try:
        native = _core.run(*call, bar, on_row)
    finally:
        if bar is not None:
            bar.close()
    result = Run(native)
    if result.status == "failed":
        raise GrassrootError(f"the run failed: {result.manifest['outcome'].get('error', '')}", run=result)
    return result
