"""The shared end of the quality reports (`python -m backend eval TARGET`): print each named check
as PASS / FAIL, write the figures as JSON when asked, and give the exit status (1 if one failed).

The --json path is checked with `json_out_path` before an evaluation starts (a run of minutes must not
end in a traceback that loses its figures) and written with `write_json`: whole or not at all."""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path


def _user_error(message: str) -> Exception:
    from .cli import UserError

    return UserError(message)


class OptionParser(argparse.ArgumentParser):
    """argparse with the project's error style: a bad option is one line and exit status 2 (a UserError),
    not a usage block; --help still prints the usage."""

    def error(self, message):
        raise _user_error(f"{message} (see {self.prog} --help)")


def json_out_path(path, option: str = "--json") -> Path | None:
    """The --json target as a Path (None when not asked), or a UserError when it cannot be written:
    a folder, or a file whose folder is missing or not writable, or whose name is too long."""
    from .paths import name_limit

    if path is None or str(path) == "":
        return None
    p = Path(path).expanduser()
    try:  # stat can fail on a name too long for the file system, or a folder that cannot be searched
        if p.is_dir():
            raise _user_error(f"{option} {path} is a folder; give a file name, e.g. {p / 'report.json'}")
        parent = p.parent
        if not parent.exists():
            raise _user_error(f"{option} {path}: folder {parent} does not exist")
        if not parent.is_dir():
            raise _user_error(f"{option} {path}: {parent} is not a folder")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise _user_error(f"{option} {path}: folder {parent} is not writable")
    except OSError as exc:
        raise _user_error(f"{option} {path}: {exc.strerror or exc}") from None
    name_max = name_limit(parent)
    if name_max and len(os.fsencode(p.name)) > name_max:
        raise _user_error(f"{option} {path}: file name too long (this file system allows {name_max} bytes)")
    return p


def write_json(path, data, indent: int | None = 1) -> Path:
    """Write `data` as JSON whole or not at all: serialised first, then written to a temporary file
    beside `path` and renamed over it (`io.atomic`; the file gets the usual umask mode)."""
    from .io.atomic import write_bytes

    text = json.dumps(data, indent=indent) + "\n"
    return write_bytes(Path(path).expanduser(), text.encode("utf-8"))


def int_in(lo: int, hi: int | None = None):
    """argparse type: an integer in lo..hi (hi None: no upper bound), else a one-line usage error."""
    span = f"in {lo}..{hi}" if hi is not None else f">= {lo}"

    def parse(text: str) -> int:
        try:
            v = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected an integer {span}, got {text!r}") from None
        if v < lo or (hi is not None and v > hi):
            raise argparse.ArgumentTypeError(f"must be {span}, got {v}")
        return v

    parse.__name__ = "integer"
    return parse


def int_list_in(lo: int, hi: int):
    """argparse type: comma-separated integers, each in lo..hi."""
    one = int_in(lo, hi)

    def parse(text: str) -> list[int]:
        items = [x.strip() for x in text.split(",")]
        if not items or any(not x for x in items):
            raise argparse.ArgumentTypeError(f"expected comma-separated integers in {lo}..{hi}, got {text!r}")
        return [one(x) for x in items]

    parse.__name__ = "list of integers"
    return parse


def finish(ok: dict[str, bool], report: dict, json_out: str | None, indent: int = 1) -> int:
    for name, passed in ok.items():
        print(f"  {'PASS' if passed else 'FAIL'}  {name}")
    report["checks"] = ok
    if json_out:
        write_json(json_out, report, indent=indent)
    return 0 if all(ok.values()) else 1
