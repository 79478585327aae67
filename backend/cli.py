"""`python -m backend COMMAND ...`: every module in backend/commands/ is one command.

A command module defines HELP, add_arguments(parser) and run(args) -> int.  Modules are
imported only to build the parser; heavy imports (torch) belong inside run().
"""
from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys

from . import __version__, commands
from .errors import TextFaceError


class UserError(TextFaceError):
    """A problem with the command line; printed as one clear line, exit status 2."""


def print_progress(stage, step, total, message="", preview=None, every: int = 10) -> None:
    """generate's and refine's progress lines: every stage line, and one per `every` steps of the
    refinement loop (which reports each step)."""
    from .refine.status import is_step_report

    if is_step_report(stage, step, total, message) and step % every and step != total:
        return
    print(f"  [{stage} {step}/{total}] {message}", flush=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m backend", description="TextFace backend")
    parser.add_argument("--version", action="version", version=__version__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        p = sub.add_parser(info.name, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(_run=module.run, _parser=p)
    return parser


def _given_paths(args) -> dict[str, object]:
    """option (or argument name) -> value, for each value the user gave on the command line."""
    parser = getattr(args, "_parser", None)
    given = {}
    for action in parser._actions if parser is not None else ():
        value = getattr(args, action.dest, None)
        if isinstance(value, (list, tuple)):  # --data given twice, or the options a command passes on (REMAINDER)
            name = (action.option_strings or [action.dest])[-1]
            for before, v in zip([None, *value], value):
                option = before if isinstance(before, str) and before.startswith("-") else name
                given.setdefault(f"{option} {v}", v)
        elif value is not None and value is not action.default or action.option_strings == []:
            given[(action.option_strings or [action.dest])[-1]] = value
    return given


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except TextFaceError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:  # a path the user gave that a command's own checks let through (a name too
        from .paths import option_of_path  # long, a read-only disk): one line naming it, not a traceback

        option = option_of_path(exc.filename, _given_paths(args))
        if option is None:  # not the user's path: a fault of ours, the traceback helps a report
            raise
        print(f"error: {option.split(' ')[0]} {exc.filename}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
