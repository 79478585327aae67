"""Job store: one folder per job under DATA_DIR/jobs/<id>/ (request.json, status.json, result/).

Statuses are kept in memory (status calls never touch the disk) and written through atomically on
every change, so a crash at any moment leaves a readable job folder.  On start, `recover()` reads the
folders back: finished jobs keep their results, jobs that were running are marked failed (being
cancelled: cancelled), queued ones are handed back to be queued again.  A deleted job's folder is first renamed out of the way (one
atomic step, so a crash never leaves half a job that looks finished), then removed.

The ids of the last DELETED_KEPT deleted jobs (and who deleted them: a delete request or the old-job clean-up) are
kept in memory and in DATA_DIR/deleted_jobs.json, so asking for a deleted job says it was deleted, also after a
restart, while an id the service never had stays "no job with id".
"""
from __future__ import annotations

import json
import logging
import re
import shutil
import threading
import time
import uuid
from collections import OrderedDict
from pathlib import Path

from ..errors import TextFaceError
from ..io.atomic import write_json

log = logging.getLogger("textface.service")

JOB_ID_RE = re.compile(r"^[0-9a-f]{32}$")
RESULT_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TERMINAL = ("done", "failed", "cancelled")
STATES = ("queued", "running", "cancelling") + TERMINAL
TRASH_PREFIX = ".deleted-"
RESULT_DIR = "result"  # a job's result files, named in its status' "results"
RESTART_REASON = "the service stopped while this job was running (crash or restart); submit it again"
DELETED_FILE, DELETED_KEPT = "deleted_jobs.json", 1000  # beside jobs/ (jobs/ holds only job folders)
# who deleted a job -> how its 404 says it
DELETED_BY = {"request": "by submit --delete or a DELETE /v1/jobs call",
              "cleanup": "by the service's clean-up of old jobs: serve --keep-jobs / --max-job-age"}


class StorageError(TextFaceError):
    """The data folder cannot take a new job (deleted, full, read-only): HTTP 507."""


