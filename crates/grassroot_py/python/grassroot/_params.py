"""``grassroot.params()``: every key a scenario reads, with its default, kind, group and
meaning, as ``grassroot params`` lists them."""

from __future__ import annotations

from typing import Any, Mapping, NamedTuple

from . import _convert, _core


class Param(NamedTuple):
    """One parameter."""

    key: str
    """The key, upper case, as in ``.env`` (TOML files and ``params=`` take any case)."""
    default: str
    """The default, as text."""
    kind: str
    """What values it takes (``amount``, ``fraction``, ``whole number``, ``switch``, ...)."""
    group: str
    """The heading it is listed under (``Simulation``, ``Rules``, ``Role: degen_user``, ...)."""
    help: str
    """What it means."""


def params(scenario: str = "seed", *, roles: Mapping[str, Mapping[str, Any]] | None = None) -> list[Param]:
    """The parameters of ``scenario`` (with ``roles`` added, as ``grassroot.run`` would add
    them), in the order of ``env.example``."""
    return [Param(*row) for row in _core.params(scenario, _convert.roles(roles))]
