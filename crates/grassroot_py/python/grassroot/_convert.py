"""Python values as the text every layer of grassroot's settings takes: ``"0.003"``, ``500``,
``Decimal("0.003")``, ``True`` and ``0.003`` all become the text the binary would be given.
Nothing here validates: the Rust side does, exactly as for a flag or a TOML file."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, Mapping

Value = "str | int | float | bool | Decimal | None"


def text(value: Any) -> str:
    """The text of one parameter value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "none"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    return str(value)


def pairs(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """``params={...}`` as ``(key, text)`` pairs."""
    if params is None:
        return []
    if not isinstance(params, Mapping):
        raise TypeError(f"params must be a dict of KEY -> value, not {type(params).__name__}")
    return [(str(k), text(v)) for k, v in params.items()]


def roles(roles: Mapping[str, Mapping[str, Any]] | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``roles={"whale": {"share": "0.05", ...}}`` as ``(name, note, fields)``; a ``"note"``
    entry is the sentence shown in the parameter listing."""
    if roles is None:
        return []
    out = []
    for name, fields in roles.items():
        if not isinstance(fields, Mapping):
            raise TypeError(f"roles[{name!r}] must be a dict of field -> value, not {type(fields).__name__}")
        fields = dict(fields)
        note = str(fields.pop("note", f"{name}: a role added from Python."))
        out.append((str(name), note, [(str(k), text(v)) for k, v in fields.items()]))
    return out


def shorthands(**given: Any) -> list[tuple[str, str, str]]:
    """The shorthand arguments that were given, as ``(argument, KEY, text)``."""
    keys = {"steps": "TOTAL_STEPS", "seed": "SEED", "tx_log": "TX_LOG"}
    return [(arg, keys[arg], text(v)) for arg, v in given.items() if v is not None]


def path(value: Any) -> str | None:
    return None if value is None else os.fspath(value)
