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
