"""Old-job clean-up: each job folder holds a head (~34 MB at 1024 px), so ended jobs are deleted beyond the newest
`keep` or once older than `max_age_s` (serve --keep-jobs / --max-job-age); and what dead writers left in ended jobs'
folders (service/leftovers.py) is removed.

A thread prunes and sweeps at start, after every job (the supervisor pokes it) and on a timer for the age limit,
so a service that sits idle still lets old heads go.  The sweep catches what the removal when a worker died could
not do then (its process not yet gone after the kill, a file that could not be removed); it never looks into the
folder of a queued, running or cancelling job, nor of one a worker slot still holds.
"""
from __future__ import annotations

import logging
import threading
from typing import Callable

from .leftovers import sweep_leftovers
from .store import JobStore

log = logging.getLogger("textface.service")


class Janitor:
    def __init__(self, store: JobStore, keep: int | None, max_age_s: float | None,
                 busy: Callable[[], set[str]] = set):
        """`busy`: the ids of the jobs the worker slots hold now (Supervisor.busy_jobs): never swept."""
        self.store, self.keep, self.max_age_s, self.busy = store, keep, max_age_s, busy
        self._wake = threading.Event()
        self._stop = False
        self._thread = threading.Thread(target=self._loop, name="textface-janitor", daemon=True)
        # the age limit is checked at least 10 times per period (and hourly at most)
        self.interval = 3600.0 if max_age_s is None else min(3600.0, max(1.0, max_age_s / 10))

    @property
    def enabled(self) -> bool:
        return self.keep is not None or self.max_age_s is not None

    def start(self) -> None:
        self._thread.start()  # (with no limits, for the sweep)

    def poke(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop = True
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def prune_now(self) -> list[str]:
        deleted = self.store.prune(self.keep, self.max_age_s)
        if deleted:
            log.info("deleted %d old job(s): %s", len(deleted), ", ".join(deleted))
        return deleted

    def sweep_now(self) -> dict[str, list[str]]:
        return sweep_leftovers(self.store, self.busy)

    def _loop(self) -> None:
        while not self._stop:
            steps = [("old-job", self.prune_now)] * self.enabled + [("leftover", self.sweep_now)]
            for what, step in steps:
                try:
                    step()
                except Exception:  # noqa: BLE001 - a full disk or a stuck file must not stop the clean-up for good
                    log.exception("%s clean-up failed; trying again later", what)
            self._wake.wait(self.interval)
            self._wake.clear()
