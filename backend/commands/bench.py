"""Dispatch `python -m backend bench TARGET` to backend/bench/TARGET.py."""
from __future__ import annotations

import importlib
import pkgutil

HELP = "run a benchmark (speed/memory figures; see README)"


def _targets() -> list[str]:
    from .. import bench

    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def add_arguments(p) -> None:
    p.add_argument("target", help="benchmark to run: all, or one of " + ", ".join(_targets()))
    p.add_argument("--device", default="cpu", help="cpu or cuda (where the benchmark supports it)")
    p.add_argument("--repeat", type=int, default=10, help="timed repetitions after warm-up")
    p.add_argument("--json", dest="json_out", default=None, help="also write results to this JSON file")


def run(args) -> int:
    from ..cli import UserError

    targets = _targets()
    chosen = targets if args.target == "all" else [args.target]
    for name in chosen:
        if name not in targets:
            raise UserError(f"unknown benchmark {name!r}; valid: all, {', '.join(targets)}")
    status = 0
    for name in chosen:
        module = importlib.import_module(f"backend.bench.{name}")
        print(f"== bench {name}")
        status |= int(module.run(args) or 0)
    return status
