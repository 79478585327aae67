"""backend.service.stop_latency: the probe that finds where a stop waits (the write stage's cancel latency) sees a
long call that runs no Python instruction as one long wait, and names where it was."""
from __future__ import annotations

import sys
import time

import pytest

from backend.service.stop_latency import _probe

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the worker's stop needs SIGUSR1")


def _one_long_call():
    time.sleep(0.4)  # one C call: a stop asked meanwhile runs only once it returns


def test_a_long_c_call_is_one_long_wait_named_by_its_frame():
    total, waits = _probe(_one_long_call, shown=3)
    wall, cpu, where = waits[0]
    assert total >= 0.4 and wall >= 0.3 and "_one_long_call" in where.split(" <- ")[0]
    assert cpu < wall  # asleep: the main thread spent (almost) no CPU time on it


def test_the_summary_gives_median_max_and_the_longest_cpu():
    from backend.service.stop_latency import summary

    line = summary([(0.3, 0.01, "a.py:1 f <- b.py:2 g"), (0.01, 0.02, "c.py:3 h"), (0.02, 0.001, "d.py:4 k")])
    assert line == "3 waits: median 20.0 ms, max 300.0 ms; longest main-thread CPU 20.0 ms (c.py:3 h)"
    assert summary([]) == "no waits"
