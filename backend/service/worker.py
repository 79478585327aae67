"""The worker process: runs one job at a time and reports back over a pipe.

Messages to the worker:   ("run", job_id, kind, request, job_dir), ("cancel", job_id), ("stop",).
Messages from the worker: ("progress", job_id, stage, step, total, message, has_preview),
                          ("done", job_id, results), ("cancelled", job_id[, message]),
                          ("failed", job_id, message, error_type, traceback, user_error).
A job callable is `fn(request: dict, job_dir: Path, progress, cancel: StoppableCancel) -> dict` mapping
result names (npz, bundle, preview, json) to file names in job_dir/result.  A crash of the callable
is reported with its traceback; a crash of the whole process is noticed by the supervisor.
"""
from __future__ import annotations

import _thread
import contextlib
import io
import queue
import signal
import sys
import threading
import traceback
from pathlib import Path
from typing import Callable

from ..errors import Cancelled, TextFaceError
from ..io.atomic import sync_folder
from .store import RESULT_DIR, StorageError

JobFn = Callable[..., dict]
PREVIEW_NAME = "progress_preview.png"
# delivered by _thread.interrupt_main (no OS signal is sent): runs _on_stop on the main thread; where
# there is no SIGUSR1 (Windows) a stretch is not stopped early, only checked after
STOP_SIGNAL = getattr(signal, "SIGUSR1", None)


class StretchStopped(BaseException):
    """The stop raised inside a stretch.  A BaseException (as KeyboardInterrupt), so that library code that
    catches Exception (PIL's plugin probing, open_clip, numpy callbacks) lets it through instead of
    swallowing it (the job then ran on to the next check) or wrapping it in its own error (the job
    failed); the stretch turns it into Cancelled where it ends."""


class StoppableCancel(threading.Event):
    """A job's cancel event.  Besides being checked between stages and steps, `set` stops a job inside a
    `stoppable_stretch()` (a stage with no checks of its own, or too few: shape synthesis ~4 s, texture
    synthesis 20-50 s at 2048 px, refinement's set-up, the preview render, the files written) at once:
    a stop (StretchStopped, which `except Exception` does not catch) is raised on the main thread at its
    next Python instruction and leaves the stretch as Cancelled.

    A stretch writes files whole or not at all (the derived cache: a temporary file, removed when
    stopped; the head's files: a staging folder, removed when stopped).  What must not be cut in two is
    deferred, not cut: a module being imported (a half-run import of torch leaves the worker unable to
    import it again) and a `shielded()` block (a pipe message, a preview file); the stop lands
    RETRY_S after.  A stop that arrives just after the stretch ended is ignored and the next check sees
    the event set; each stretch is stopped once, so its clean-up on the way out is not cut short."""

    current: "StoppableCancel | None" = None  # the running job's, read by the signal handler

    def __init__(self):
        super().__init__()
        self._guard = threading.Lock()
        self.inside = False
        self.shield = 0  # depth of shielded() blocks on the main thread

    @contextlib.contextmanager
    def stoppable_stretch(self):
        if (STOP_SIGNAL is None or threading.current_thread() is not threading.main_thread()
                or signal.getsignal(STOP_SIGNAL) is not _on_stop or self.inside):
            yield  # not in a worker process (checked after the stage, as anywhere else), or already inside
            return
        StoppableCancel.current = self
        with self._guard:
            self.inside = True
        try:
            if self.is_set():
                raise Cancelled("cancelled")
            yield
        except StretchStopped:
            raise Cancelled("cancelled") from None
        except Cancelled:
            raise
        except Exception as exc:
            if self.is_set():  # an error raised because of the stop (a library that wrapped it): not a failure
                raise Cancelled("cancelled") from exc
            raise
        finally:
            with self._guard:
                self.inside = False
        if self.is_set():  # a stop swallowed whole (a bare except), or a cancel that came as the stretch ended
            raise Cancelled("cancelled")

    @contextlib.contextmanager
    def shielded(self):
        """A block a stop must not cut (it lands after it): the worker's pipe messages and preview file."""
        self.shield += 1
        try:
            yield
        finally:
            self.shield -= 1

    def set(self) -> None:
        super().set()
        with self._guard:
            if self.inside:
                _thread.interrupt_main(STOP_SIGNAL)


RETRY_S = 0.05  # a deferred stop is tried again this much later


def install_stop_handler() -> None:
    """Let stretches on this process's main thread be stopped (the worker does this at start)."""
    signal.signal(STOP_SIGNAL, _on_stop)


def _importing(frame) -> bool:
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib._bootstrap"):
            return True
        frame = frame.f_back
    return False


def _on_stop(signum, frame) -> None:
    # runs on the main thread between two instructions: no lock may be taken here (the main thread may
    # hold it), plain attribute reads and writes only
    event = StoppableCancel.current
    if event is None or not event.inside or not event.is_set():  # a late retry must not stop the next job
        return
    if event.shield or _importing(frame):
        retry = threading.Timer(RETRY_S, _thread.interrupt_main, (signum,))
        retry.daemon = True
        retry.start()
        return
    event.inside = False  # once: a second stop must not cut the clean-up the first one started
    raise StretchStopped("cancelled")