class UnknownJob(TextFaceError, KeyError):
    """No job with this id."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0])


class JobNotEnded(TextFaceError):
    """Deleting a job that is still queued or running (HTTP 409)."""


class BadJobId(TextFaceError, ValueError):
    """A job id that is not 32 lowercase hex digits (path-like ids never reach the disk)."""


def check_job_id(job_id: str) -> str:
    if not isinstance(job_id, str) or not JOB_ID_RE.match(job_id):
        raise BadJobId(f"job id must be 32 lowercase hexadecimal characters, got {str(job_id)[:80]!r}")
    return job_id


class JobStore:
    def __init__(self, data_dir: Path):
        self.root = Path(data_dir) / "jobs"
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._lock = threading.Lock()
        self._status: dict[str, dict] = {}
        self._unwritten: set[str] = set()  # jobs whose status.json could not be written (said once each)
        self._deleted_path = Path(data_dir) / DELETED_FILE
        self._deleted: OrderedDict[str, str] = _read_deleted(self._deleted_path)  # id -> DELETED_BY key, oldest first
        self._deleted_unwritten = False  # said once

    # -- paths ------------------------------------------------------------------------------------
    def job_dir(self, job_id: str) -> Path:
        return self.root / check_job_id(job_id)

    def result_path(self, job_id: str, name: str) -> Path | None:
        """Path of a finished job's result `name` (npz, bundle, preview, json), None if it has none."""
        status = self.get(job_id)
        filename = status["results"].get(name)
        if filename is None:
            return None
        path = self.job_dir(job_id) / RESULT_DIR / filename
        return path if path.is_file() else None

    def preview_path(self, job_id: str) -> Path | None:
        self.get(job_id)
        path = self.job_dir(job_id) / "progress_preview.png"
        return path if path.is_file() else None

    # -- records ----------------------------------------------------------------------------------
    def create(self, kind: str, request: dict, summary: str) -> dict:
        """A new queued job's folder and status; StorageError (one sentence) when the data folder cannot
        hold it, with nothing left behind."""
        job_id = uuid.uuid4().hex
        folder = self.job_dir(job_id)
        try:
            # deleted while the service ran (a clean-up by hand): made again, as at start
            self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
            folder.mkdir(mode=0o700)
        except OSError as exc:
            raise StorageError(f"the service cannot create a job in its data folder {self.root}: "
                               f"{exc.strerror or exc}") from None
        try:
            write_json(folder / "request.json", {"kind": kind, **request}, durable=True)
        except OSError as exc:  # a full disk: no half job stays behind
            shutil.rmtree(folder, ignore_errors=True)
            raise StorageError(f"the service cannot write a job into its data folder {self.root}: "
                               f"{exc.strerror or exc}") from None
        status = {"id": job_id, "kind": kind, "state": "queued", "summary": summary[:120],
                  "created": time.time(), "started": None, "finished": None, "stage": "", "step": 0,
                  "total": 0, "message": "waiting in the queue", "preview": False, "preview_count": 0, "results": {},
                  "error": None, "worker_pid": None}
        with self._lock:
            self._status[job_id] = status
            self._write(job_id, status, durable=True)
        return dict(status)

    def read_request(self, job_id: str) -> dict:
        return json.loads((self.job_dir(job_id) / "request.json").read_text(encoding="utf-8"))

    def get(self, job_id: str) -> dict:
        check_job_id(job_id)
        with self._lock:
            status = self._status.get(job_id)
            if status is None:
                raise self._unknown(job_id)
            return dict(status)

    def list(self, state: str | None = None, limit: int | None = 100) -> list[dict]:
        """Statuses, newest first; `limit` None: all."""
        with self._lock:
            rows = [dict(s) for s in self._status.values() if state is None or s["state"] == state]
        rows.sort(key=lambda s: s["created"], reverse=True)
        return rows[:limit]

    def _unknown(self, job_id: str) -> UnknownJob:
        """The 404 of an id with no job: deleted (and by whom) or never known."""
        how = self._deleted.get(job_id)
        if how is None:
            return UnknownJob(f"no job with id {job_id}")
        return UnknownJob(f"job {job_id} was deleted ({DELETED_BY[how]})")

    def delete(self, job_id: str, by: str = "request") -> None:
        """Delete an ended job: gone from memory and (atomically, by a rename) from the job folders; its id is
        recorded as deleted `by` (DELETED_BY)."""
        self._delete(job_id, by)
        self._save_deleted()

    def _delete(self, job_id: str, by: str) -> None:
        folder = self.job_dir(job_id)
        with self._lock:
            status = self._status.get(job_id)
            if status is None:
                raise self._unknown(job_id)
            if status["state"] not in TERMINAL:
                raise JobNotEnded(f"job {job_id} is being cancelled; delete it once it has stopped"
                                  if status["state"] == "cancelling" else
                                  f"job {job_id} is {status['state']}; cancel it first")
            trash = self.root / f"{TRASH_PREFIX}{job_id}"
            try:
                folder.rename(trash)  # under the lock: a status write of this job cannot race the rename
            except FileNotFoundError:  # its folder was deleted by hand (the data folder with it): nothing to remove
                del self._status[job_id]
                self._note_deleted(job_id, by)
                return
            del self._status[job_id]
            self._note_deleted(job_id, by)
        _remove(trash)

    def _note_deleted(self, job_id: str, by: str) -> None:
        """(under the lock) Remember a deleted id, the last DELETED_KEPT only."""
        self._deleted.pop(job_id, None)
        self._deleted[job_id] = by
        while len(self._deleted) > DELETED_KEPT:
            self._deleted.popitem(last=False)

    def _save_deleted(self) -> None:
        """Write the deleted ids through (once per delete call or prune).  A write that fails is logged once, never
        raised: the job is deleted either way; only a restarted service would call its id unknown."""
        with self._lock:
            record = {"version": 1, "deleted": [[k, v] for k, v in self._deleted.items()]}
            try:
                write_json(self._deleted_path, record, durable=False)
            except OSError as exc:
                if not self._deleted_unwritten:
                    self._deleted_unwritten = True
                    log.error("could not write the deleted jobs' ids to %s (%s); after a restart they read as "
                              "unknown ids", self._deleted_path, exc.strerror or exc)
                return
            self._deleted_unwritten = False

    def prune(self, keep: int | None, max_age_s: float | None, now: float | None = None) -> list[str]:
        """Delete ended jobs beyond the newest `keep` or that ended more than `max_age_s` ago (None: no
        limit).  Queued and running jobs are never touched.  Returns the deleted ids."""
        now = time.time() if now is None else now
        with self._lock:
            ended = [s for s in self._status.values() if s["state"] in TERMINAL]
        ended.sort(key=lambda s: s["finished"] or s["created"], reverse=True)
        doomed = [s["id"] for k, s in enumerate(ended)
                  if (keep is not None and k >= keep)
                  or (max_age_s is not None and now - (s["finished"] or s["created"]) > max_age_s)]
        deleted = []
        for job_id in doomed:
            try:
                self._delete(job_id, "cleanup")
            except UnknownJob:  # deleted by a DELETE call meanwhile
                continue
            deleted.append(job_id)
        if deleted:
            self._save_deleted()
        return deleted

    def update(self, job_id: str, **fields) -> dict:
        """Change fields of a job's status and write it through (fsync when it becomes terminal)."""
        with self._lock:
            status = self._status.get(job_id)
            if status is None:
                raise UnknownJob(f"no job with id {job_id} (deleted)")
            if status["state"] in TERMINAL:  # a late message after a forced stop changes nothing
                return dict(status)
            status.update(fields)
            if status["state"] in TERMINAL and status["finished"] is None:
                status["finished"] = time.time()
            self._write(job_id, status, durable=status["state"] in TERMINAL)
            return dict(status)

    def _write(self, job_id: str, status: dict, durable: bool) -> None:
        """Write a status through.  The status in memory is what the API answers; a write that fails
        (the data folder deleted or full) is logged once per job, never raised: raised, it would stop the
        slot thread that reports the job, and every job after it would wait in the queue for ever."""
        try:
            write_json(self.job_dir(job_id) / "status.json", status, durable=durable)
        except OSError as exc:
            if job_id not in self._unwritten:
                self._unwritten.add(job_id)
                log.error("could not write the status of job %s to %s (%s); the service goes on, but a "
                          "restart will not know this job's state", job_id, self.job_dir(job_id),
                          exc.strerror or exc)
            return
        self._unwritten.discard(job_id)

    def fail(self, job_id: str, message: str, error_type: str, traceback: str = "",
             user_error: bool = False) -> dict:
        """`user_error`: bad input the user can fix (a TextFaceError), not a fault of the service."""
        return self.update(job_id, state="failed", message=message, worker_pid=None,
                           error={"message": message, "type": error_type, "traceback": traceback,
                                  "user_error": user_error})

    # -- restart ----------------------------------------------------------------------------------
    def recover(self) -> list[str]:
        """Load every job folder; mark interrupted jobs failed; remove what dead workers left in them
        (service/leftovers.py); return queued ids, oldest first."""
        from .leftovers import remove_leftovers  # (it imports this module)

        queued = []
        for leftover in self.root.glob(f"{TRASH_PREFIX}*"):  # a delete the last run did not finish
            _remove(leftover)
        for folder in sorted(self.root.iterdir()):
            if not JOB_ID_RE.match(folder.name) or not folder.is_dir():
                continue  # temporary files and foreign entries are not jobs
            try:
                status = json.loads((folder / "status.json").read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                log.warning("job folder %s has no readable status.json (%s); left out", folder, exc)
                continue
            if status.get("id") != folder.name or status.get("state") not in STATES:
                log.warning("job folder %s holds a foreign status.json; left out", folder)
                continue
            with self._lock:
                self._status[folder.name] = status
            if status["state"] == "running":
                self.fail(folder.name, RESTART_REASON, "ServiceRestarted")
            elif status["state"] == "cancelling":  # it was asked to stop, and it did stop
                self.update(folder.name, state="cancelled", worker_pid=None,
                            message="cancelled (the service stopped while the job was stopping)")
            elif status["state"] == "queued":
                queued.append(folder.name)
            # a worker killed while writing (with the service, or before it restarted) left these
            remove_leftovers(folder, self._status[folder.name]["state"])
        queued.sort(key=lambda j: self._status[j]["created"])
        return queued


def _read_deleted(path: Path) -> OrderedDict[str, str]:
    """The deleted ids a previous run recorded (oldest first); none when there is no record.  An unreadable record
    is logged and left out (its ids then read as unknown): it only words a 404."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return OrderedDict()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        log.warning("the deleted jobs' record %s is unreadable (%s); left out", path, exc)
        return OrderedDict()
    rows = record.get("deleted") if isinstance(record, dict) else None
    if not isinstance(rows, list):
        log.warning("the deleted jobs' record %s is not one this service writes; left out", path)
        return OrderedDict()
    out = OrderedDict((row[0], row[1]) for row in rows
                      if isinstance(row, list) and len(row) == 2 and isinstance(row[0], str)
                      and JOB_ID_RE.match(row[0]) and row[1] in DELETED_BY)
    while len(out) > DELETED_KEPT:
        out.popitem(last=False)
    return out


def _remove(folder: Path) -> None:
    try:
        shutil.rmtree(folder)
    except OSError as exc:  # the job is already gone from the service; recover() retries at next start
        log.warning("could not remove the deleted job folder %s: %s", folder, exc)
