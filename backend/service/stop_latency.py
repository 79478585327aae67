"""Where a stop waits in the write stage: `python -m backend.service.stop_latency [--texture-size 1024] [--runs 3]`.

A stop (StoppableCancel.set: `_thread.interrupt_main`) runs on the worker's main thread only between two Python
instructions, so one long C call (a torch or numpy op, a zlib chunk) delays a cancel by its whole length.  This
makes a head (seed 1, "a woman with long hair": one with a hair mesh) and writes it as a job does (write_head,
preview on) while a thread asks for a signal every 10 ms, as the worker's reader thread asks on a cancel; the
handler records how long each took, counted from when the thread meant to ask (so its own wait for the GIL counts,
as the reader thread's does), and where the main thread was.  Prints per run the longest waits with the main
thread's CPU time over each (wall far above CPU means the machine's load stretched that one call), and a summary:
the median and longest wait, and the longest main-thread CPU time of one wait.
"""
from __future__ import annotations

import argparse
import os
import signal
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

PERIOD_S = 0.01


def _where(frame, depth: int = 3) -> str:
    """The innermost frames, from the frame objects alone: reading source lines (traceback) would put the probe's
    own file reads among the waits it measures."""
    names = []
    while frame is not None and len(names) < depth:
        names.append(f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno} {frame.f_code.co_name}")
        frame = frame.f_back
    return " <- ".join(names)


def _probe(write, shown: int | None) -> tuple[float, list[tuple[float, float, str]]]:
    """(seconds `write` took, its waits for a stop: (wall s, main-thread CPU s, where), longest first; the
    `shown` longest, or all of them when None)."""
    import _thread

    asked: list[float | None] = [None]
    waits: list[tuple[float, float, str]] = []
    cpu_at = [time.thread_time()]

    def handler(signum, frame):
        if asked[0] is None:
            return
        wall, asked[0] = time.perf_counter() - asked[0], None
        cpu, cpu_at[0] = time.thread_time() - cpu_at[0], time.thread_time()
        waits.append((wall, cpu, _where(frame)))

    done = threading.Event()

    def asker():
        due = time.perf_counter()
        while not done.is_set():
            if asked[0] is None:
                asked[0] = due
                _thread.interrupt_main(signal.SIGUSR1)
            due = time.perf_counter() + PERIOD_S
            time.sleep(PERIOD_S)

    previous = signal.signal(signal.SIGUSR1, handler)
    thread = threading.Thread(target=asker, daemon=True)
    start = time.perf_counter()
    thread.start()
    try:
        write()
    finally:
        done.set()
        thread.join()
        signal.signal(signal.SIGUSR1, previous)
    return time.perf_counter() - start, sorted(waits, reverse=True)[:shown]


def summary(waits: list[tuple[float, float, str]]) -> str:
    """Median and longest wait (wall) and the longest main-thread CPU time of one wait: the load stretches
    wall times, the CPU time is what the code itself holds a stop for."""
    if not waits:
        return "no waits"
    walls = sorted(w for w, _, _ in waits)
    cpu, where = max((c, w) for _, c, w in waits)
    return (f"{len(walls)} waits: median {statistics.median(walls) * 1000:.1f} ms, max {walls[-1] * 1000:.1f} ms; "
            f"longest main-thread CPU {cpu * 1000:.1f} ms ({where.split(' <- ')[0]})")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m backend.service.stop_latency", description=__doc__.split("\n")[0])
    p.add_argument("--texture-size", type=int, default=1024, choices=(256, 512, 1024, 2048))
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--show", type=int, default=6, help="the longest waits shown per run")
    args = p.parse_args(argv)
    if not hasattr(signal, "SIGUSR1"):
        print("error: needs SIGUSR1 (not on Windows), as the worker's stop does", file=sys.stderr)
        return 2
    from ..pipeline import GenerateOptions, generate_head, write_head

    head = generate_head("a woman with long hair", GenerateOptions(seed=1, refine=False, texture_size=args.texture_size))
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            total, waits = _probe(lambda: write_head(head, Path(tmp) / "head", preview=True), None)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"run {run + 1}: write_head {total:.2f} s (load average {load:.1f}); {summary(waits)}; longest:")
        for wall, cpu, where in waits[:args.show]:
            print(f"  {wall * 1000:7.1f} ms ({cpu * 1000:5.1f} ms main-thread CPU)  {where}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
