"""`bench render`'s first line: untimed warm-up steps (their times kept for the report), then the
timed steady state, and the halves' medians as a drift check."""
from __future__ import annotations

import pytest


def test_warm_up_steps_come_first_and_are_kept_apart():
    import time

    from backend.bench.render import warm_then_time

    calls = []

    def step():  # the first three calls are slow (cold), the rest fast
        calls.append(len(calls))
        time.sleep(0.02 if len(calls) <= 3 else 0.001)

    out = warm_then_time(step, repeat=4, warmup=3)
    assert calls == list(range(7))
    assert len(out["warmup"]) == 3 and len(out["timed"]) == len(out["cpu"]) == 4
    assert min(out["warmup"]) > max(out["timed"])  # the cold steps never reach the timed figure
    assert all(c >= 0 for c in out["cpu"])


def test_no_warm_up_times_every_step():
    from backend.bench.render import warm_then_time

    out = warm_then_time(lambda: None, repeat=2, warmup=0)
    assert out["warmup"] == [] and len(out["timed"]) == 2


def test_halves_show_drift():
    from backend.bench.render import halves

    assert halves([5.0, 5.0, 5.0, 1.0, 1.0, 1.0]) == (5.0, 1.0)
    assert halves([2.0]) == (2.0, 2.0)


def test_negative_warm_up_is_a_one_line_error():
    import argparse

    from backend.bench import render
    from backend.cli import UserError

    args = argparse.Namespace(warmup=-1, repeat=1, device="cpu", json_out=None)
    with pytest.raises(UserError, match="--warmup must be 0 or more"):
        render.run(args)