class JobFolderGone(Cancelled):
    """The job's folder was deleted while it ran (by hand, or the data folder with it): its files have
    nowhere to go and nobody could fetch them, so the job stops, as cancelled (not as a bug)."""


def _save_preview(job_dir: Path, image) -> bool:
    import numpy as np
    from PIL import Image

    from ..io.atomic import write_bytes

    array = np.asarray(image)
    if array.dtype != np.uint8 or array.ndim != 3 or array.shape[2] not in (3, 4):
        raise TextFaceError(f"progress preview must be (H, W, 3|4) uint8, got {array.dtype} {array.shape}")
    buf = io.BytesIO()
    Image.fromarray(array).save(buf, format="PNG")
    try:
        write_bytes(job_dir / PREVIEW_NAME, buf.getvalue())
    except OSError as exc:  # the disk's or the user's doing, not a bug: no traceback, one line
        if not job_dir.is_dir():
            raise JobFolderGone(f"cancelled: the job's folder {job_dir} was deleted while it ran") from None
        raise StorageError(f"cannot write the progress preview {job_dir / PREVIEW_NAME}: "
                           f"{exc.strerror or exc}") from None
    return True


class _Inbox:
    """Reads the command pipe on a thread so a cancel arrives while the job runs on the main thread."""

    def __init__(self, conn):
        self.conn = conn
        self.jobs: queue.Queue = queue.Queue()
        self.lock = threading.Lock()
        self.current: tuple[str, threading.Event] | None = None
        threading.Thread(target=self._read, name="textface-worker-inbox", daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                msg = self.conn.recv()
            except (EOFError, OSError):  # the service went away (crash, kill): stop the job at its next
                with self.lock:          # step instead of finishing a head nobody will fetch
                    if self.current is not None:
                        self.current[1].set()
                self.jobs.put(None)
                return
            if msg[0] == "run":
                event = StoppableCancel()
                with self.lock:  # set here, not on the main thread, so an early cancel is not lost
                    self.current = (msg[1], event)
                self.jobs.put((msg, event))
            elif msg[0] == "cancel":
                with self.lock:
                    if self.current is not None and self.current[0] == msg[1]:
                        self.current[1].set()
            elif msg[0] == "stop":
                self.jobs.put(None)
                return


def worker_main(cmd_conn, evt_conn, kinds: dict[str, JobFn], threads: int | None = None) -> None:
    """Entry point of the worker process (multiprocessing, spawn start method).  `threads`: CPU threads
    for torch/OpenMP, so that several workers share the cores instead of fighting over them."""
    if threads is not None:
        import os

        os.environ["OMP_NUM_THREADS"] = os.environ["MKL_NUM_THREADS"] = str(threads)
        if "torch" in sys.modules:
            sys.modules["torch"].set_num_threads(threads)
    if STOP_SIGNAL is not None:  # here, on the main thread, for the worker's life: no race with a stop
        install_stop_handler()
    try:
        _serve(_Inbox(cmd_conn), evt_conn, kinds)
    except (BrokenPipeError, EOFError, ConnectionResetError):  # the service is gone: nobody to report to
        return


def _serve(inbox: _Inbox, evt_conn, kinds: dict[str, JobFn]) -> None:
    while (item := inbox.jobs.get()) is not None:
        (_, job_id, kind, request, job_dir), cancel = item
        job_dir = Path(job_dir)

        def progress(stage, step, total, message="", preview=None, _job=job_id, _dir=job_dir, _cancel=cancel):
            with _cancel.shielded():  # called inside stretches too: a message cut in two would break the pipe
                has_preview = preview is not None and _save_preview(_dir, preview)
                evt_conn.send(("progress", _job, str(stage), int(step), int(total), str(message)[:500],
                               has_preview))

        try:
            results = kinds[kind](request, job_dir, progress, cancel)
            # on disk for good before the job is called done (its status is fsynced then too)
            sync_folder(job_dir / RESULT_DIR)
        except JobFolderGone as exc:
            evt_conn.send(("cancelled", job_id, str(exc)))
        except (Cancelled, StretchStopped):  # (a stop that landed as its stretch was being left is not turned)
            evt_conn.send(("cancelled", job_id))
        except TextFaceError as exc:  # the user's to fix: the message is enough, the trace is kept too
            evt_conn.send(("failed", job_id, str(exc), type(exc).__name__, traceback.format_exc(), True))
        except Exception as exc:  # noqa: BLE001 - a bug in the job: reported with its traceback, not hidden
            evt_conn.send(("failed", job_id, f"{type(exc).__name__}: {exc}", type(exc).__name__,
                           traceback.format_exc(), False))
        else:
            evt_conn.send(("done", job_id, dict(results)))
