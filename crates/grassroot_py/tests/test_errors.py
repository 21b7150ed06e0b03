"""Bad input raises grassroot.ConfigError (a ValueError) with the binary's message and its parts."""

from __future__ import annotations

import grassroot
import pytest


def test_a_bad_value_names_key_value_origin_allowed_and_fix():
    with pytest.raises(grassroot.ConfigError) as info:
        grassroot.run(params={"FEE_RATE": "1.5"})
    e = info.value
    assert isinstance(e, ValueError)
    assert str(e) == (
        "FEE_RATE = 1.5 (from the Python argument params) is out of range: allowed 0 <= FEE_RATE < 1 in steps "
        'of 0.000001 (0.003 = 0.3%)\n  fix: change the params argument to an allowed value, e.g. params={"FEE_RATE": "0.003"}'
    )
    assert (e.kind, e.key, e.value, e.origin) == ("OutOfRange", "FEE_RATE", "1.5", "the Python argument params")
    assert e.allowed.startswith("0 <= FEE_RATE < 1")
    assert e.fix.startswith("change the params argument")


def test_an_unknown_key_gets_a_did_you_mean():
    with pytest.raises(grassroot.ConfigError, match="did you mean FEE_RATE") as info:
        grassroot.run(params={"fee_rat": 0.01})
    assert info.value.kind == "UnknownKey"


def test_shorthands_are_named_and_checked_like_flags():
    with pytest.raises(grassroot.ConfigError, match=r"TOTAL_STEPS = -5 \(from the Python argument steps\)"):
        grassroot.run(steps=-5)
    with pytest.raises(grassroot.ConfigError, match="given twice"):
        grassroot.run(steps=5, params={"total_steps": 6})


def test_a_sum_rule_names_every_part():
    with pytest.raises(grassroot.ConfigError, match="role shares must sum to exactly 1") as info:
        grassroot.run(params={"DEGEN_USER_SHARE": "0.5"})
    assert info.value.kind == "BadSum"


def test_a_bad_scenario_role_or_grid_is_a_config_error():
    with pytest.raises(grassroot.ConfigError, match="is not a scenario"):
        grassroot.run(scenario="nope")
    with pytest.raises(grassroot.ConfigError, match="did you mean initial_xdai"):
        grassroot.run(roles={"whale": {"initial_xdia": "5"}})
    with pytest.raises(grassroot.ConfigError, match="not lower_snake"):
        grassroot.run(roles={"Whale": {}})
    with pytest.raises(grassroot.ConfigError, match="fee_rate = 2 is out of range"):
        grassroot.sweep(grid={"fee_rate": ["0.001", "2"]}, steps=5)
    with pytest.raises(grassroot.ConfigError, match="also set by the Python argument params"):
        grassroot.sweep(grid={"fee_rate": ["0.001"]}, params={"FEE_RATE": "0.01"}, steps=5)


def test_config_errors_pickle_with_their_parts():
    import pickle

    try:
        grassroot.run(params={"FEE_RATE": "1.5"})
    except grassroot.ConfigError as e:
        again = pickle.loads(pickle.dumps(e))
        assert (str(again), again.key, again.fix) == (str(e), e.key, e.fix)


def test_a_plugins_refusal_keeps_key_value_allowed_and_fix():
    # See: #22. Governance refuses GOV_WEIGHT=data in a run without the dataDAO when the
    # simulation is built; the error keeps its parts across the engine's edge.
    with pytest.raises(grassroot.ConfigError) as info:
        grassroot.run(steps=5, params={"GOVERNANCE": "on", "GOV_WEIGHT": "data"})
    [error] = info.value.errors()
    assert (error["key"], error["value"], error["origin"]) == ("GOV_WEIGHT", "data", "the Python argument params")
    assert error["allowed"] == "tokens, person (data needs --scenario datadao)"
    assert error["fix"] == "run with --scenario datadao, or set GOV_WEIGHT=tokens or GOV_WEIGHT=person"
    assert (info.value.key, info.value.fix) == ("GOV_WEIGHT", error["fix"])


def test_every_bad_value_is_an_entry_of_errors():
    with pytest.raises(grassroot.ConfigError) as info:
        grassroot.run(params={"FEE_RATE": "1.5", "TOTAL_STEPS": "0"})
    errors = info.value.errors()
    assert [(e["key"], e["value"], e["kind"]) for e in errors] == [
        ("TOTAL_STEPS", "0", "Zero"),
        ("FEE_RATE", "1.5", "OutOfRange"),
    ]
    assert errors[0]["allowed"] == "whole numbers 1 <= TOTAL_STEPS <= 1000000000"
    assert errors[1]["allowed"] == "0 <= FEE_RATE < 1 in steps of 0.000001 (0.003 = 0.3%)"
    assert all(e["fix"].startswith("change the params argument") for e in errors)
    assert str(info.value) == "\n".join(e["message"] for e in errors)
