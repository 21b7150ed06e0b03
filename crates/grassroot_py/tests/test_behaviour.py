"""A good Python library: the GIL released while Rust runs, Ctrl-C at a step boundary."""

from __future__ import annotations

import _thread
import json
import threading
import time

import grassroot
import pytest


def test_the_gil_is_released_while_a_run_runs():
    ticks = 0
    done = threading.Event()

    def count():
        nonlocal ticks
        while not done.is_set():
            ticks += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    started = time.perf_counter()
    grassroot.run(steps=1500, tx_log=False, progress=False)
    took = time.perf_counter() - started
    done.set()
    t.join()
    # A thread starved of the GIL would tick a few times at most.
    assert ticks > 0.2 * took / 0.001, (ticks, took)


def test_two_runs_in_threads_both_complete_with_the_same_numbers():
    results = [None, None]

    def go(i):
        results[i] = grassroot.run(steps=200, seed=3, progress=False)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a, b = (r.series.to_pyarrow() for r in results)
    assert a.equals(b)


def _interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    return timer


def test_ctrl_c_stops_a_run_at_a_step_boundary_and_writes_it_as_interrupted(tmp_path):
    _interrupt_after(0.5)
    started = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        grassroot.run(steps=100_000, out=tmp_path, progress=False)
    assert time.perf_counter() - started < 10
    manifest = json.loads((tmp_path / "run.json").read_text())
    assert manifest["outcome"]["status"] == "interrupted"
    assert 0 < manifest["steps_completed"] < 100_000


def test_ctrl_c_stops_a_sweep_and_writes_nothing(tmp_path):
    _interrupt_after(0.5)
    with pytest.raises(KeyboardInterrupt):
        grassroot.sweep(grid={"fee_rate": ["0.001", "0.003"]}, runs=64, steps=2000, out=tmp_path / "s", progress=False)
    assert not (tmp_path / "s" / "sweep.json").exists()
