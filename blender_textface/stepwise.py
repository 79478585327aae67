"""Main-thread work done in pieces across Blender's timer ticks, so the UI never freezes for the whole.

The work is a generator that yields between pieces (each some tens of milliseconds of Blender work) and
returns its result; closing it (a cancel, a file load) runs its clean-up, which removes what it built.
"""
from __future__ import annotations

import time
from typing import Generator


class Steps:
    """A generator of `pieces` pieces; `advance(budget)` runs pieces while they fit in `budget` seconds (at
    least one; the next is taken to last as long as the last; None: all of them, for callers that block
    anyway)."""

    def __init__(self, work: Generator, pieces: int):
        self._work = work
        self.pieces = max(1, pieces)
        self.done_pieces = 0
        self.finished = False
        self.result = None

    @property
    def fraction(self) -> float:
        return 1.0 if self.finished else min(self.done_pieces / self.pieces, 1.0)

    def advance(self, budget: float | None = None) -> bool:
        """True once the work has returned (its value in `result`); its errors are raised."""
        deadline = None if budget is None else time.perf_counter() + budget
        while not self.finished:
            started = time.perf_counter()
            try:
                next(self._work)
            except StopIteration as end:
                self.finished, self.result = True, end.value
                break
            self.done_pieces += 1
            now = time.perf_counter()
            if deadline is not None and now + (now - started) >= deadline:
                break
        return self.finished

    def close(self) -> None:
        """Stop the work where it is; its clean-up runs (nothing when it had not started or has ended)."""
        self._work.close()


def run(work: Generator):
    """Run a piecewise generator to its end in one go; its result."""
    steps = Steps(work, 1)
    steps.advance(None)
    return steps.result
