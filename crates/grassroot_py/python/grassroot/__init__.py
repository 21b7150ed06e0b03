"""grassroot: exact, fast agent-based simulation of a grassroots dataDAO token economy, from
Python. The whole loop runs in Rust — the binary's own code — with the GIL released:
parameters in, Arrow tables out.

>>> import grassroot
>>> run = grassroot.run(steps=200, seed=7)                    # doctest: +SKIP
>>> df = run.series.to_polars()                               # or pl.DataFrame(run.series)
>>> sweep = grassroot.sweep(grid={"fee_rate": ["0.001", "0.003"]}, runs=8, steps=200)

- :func:`run`: one simulation; :class:`Run` holds its ``series`` and ``transactions`` tables,
  its ``manifest`` (``run.json``) and ``write(dir)`` (the binary's files).
- :func:`sweep`: a parameter sweep, on every core or on a Ray cluster (``backend="ray"``);
  :class:`Sweep` holds its ``runs`` and ``series`` tables.
- :func:`params`: every parameter with its default and meaning; :func:`scenarios`: the
  scenarios ``scenario=`` takes.
- :class:`ConfigError` (a ``ValueError``) for bad input, :class:`GrassrootError` for a run or
  sweep that could not finish.
"""

from ._core import __version__
from ._errors import ConfigError, GrassrootError
from ._params import Param, Scenario, params, scenarios
from ._run import Run, run
from ._sweep import Sweep, sweep
from ._tables import Table

__all__ = [
    "ConfigError",
    "GrassrootError",
    "Param",
    "Run",
    "Scenario",
    "Sweep",
    "Table",
    "__version__",
    "params",
    "run",
    "scenarios",
    "sweep",
]
