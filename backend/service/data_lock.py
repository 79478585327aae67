"""One service per data folder.  Two services on one folder would each take the other's jobs for their own:
at start one marks the other's running jobs failed and runs its queued ones a second time, and each one's
clean-up deletes jobs the other still serves.  `serve` therefore holds an exclusive lock on
DATA_DIR/service.lock for its life; the operating system drops it when the process ends, however it ends
(kill -9 included), so a restart after a crash is never refused.
"""
from __future__ import annotations

import os
import time
from pathlib import Path

from ..errors import TextFaceError

LOCK_NAME = "service.lock"


class DataDirInUse(TextFaceError):
    """Another service holds the data folder."""


def hold_data_dir(folder: Path, holder: str, wait_s: float = 3.0):
    """Lock `folder` for this process (the returned open file holds it: keep it); DataDirInUse, naming the
    other service as its lock file says, when another holds it still after `wait_s` seconds (a service
    being restarted may take a moment to let go).  `holder`: how this service is named to the next one."""
    path = Path(folder) / LOCK_NAME
    f = open(path, "a+", encoding="utf-8")
    try:
        deadline = time.monotonic() + wait_s
        while not _try_lock(f):
            if time.monotonic() > deadline:
                f.seek(0)
                other = f.read(300).strip() or "it did not say which"
                raise DataDirInUse(f"data folder {folder} is in use by another TextFace service ({other}); "
                                   "use that one, stop it first, or give this one another --data-dir")
            time.sleep(0.1)
        f.seek(0)
        f.truncate()
        f.write(f"pid {os.getpid()}, {holder}\n")
        f.flush()
    except BaseException:
        f.close()
        raise
    return f


def _try_lock(f) -> bool:
    if os.name == "nt":
        import msvcrt

        try:
            f.seek(1 << 20)  # a byte past the holder's line: a locked byte cannot be read by the next service
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True
