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


def _in_all(module) -> bool:
    """Whether `bench all` runs the target: not one that needs an option of its own (`render_ab`
    compares against a revision the user names)."""
    return getattr(module, "IN_ALL", True)


def run(args) -> int:
    from ..cli import UserError

    targets = _targets()
    if args.target not in ("all", *targets):
        raise UserError(f"unknown benchmark {args.target!r}; valid: all, {', '.join(targets)}")
    extra = list(args.target_args or [])
    modules = {name: importlib.import_module(f"backend.bench.{name}")
               for name in (targets if args.target == "all" else [args.target])}
    if args.target == "all":
        left_out = [name for name, module in modules.items() if not _in_all(module)]
        modules = {name: module for name, module in modules.items() if _in_all(module)}
        if any(a in ("-h", "--help") for a in extra):
            print(f"python -m backend bench all [--device D] [--repeat N] [--json FILE]: runs {', '.join(modules)} "
                  f"with their default options (not {', '.join(left_out)}: it needs its own options); "
                  "`bench TARGET --help` lists a target's options")
            return 0
        shared = argparse.ArgumentParser(prog="python -m backend bench all", add_help=False)
        _shared(shared)
        shared.set_defaults(device=args.device, repeat=args.repeat, json_out=args.json_out)
        try:  # the shared options may follow `all` too
            args, rest = shared.parse_known_args(extra)
        except SystemExit:
            raise UserError(f"bad options for bench all: {' '.join(extra)} (see --help)") from None
        if rest:
            raise UserError("target options need one target, e.g. `bench refine --steps 20`, not `bench all`")
        extra = []
        if left_out:
            print(f"(bench all leaves out {', '.join(left_out)}: it needs its own options, see its --help)")
    parsed = {}
    for name, module in modules.items():  # every target's options are checked before anything runs
        parsed[name] = (module, _target_args(name, module, args, extra))
    status = 0
    for name, (module, target_args) in parsed.items():
        print(f"== bench {name}")
        status |= int(module.run(target_args) or 0)
    return status
