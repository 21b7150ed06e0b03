"""Every bad argument shape is a grassroot.ConfigError naming the argument, before anything
runs: never a TypeError, AttributeError or OverflowError (#23, class 8). A bare string is not
a one-value grid (the binary's [sweep] table refuses a single value too), ``series="price"``
is the column price, not five letters, and keys in two cases in one dict are refused."""

from __future__ import annotations

import grassroot
import pytest

BAD_CALLS = [
    ("params", lambda: grassroot.run(params=["FEE_RATE", "0.01"])),
    ("params", lambda: grassroot.run(params={1: "0.01"})),
    ("params", lambda: grassroot.run(params={"FEE_RATE": b"0.01"})),
    ("params", lambda: grassroot.run(params={"FEE_RATE": "0.0\udc801"})),
    ("scenario", lambda: grassroot.run(scenario=3)),
    ("roles", lambda: grassroot.run(roles=["whale"])),
    ("roles['whale']", lambda: grassroot.run(roles={"whale": "big"})),
    ("config", lambda: grassroot.run(config=3.5)),
    ("out", lambda: grassroot.run(out=["a"])),
    ("tx_log", lambda: grassroot.run(tx_log="no")),
    ("progress", lambda: grassroot.run(progress="yes")),
    ("grid", lambda: grassroot.sweep(grid=[("fee_rate", ["0.001"])])),
    ("runs", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, runs=-1)),
    ("runs", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, runs=2**64)),
    ("runs", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, runs="8")),
    ("jobs", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, jobs=-2)),
    ("series", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, series=3)),
    ("yes", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, yes="true")),
    ("backend", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, backend="slurm")),
    ("shards", lambda: grassroot.sweep(grid={"fee_rate": ["0.001"]}, shards=2)),
    ("grid['fee_rate']", lambda: grassroot.sweep(grid={"fee_rate": {"from": 1, "to": 2}})),
    ("scenario", lambda: grassroot.params(scenario=["baseline"])),
]


@pytest.mark.parametrize("argument,call", BAD_CALLS, ids=[f"{a}-{i}" for i, (a, _) in enumerate(BAD_CALLS)])
def test_a_bad_argument_shape_is_a_config_error_naming_the_argument(argument, call):
    with pytest.raises(grassroot.ConfigError) as info:
        call()
    assert info.value.key == argument, str(info.value)
    assert str(info.value).startswith(f"{argument} = "), str(info.value)
    assert "\n  fix: " in str(info.value)


def test_a_bare_string_is_not_a_one_value_grid():
    with pytest.raises(grassroot.ConfigError, match="is a single value: a sweep key needs a list or a range"):
        grassroot.sweep(grid={"fee_rate": "0.003"}, steps=2, progress=False)


def test_series_as_one_string_is_one_column_not_letters(tmp_path):
    s = grassroot.sweep(grid={"fee_rate": ["0.003"]}, steps=2, series="price", out=tmp_path / "s", progress=False)
    assert s.manifest["series"] == ["price"]


def test_keys_in_two_cases_in_one_dict_are_refused():
    with pytest.raises(grassroot.ConfigError, match="is set twice in the Python argument params"):
        grassroot.run(params={"fee_rate": "0.001", "FEE_RATE": "0.002"}, steps=2)
    with pytest.raises(grassroot.ConfigError, match="fee_rate is given twice, as"):
        grassroot.sweep(grid={"fee_rate": ["0.001"], "FEE_RATE": ["0.002"]}, steps=2, progress=False)
