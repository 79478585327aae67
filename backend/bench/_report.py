"""Shared timing/report helper of the benchmarks (not a benchmark target itself)."""
from __future__ import annotations

import json
import platform
import statistics
import time
from typing import Callable


class Report:
    """Collects timings (seconds) and prints median/min; optionally appends JSON to args.json_out."""

    def __init__(self, name: str, args):
        self.name, self.args, self.rows = name, args, []
        self.device = getattr(args, "device", "cpu")

    def add(self, label: str, seconds: float | list[float], **extra) -> None:
        values = seconds if isinstance(seconds, list) else [seconds]
        row = {"label": label, "median_ms": 1e3 * statistics.median(values), "min_ms": 1e3 * min(values),
               "n": len(values), **extra}
        self.rows.append(row)
        more = "".join(f", {k}={v}" for k, v in extra.items())
        print(f"  {label}: median {row['median_ms']:.2f} ms, min {row['min_ms']:.2f} ms (n={len(values)}{more})")

    def time(self, label: str, fn: Callable[[], object], repeat: int | None = None, warmup: int = 1, **extra):
        for _ in range(warmup):
            fn()
        values = []
        for _ in range(repeat or self.args.repeat):
            t = time.perf_counter()
            fn()
            values.append(time.perf_counter() - t)
        self.add(label, values, **extra)
        return values

    def finish(self) -> None:
        if getattr(self.args, "json_out", None):
            with open(self.args.json_out, "a", encoding="utf-8") as f:
                f.write(json.dumps({"bench": self.name, "device": self.device, "machine": platform.node(),
                                    "rows": self.rows}) + "\n")
