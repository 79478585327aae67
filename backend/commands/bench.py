"""Dispatch `python -m backend bench TARGET [target options]` to backend/bench/TARGET.py.

Shared options (--device, --repeat, --json) come before or after the target; the rest is parsed by
the target's own `add_arguments` (e.g. `bench refine --steps 20`, `bench render --resolutions 256`).
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil

from .. import checks

HELP = "run a benchmark (speed/memory figures; see README)"


def _targets() -> list[str]:
    from .. import bench

    return sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def _shared(p) -> None:
    p.add_argument("--device", default="cpu", help="cpu or cuda (where the benchmark supports it)")
    # (at least 1: no timed step gave NaN medians and a verdict from nothing)
    p.add_argument("--repeat", type=checks.int_in(1), default=10, help="timed repetitions after warm-up")
    p.add_argument("--json", dest="json_out", default=None, help="also write results to this JSON file")


def add_arguments(p) -> None:
    p.add_argument("target", help="benchmark to run: all, or one of " + ", ".join(_targets()))
    _shared(p)
    p.add_argument("target_args", nargs=argparse.REMAINDER,
                   help="the target's own options (python -m backend bench TARGET --help lists them)")


def _target_args(name: str, module, shared, argv: list[str]):
    """The target's namespace: shared values, then its own options parsed from `argv`."""
    from ..cli import UserError

    p = argparse.ArgumentParser(prog=f"python -m backend bench {name}", description=getattr(module, "HELP", None))
    _shared(p)
    module.add_arguments(p)
    p.set_defaults(device=shared.device, repeat=shared.repeat, json_out=shared.json_out)
    try:
        return p.parse_args(argv)
    except SystemExit as exc:  # argparse printed the usage or --help
        if exc.code in (0, None):
            raise
        raise UserError(f"bad options for bench {name}: {' '.join(argv)} (see --help)") from None


def run(args) -> int:
    from ..cli import UserError

    targets = _targets()
    chosen = targets if args.target == "all" else [args.target]
    for name in chosen:
        if name not in targets:
            raise UserError(f"unknown benchmark {name!r}; valid: all, {', '.join(targets)}")
    extra = list(args.target_args or [])
    if args.target == "all" and any(a not in ("-h", "--help") for a in extra):
        raise UserError("target options need one target, e.g. `bench refine --steps 20`, not `bench all`")
    parsed = {}
    for name in chosen:  # every target's options are checked before anything runs
        module = importlib.import_module(f"backend.bench.{name}")
        parsed[name] = (module, _target_args(name, module, args, extra))
    status = 0
    for name, (module, target_args) in parsed.items():
        print(f"== bench {name}")
        status |= int(module.run(target_args) or 0)
    return status
