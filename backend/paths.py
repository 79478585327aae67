"""User cache/data folders and validation of user-given paths.

Caches (the installed ICT model) live in TEXTFACE_CACHE_DIR, default $XDG_CACHE_HOME/textface or
~/.cache/textface; user data (service jobs, tokens, trained weights) in TEXTFACE_DATA_DIR, default
$XDG_DATA_HOME/textface or ~/.local/share/textface.  Nothing is read at import time.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import TextFaceError


class PathError(TextFaceError, ValueError):
    """A user-given path that cannot be used; the message says why."""


def cache_dir() -> Path:
    env = os.environ.get("TEXTFACE_CACHE_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "textface"


def data_dir() -> Path:
    env = os.environ.get("TEXTFACE_DATA_DIR")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "textface"


def existing_file(path: str | os.PathLike, what: str = "file", suffixes: tuple[str, ...] = ()) -> Path:
    """Validate a user-given input file: exists, is a regular file, has an allowed suffix."""
    if path is None or str(path).strip() == "":
        raise PathError(f"no {what} path given")
    if "\x00" in str(path):
        raise PathError(f"{what} path contains a NUL character")
    p = Path(path).expanduser()
    if not p.exists():
        raise PathError(f"{what} not found: {p}")
    if not p.is_file():
        raise PathError(f"{what} is not a regular file: {p}")
    if suffixes and not any(p.name.lower().endswith(s) for s in suffixes):
        raise PathError(f"{what} must end with one of {', '.join(suffixes)}: {p}")
    return p.resolve()


def output_dir(path: str | os.PathLike, what: str = "output folder") -> Path:
    """Validate (and create) a user-given output folder."""
    if path is None or str(path).strip() == "":
        raise PathError(f"no {what} given")
    if "\x00" in str(path):
        raise PathError(f"{what} path contains a NUL character")
    p = Path(path).expanduser()
    if p.exists() and not p.is_dir():
        raise PathError(f"{what} exists and is not a folder: {p}")
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PathError(f"cannot create {what} {p}: {exc.strerror}") from exc
    return p.resolve()
