"""The scenarios Python offers are the binary's registry (``grassroot.scenarios()``), the
baseline answers to its former name ``seed``, and the package works without tqdm (the optional
``progress`` extra)."""

from __future__ import annotations

import sys

import grassroot
from grassroot import _progress


def test_scenarios_are_the_registry_with_the_default_first():
    names = [s.name for s in grassroot.scenarios()]
    assert names == ["baseline", "datadao", "original"]
    assert all(s.description for s in grassroot.scenarios())


def test_the_default_scenario_is_the_baseline_and_seed_is_its_former_name():
    default = grassroot.run(steps=20, progress=False)
    old = grassroot.run(scenario="seed", steps=20, progress=False)
    assert default.manifest["scenario"] == old.manifest["scenario"] == "baseline"
    assert default.manifest["params"] == old.manifest["params"]
    assert [p.key for p in grassroot.params()] == [p.key for p in grassroot.params("seed")]


def test_a_scenario_not_in_the_registry_names_the_registered_ones():
    try:
        grassroot.run(scenario="dear_pool", steps=5, progress=False)
    except grassroot.ConfigError as e:
        assert "is not a scenario: allowed baseline, datadao, original" in str(e)
    else:
        raise AssertionError("an unknown scenario ran")


def test_the_package_works_without_tqdm(monkeypatch):
    monkeypatch.setitem(sys.modules, "tqdm", None)
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    bar = _progress.reporter(True, "run", "step")
    bar(1, 10)
    bar(10, 10)
    bar.close()
    run = grassroot.run(steps=10, progress=True)
    assert run.status == "completed" and run.steps == 10
