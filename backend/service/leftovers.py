"""What a killed worker leaves in a job's folder, and its removal.

A worker killed during the write stage (kill -9, out of memory, a cancel forced after its grace) leaves the
staging folder of the job's result, `.result.<pid>-<8 hex>.tmp` (backend/io/staging.py names it so: a whole
head's files, ~30 MB), and may leave the temporary file of an atomic write, `.<name>.<pid>.tmp`
(backend/io/atomic.py: a progress preview), or a `result/` folder of a job that did not end done (its
bundle half packed).  Nothing serves them and only deleting the job removed them.

Only these names directly inside a job folder (`jobs/<32 hex digits>/`) are touched, and a temporary
entry only once the process its name holds is gone, so a running writer's work and anything else in the
folder stay.  `result/` goes only for a job that ended failed or cancelled (the API serves no results then).
"""
from __future__ import annotations

import logging
import re
import shutil
from pathlib import Path

from ..io.pids import pid_alive
from .store import RESULT_DIR, TERMINAL

log = logging.getLogger("textface.service")

STAGE_RE = re.compile(rf"\.{re.escape(RESULT_DIR)}\.(\d+)-[0-9a-f]{{8}}\.tmp")  # staged_output's, for result/
ATOMIC_TMP_RE = re.compile(r"\.[A-Za-z0-9_][A-Za-z0-9_.-]*\.(\d+)\.tmp")  # io.atomic.replaced's


def remove_leftovers(job_dir: Path, state: str) -> list[str]:
    """Remove what dead writers left in `job_dir` (and its `result/` when `state` is failed or cancelled);
    returns the names removed.  Never raises: a leftover that cannot be removed is logged and kept."""
    removed = []
    try:
        entries = list(Path(job_dir).iterdir())
    except OSError:  # the folder is gone (deleted by hand) or unreadable: nothing of ours to clean there
        return removed
    for entry in entries:
        if entry.is_symlink():  # never ours: we write no links
            continue
        if entry.name == RESULT_DIR and state in ("failed", "cancelled") and entry.is_dir():
            pass
        elif (m := STAGE_RE.fullmatch(entry.name)) and entry.is_dir():
            if pid_alive(int(m.group(1))):
                continue
        elif (m := ATOMIC_TMP_RE.fullmatch(entry.name)) and entry.is_file():
            if pid_alive(int(m.group(1))):
                continue
        else:
            continue
        try:
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        except OSError as exc:
            log.warning("could not remove %s, left by a worker that died: %s", entry, exc)
            continue
        removed.append(entry.name)
    if removed:
        log.info("removed what a dead worker left in %s: %s", job_dir, ", ".join(sorted(removed)))
    return removed


def sweep_leftovers(store, busy) -> dict[str, list[str]]:
    """remove_leftovers in the folder of every ended job (done, failed, cancelled) that no worker slot holds
    (`busy()`: their ids): a queued, running or cancelling job's folder is never looked into.  Returns {job id:
    names removed}."""
    ended = [s for s in store.list(limit=None) if s["state"] in TERMINAL]
    held = busy()  # asked after the states were read: a slot that let go of an ended job had finished its clean-up
    swept = {}
    for status in ended:
        if status["id"] not in held:
            removed = remove_leftovers(store.job_dir(status["id"]), status["state"])
            if removed:
                swept[status["id"]] = removed
    return swept
