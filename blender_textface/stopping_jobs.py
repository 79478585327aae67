"""Jobs cancelled while they ran, watched until the service says they have stopped, then deleted.

A running job answers a cancel with "cancelling" and stops at its next step or file (the service forces it
after its cancel grace, 30 s by default); only then may it be deleted (the service answers 409 before).
Left alone, its ~27 MB folder stays until the service's own clean-up, days later.  `watch` runs on a
thread of its own (tasks.HeadTask starts it): never on Blender's main thread, and never part of what
disabling the add-on waits for.  bpy-free.
"""
from __future__ import annotations

import time
from typing import Callable

ENDED = ("done", "failed", "cancelled")  # backend/service/schemas.py State: nothing left to wait for
POLL_INTERVAL = 0.5
# seconds: longer than the service's default cancel grace (30 s), after which it marks the job cancelled itself
STOP_WAIT = 90.0


def watch(status: Callable[[str], dict], jobs: list[str], on_ended: Callable[[str], None],
          gone: Callable[[], bool] = lambda: False, timeout: float | None = None,
          interval: float | None = None) -> list[str]:
    """Poll `status(job)` for each of `jobs` until it reports an ended state, then call `on_ended(job)` once.
    Returns the jobs still not ended when `timeout` passed or `gone()` became true (the service they ran on
    was stopped: its own recovery ends them).  A failing status request is raised to the caller."""
    timeout = STOP_WAIT if timeout is None else timeout
    interval = POLL_INTERVAL if interval is None else interval
    left = list(dict.fromkeys(jobs))
    deadline = time.monotonic() + timeout
    while left and not gone():
        for job_id in list(left):
            if status(job_id).get("state") in ENDED:
                left.remove(job_id)
                on_ended(job_id)
        if not left or time.monotonic() >= deadline:
            break
        time.sleep(interval)
    return left
