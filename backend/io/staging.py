"""Write a command's result as a whole or not at all.

A result is written into a fresh folder beside its target (same parent, so moving it is a rename) and
moved into place only once every file is there.  Any failure removes the staging folder and every
folder the write created, so a failed command leaves nothing behind and an earlier result in the same
folder stays as it was.
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import TextFaceError
from ..paths import PathError, creatable_dir
from .pids import pid_alive


class OutputError(TextFaceError):
    """An output folder that cannot be written (not a folder, permission denied, disk full...)."""


def check_output_dir(path: str | os.PathLike | None, what: str = "output folder") -> Path:
    """Validate a user-given output folder without creating anything (so a later failure leaves no trace)."""
    if path is None or str(path).strip() == "":
        raise OutputError(f"no {what} given")
    if "\x00" in str(path):
        raise OutputError(f"{what} path contains a NUL character")
    try:  # the nearest existing folder must be one we may write in: a/file/b can never be made
        return creatable_dir(Path(path).expanduser().absolute(), what)
    except PathError as exc:
        raise OutputError(str(exc)) from None


@contextlib.contextmanager
def made_dirs(path: Path) -> Iterator[Path]:
    """mkdir -p `path`; should that or the block fail, remove the folders this call created (only
    those: one another writer made meanwhile, or that holds files that are not ours, stays)."""
    created: list[Path] = []
    try:
        _make_dirs(path, created)
        yield path
    except BaseException:
        _remove_empty(created)
        raise


def _remove_empty(dirs: list[Path]) -> None:
    """rmdir deepest first; a folder someone else has meanwhile put files into is left alone."""
    for d in sorted(dirs, key=lambda q: len(q.parts), reverse=True):
        with contextlib.suppress(OSError):  # gone already, or holds files that are not ours: keep them
            d.rmdir()


def _make_dirs(path: Path, created: list[Path]) -> None:
    """mkdir -p that records each folder it creates in `created` (as it goes: a failure half way
    must still clean up what was made)."""
    for q in reversed((path, *path.parents)):
        if not q.exists():
            try:
                q.mkdir()
            except FileExistsError:  # made by another writer meanwhile: theirs, not ours to remove
                continue
            created.append(q)


@contextlib.contextmanager
def staged_output(out: str | os.PathLike, replaces: Iterable[str] = (), what: str = "output folder"
                  ) -> Iterator[Path]:
    """Yield an empty staging folder; when the block ends normally its files become `out`'s.

    `out` is created if missing (with its parents).  In an existing folder the staged files replace
    those of the same name, and the names in `replaces` that this result does not write are removed
    (a stale file of an earlier result would not match the new one); any other file of the user's is
    kept.  On any failure nothing changes: the staging folder and every folder made for it are removed
    and OSError becomes an OutputError naming `out`.
    """
    out = check_output_dir(out, what)
    try:
        _remove_stale_stages(out)
        with made_dirs(out.parent):
            # beside a new folder (renamed into place whole), inside an existing one (its files are moved
            # one by one: inside, they never cross a file system, even when `out` is a mount point)
            home = out if out.is_dir() and not out.is_symlink() else out.parent
            stage = home / f".{out.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp"
            stage.mkdir()  # not mkdtemp: a folder renamed into place should get the user's usual mode
            try:
                yield stage
                _commit(stage, out, set(replaces))
            finally:  # failed: all of it; done into an existing folder: the files it replaced
                if stage.exists():
                    shutil.rmtree(stage)
    except OSError as exc:
        raise OutputError(f"cannot write {what} {out}: {exc.strerror or exc}") from exc


def _remove_stale_stages(out: Path) -> None:
    """Remove the staging folders of `out` that a killed writer left behind (its pid is gone); a
    running writer's stays."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(\d+)-[0-9a-f]{{8}}\.tmp")
    for home in (out.parent, out):
        try:
            names = os.listdir(home)
        except OSError:  # missing, not a folder, unreadable: nothing of ours to clean there
            continue
        for name in names:
            m = pattern.fullmatch(name)
            stale = home / name
            if m and stale.is_dir() and not stale.is_symlink() and not pid_alive(int(m.group(1))):
                shutil.rmtree(stale, ignore_errors=True)  # best effort: a leftover is hidden, not harmful


def _commit(stage: Path, out: Path, replaces: set[str]) -> None:
    if stage.parent == out:  # staged inside: move the files
        _swap_files(stage, out, replaces)
        return
    if not os.path.lexists(out):
        try:
            os.rename(stage, out)  # a new folder: appears whole, at once
            return
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise  # created by someone else meanwhile: merge into it below
    if not out.is_dir():
        raise OutputError(f"output folder {out} exists and is not a folder")
    _swap_files(stage, out, replaces)


def _swap_files(stage: Path, out: Path, replaces: set[str]) -> None:
    """Move the staged files into `out`, the ones they replace into the stage; undone on failure."""
    new = sorted(p.name for p in stage.iterdir())
    stale = sorted(n for n in replaces - set(new) if os.path.lexists(out / n))
    for n in new + stale:
        if (out / n).is_dir() and not (out / n).is_symlink():
            raise OutputError(f"{out / n} is a folder; move it away or choose another output folder")
    backup = stage / f".replaced-{secrets.token_hex(4)}"
    backup.mkdir()
    done: list[tuple[str, bool, bool]] = []  # (name, old one moved to backup, new one moved in)
    try:
        for n in new:
            had_old = os.path.lexists(out / n)
            if had_old:
                os.replace(out / n, backup / n)
            done.append((n, had_old, False))
            os.replace(stage / n, out / n)
            done[-1] = (n, had_old, True)
        for n in stale:
            os.replace(out / n, backup / n)
            done.append((n, True, False))
    except BaseException:
        for n, had_old, moved_in in reversed(done):
            if moved_in:
                os.replace(out / n, stage / n)
            if had_old:
                os.replace(backup / n, out / n)
        raise
