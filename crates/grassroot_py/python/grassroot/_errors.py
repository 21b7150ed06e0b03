"""The exceptions grassroot raises: ``ConfigError`` for bad input (a ``ValueError``), with the
binary's message and its parts as attributes, and ``GrassrootError`` for a run or sweep that
could not finish or write its files (a ``RuntimeError``). The native module raises these."""

from __future__ import annotations

from typing import Any


class ConfigError(ValueError):
    """A parameter (or other input) that grassroot refuses, before anything runs or is written.

    One ``ConfigError`` reports every bad value found, not only the first, as pydantic's
    ``ValidationError`` does. ``str(e)`` is the binary's message: for each bad value, what is
    wrong with which key and value, where the value came from and what is allowed, then an
    indented ``fix:`` line. ``e.errors()`` lists them, each a dict with the keys:

    - ``kind``: the category (``"OutOfRange"``, ``"UnknownKey"``, ``"BadSum"``, ...);
    - ``key``: the key (``"FEE_RATE"``), or ``None``;
    - ``value``: the value as given, or ``None``;
    - ``origin``: where it came from (``"the Python argument params"``, ``"config file
      run.toml line 3"``, ``"default"``), or ``None``;
    - ``problem``: what is wrong and what is allowed;
    - ``allowed``: what is allowed (``"0 <= FEE_RATE < 1 in steps of 0.000001 (0.003 =
      0.3%)"``), or ``None`` when the error is not about a value's range;
    - ``fix``: how to fix it, or ``None``;
    - ``message``: that error's lines of ``str(e)``.

    The first error's parts are also attributes (``e.key``, ``e.value``, ``e.origin``,
    ``e.problem``, ``e.allowed``, ``e.fix``, ``e.kind``).
    """

    kind: str
    key: str | None
    value: str | None
    origin: str | None
    problem: str
    allowed: str | None
    fix: str | None

    def __init__(
        self,
        message: str,
        *,
        kind: str = "BadInput",
        key: str | None = None,
        value: str | None = None,
        origin: str | None = None,
        problem: str | None = None,
        allowed: str | None = None,
        fix: str | None = None,
        errors: list[dict[str, str | None]] | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.key = key
        self.value = value
        self.origin = origin
        self.problem = problem if problem is not None else message
        self.allowed = allowed
        self.fix = fix
        first = {
            "kind": kind,
            "key": key,
            "value": value,
            "origin": origin,
            "problem": self.problem,
            "allowed": allowed,
            "fix": fix,
            "message": message,
        }
        self._errors = [dict(e) for e in errors] if errors else [first]

    def errors(self) -> list[dict[str, str | None]]:
        """Every bad value, in the order found: one dict of parts each (see the class doc)."""
        return [dict(e) for e in self._errors]

    def __reduce__(self) -> Any:
        # Picklable with its parts (a Ray task's error crosses processes).
        parts = {
            "kind": self.kind,
            "key": self.key,
            "value": self.value,
            "origin": self.origin,
            "problem": self.problem,
            "allowed": self.allowed,
            "fix": self.fix,
            "errors": self._errors,
        }
        return (_rebuild, (type(self), str(self), parts))


class GrassrootError(RuntimeError):
    """A run or sweep that could not finish or write its outputs (a fault in the books, a
    folder that cannot be written, a folder another grassroot process holds). A run that
    failed at a step carries what it computed up to that step as ``run``."""

    run: Any

    def __init__(self, message: str, *, run: Any = None) -> None:
        super().__init__(message)
        self.run = run


def _rebuild(cls: type, message: str, parts: dict[str, Any]) -> Any:
    return cls(message, **parts)


# Shown as grassroot.ConfigError in tracebacks, where users catch it.
ConfigError.__module__ = "grassroot"
GrassrootError.__module__ = "grassroot"
