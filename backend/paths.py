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


def os_problem(exc: OSError) -> str:
    """An OSError as the few words a user acts on ("File name too long"), without errno or repr."""
    return exc.strerror or str(exc)


def exists(p: Path, what: str) -> bool:
    """Path.exists, but an OSError other than "missing" (a name too long for the file system, a
    folder that cannot be searched) is a PathError naming the path, not a traceback."""
    try:
        return p.exists()
    except OSError as exc:
        raise PathError(f"{what} {p}: {os_problem(exc)}") from None


def existing_file(path: str | os.PathLike, what: str = "file", suffixes: tuple[str, ...] = ()) -> Path:
    """Validate a user-given input file: exists, is a regular file, has an allowed suffix."""
    if path is None or str(path).strip() == "":
        raise PathError(f"no {what} path given")
    if "\x00" in str(path):
        raise PathError(f"{what} path contains a NUL character")
    p = Path(path).expanduser()
    if not exists(p, what):
        raise PathError(f"{what} not found: {p}")
    if not p.is_file():
        raise PathError(f"{what} is not a regular file: {p}")
    if suffixes and not any(p.name.lower().endswith(s) for s in suffixes):
        raise PathError(f"{what} must end with one of {', '.join(suffixes)}: {p}")
    try:
        return p.resolve()
    except OSError as exc:
        raise PathError(f"{what} {p}: {os_problem(exc)}") from None


def creatable_dir(p: Path, what: str) -> Path:
    """Check, creating nothing, that folder `p` (absolute) exists or can be made: the nearest existing
    folder on its way is a folder we may write in, and each missing name fits the file system.  So a
    command whose output cannot be written fails before its work, not after minutes of it."""
    for q in (p, *p.parents):
        if exists(q, what):
            break
    if not q.is_dir():
        raise PathError(f"{what} {p}: {q} exists and is not a folder")
    missing = p.relative_to(q).parts
    name_max = name_limit(q)
    for name in missing:
        if name_max and len(os.fsencode(name)) > name_max:
            raise PathError(f"{what} {p}: file name too long ({name[:12]}... is {len(os.fsencode(name))} "
                            f"bytes; this file system allows {name_max})")
    if not os.access(q, os.W_OK | os.X_OK):  # also a read-only file system, where even root may not write
        why = "is on a read-only file system" if _read_only(q) else "is not writable"
        raise PathError(f"{what} {p}: {'it' if q == p else 'folder ' + str(q)} {why}")
    return p


def name_limit(folder) -> int | None:
    """The longest file name (bytes) `folder`'s file system allows; None where it does not say (Windows
    has no pathconf: there the write itself says)."""
    try:
        return os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else None
    except (OSError, ValueError):
        return None


def _read_only(p: Path) -> bool:
    if not hasattr(os, "statvfs"):  # Windows: "not writable" says enough
        return False
    try:
        return bool(os.statvfs(p).f_flag & os.ST_RDONLY)
    except OSError:
        return False


def output_dir(path: str | os.PathLike, what: str = "output folder") -> Path:
    """Validate (and create) a user-given output folder."""
    if path is None or str(path).strip() == "":
        raise PathError(f"no {what} given")
    if "\x00" in str(path):
        raise PathError(f"{what} path contains a NUL character")
    p = creatable_dir(Path(path).expanduser().absolute(), what)
    try:
        p.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise PathError(f"cannot create {what} {p}: {os_problem(exc)}") from exc
    return p.resolve()


def option_of_path(filename, given: dict[str, object]) -> str | None:
    """The option (of `given`: option -> the value the user gave) whose path `filename` is or lies in;
    None when it is no user path."""
    if not filename:
        return None
    try:
        target = os.path.abspath(os.path.expanduser(os.fsdecode(filename)))
    except (TypeError, ValueError):
        return None
    best, best_len = None, -1
    for option, value in given.items():
        if not isinstance(value, (str, os.PathLike)) or str(value).strip() == "" or "\x00" in str(value):
            continue
        root = os.path.abspath(os.path.expanduser(os.fspath(value)))
        if (target == root or target.startswith(root.rstrip(os.sep) + os.sep)) and len(root) > best_len:
            best, best_len = option, len(root)  # the deepest: --out ~ must not claim ~/.cache/textface
    return best
