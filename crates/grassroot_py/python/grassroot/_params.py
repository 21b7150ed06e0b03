"""``grassroot.params()``: every key a scenario reads, with its default, kind, group and
meaning, as ``grassroot params --scenario NAME`` lists them; ``grassroot.scenarios()``: the
scenarios ``scenario=`` takes, from the binary's registry."""

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


class Scenario(NamedTuple):
    """One scenario of the registry."""

    name: str
    """What ``scenario=`` and ``--scenario`` take."""
    description: str
    """One line on what it runs."""


def scenarios() -> list[Scenario]:
    """The scenarios ``scenario=`` takes (``--scenario`` in the binary), the default first."""
    return [Scenario(*row) for row in _core.scenarios()]


def params(scenario: str | None = None, *, roles: Mapping[str, Mapping[str, Any]] | None = None) -> list[Param]:
    """The parameters of ``scenario`` (default: the default scenario, see :func:`scenarios`;
    with ``roles`` added, as ``grassroot.run`` would add them), in the order of
    ``env.example``."""
    return [Param(*row) for row in _core.params(_convert.optional_name(scenario, "scenario"), _convert.roles(roles))]
