"""The progress bar of a long run or sweep: tqdm's (``tqdm.auto``: a text bar in terminals, a
widget in notebooks), shown only once the work has taken ``DELAY`` seconds and only where
tqdm would draw (a terminal or a notebook, not a log file). tqdm is optional (the ``progress``
extra): without it there is no bar. ``progress=False`` turns it off; a
callable ``progress(done, total)`` receives the counts instead."""

from __future__ import annotations

import warnings
from typing import Any, Callable

#: Seconds before a bar appears: short work draws nothing.
DELAY = 0.5

Progress = "bool | Callable[[int, int], Any]"


class _Bar:
    """A tqdm bar created on the first report (when the total is known)."""

    def __init__(self, desc: str, unit: str) -> None:
        self._desc = desc
        self._unit = unit
        self._bar: Any = None

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None and not total:
            return
        if self._bar is None:
            try:
                with warnings.catch_warnings():
                    # In a notebook without ipywidgets tqdm.auto falls back to a text bar, warning.
                    warnings.simplefilter("ignore")
                    from tqdm.auto import tqdm
            except ImportError:  # tqdm is the optional `progress` extra; without it, no bar.
                self._bar = False
                return
            self._bar = tqdm(total=total, desc=self._desc, unit=self._unit, delay=DELAY, disable=None, leave=False)
        if self._bar is False:
            return
        if total and self._bar.total != total:
            self._bar.total = total
        self._bar.update(done - self._bar.n)

    def close(self) -> None:
        if self._bar is not None and self._bar is not False:
            self._bar.close()


class _Callback:
    def __init__(self, callback: Callable[[int, int], Any]) -> None:
        self._callback = callback

    def __call__(self, done: int, total: int) -> None:
        self._callback(done, total)

    def close(self) -> None:
        pass


def reporter(progress: Any, desc: str, unit: str) -> Any:
    """What the native module calls with ``(done, total)``, and ``close()``s at the end; or
    ``None`` for no progress."""
    if progress is None or progress is False:
        return None
    if progress is True:
        return _Bar(desc, unit)
    if callable(progress):
        return _Callback(progress)
    from ._convert import bad

    raise bad("progress", progress, f"is a {type(progress).__name__}", "pass True, False or a callable(done, total)")
