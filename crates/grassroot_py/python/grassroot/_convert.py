"""Python values as the text every layer of grassroot's settings takes: ``"0.003"``, ``500``,
``Decimal("0.003")``, ``True`` and ``0.003`` all become the text the binary would be given.
Values are validated on the Rust side, exactly as for a flag or a TOML file; here only the
shape of each argument is checked (a dict where a dict belongs, a whole number where a count
belongs, text that is UTF-8), and a wrong shape is a :class:`ConfigError` naming the argument,
never a ``TypeError``, ``AttributeError`` or ``OverflowError``."""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, Mapping

from ._errors import ConfigError

Value = "str | int | float | bool | Decimal | None"

#: The largest whole number an argument may be (a 64-bit count).
MAX_WHOLE = 2**64 - 1


def bad(argument: str, given: Any, problem: str, fix: str) -> ConfigError:
    """The :class:`ConfigError` for an argument of the wrong shape."""
    shown = _shown(given)
    origin = f"the Python argument {argument}"
    return ConfigError(
        f"{argument} = {shown} ({origin}) {problem}\n  fix: {fix}",
        kind="WrongType",
        key=argument,
        value=shown,
        origin=origin,
        problem=problem,
        fix=fix,
    )


def _shown(value: Any) -> str:
    """A value as a message quotes it: its repr, at most 200 characters of it."""
    try:
        text = repr(value)
    except Exception:  # a repr that fails still names the type
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 200 else text[:200] + f"... ({len(text) - 200} more characters)"


def unicode(argument: str, value: str) -> str:
    """``value`` if it is text the Rust side can take (UTF-8: no lone surrogates)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise bad(argument, value, "is not valid UTF-8 text", "pass text without lone surrogates") from None
    return value


def text(value: Any, argument: str = "params") -> str:
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
        return path(value, argument) or ""
    if isinstance(value, bytes):
        raise bad(argument, value, "is bytes, not text", "pass a str (decoded), a number or a Decimal")
    try:
        return unicode(argument, str(value))
    except ConfigError:
        raise
    except Exception:
        raise bad(argument, value, "cannot be turned into text", "pass a str, a number, a Decimal or a bool") from None


def key(name: Any, argument: str) -> str:
    """A key of ``params`` or ``grid``: text."""
    if not isinstance(name, str):
        raise bad(argument, name, f"has a key that is not text ({type(name).__name__})", 'write keys as text, e.g. "FEE_RATE"')
    return unicode(argument, name)


def mapping(value: Any, argument: str, what: str) -> Mapping[Any, Any]:
    """``value`` if it is a mapping (a dict)."""
    if not isinstance(value, Mapping):
        raise bad(argument, value, f"is a {type(value).__name__}, not a dict of {what}", f'pass {argument}={{...}}, e.g. {{"fee_rate": "0.003"}}')
    return value


def whole(value: Any, argument: str, least: int = 0) -> int | None:
    """``value`` if it is ``None`` or a whole number from ``least`` to :data:`MAX_WHOLE`."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(argument, value, f"is a {type(value).__name__}, not a whole number", f"pass a whole number >= {least}, e.g. {argument}={max(least, 1)}")
    if not least <= value <= MAX_WHOLE:
        raise bad(argument, value, f"is out of range: allowed {least} <= {argument} <= {MAX_WHOLE}", f"pass a whole number >= {least}")
    return int(value)


def flag(value: Any, argument: str) -> bool:
    """``value`` if it is a bool."""
    if not isinstance(value, bool):
        raise bad(argument, value, f"is a {type(value).__name__}, not True or False", f"pass {argument}=True or {argument}=False")
    return value


def name(value: Any, argument: str) -> str:
    """``value`` if it is text (a scenario's or a backend's name)."""
    if not isinstance(value, str):
        raise bad(argument, value, f"is a {type(value).__name__}, not text", f'pass {argument}="..." as text')
    return unicode(argument, value)


def optional_name(value: Any, argument: str) -> str | None:
    """``None`` (the default), or ``value`` if it is text."""
    return None if value is None else name(value, argument)


def names(value: Any, argument: str) -> list[str] | None:
    """A list of names: a sequence of text, or one text of comma-separated names (as the
    binary's ``--series price,pool_ddt``); never a string's letters."""
    if value is None:
        return None
    if isinstance(value, str):
        return [unicode(argument, n.strip()) for n in value.split(",")]
    if isinstance(value, Mapping) or not isinstance(value, (list, tuple)):
        raise bad(argument, value, f"is a {type(value).__name__}, not a list of names", f'pass {argument}=["price", "pool_ddt"]')
    return [name(v, argument) for v in value]


def pairs(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """``params={...}`` as ``(key, text)`` pairs."""
    if params is None:
        return []
    return [(key(k, "params"), text(v, "params")) for k, v in mapping(params, "params", "KEY -> value").items()]


def roles(roles: Mapping[str, Mapping[str, Any]] | None) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """``roles={"whale": {"share": "0.05", ...}}`` as ``(name, note, fields)``; a ``"note"``
    entry is the sentence shown in the parameter listing."""
    if roles is None:
        return []
    out = []
    for role, fields in mapping(roles, "roles", "role -> fields").items():
        role = key(role, "roles")
        fields = dict(mapping(fields, f"roles[{role!r}]", "field -> value"))
        note = text(fields.pop("note", f"{role}: a role added from Python."), "roles")
        out.append((role, note, [(key(k, "roles"), text(v, "roles")) for k, v in fields.items()]))
    return out


def shorthands(**given: Any) -> list[tuple[str, str, str]]:
    """The shorthand arguments that were given, as ``(argument, KEY, text)``."""
    keys = {"steps": "TOTAL_STEPS", "seed": "SEED", "tx_log": "TX_LOG"}
    return [(arg, keys[arg], text(v, arg)) for arg, v in given.items() if v is not None]


def path(value: Any, argument: str = "path") -> str | None:
    """A folder's or a file's path: ``None``, text or an ``os.PathLike``."""
    if value is None:
        return None
    try:
        found = os.fspath(value)
    except TypeError:
        raise bad(argument, value, f"is a {type(value).__name__}, not a path", f'pass {argument}="folder" or a pathlib.Path') from None
    if isinstance(found, bytes):
        raise bad(argument, value, "is a bytes path", f"pass {argument} as text or a pathlib.Path")
    return unicode(argument, found)
