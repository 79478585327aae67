"""Supervisor: a bounded queue of job ids and worker slots, each driving one worker process.

The HTTP side only touches the queue and the store (fast, under short locks); each slot thread sends
a job to its process and turns the messages that come back into status updates.  A process that dies
mid-job (killed, out of memory, segfault) fails that job with the reason and is started afresh for
the next one; the service itself keeps answering.
"""
from __future__ import annotations

import collections
import logging
import multiprocessing
import os
import signal
import threading
import time
from typing import Callable

from ..errors import TextFaceError
from .leftovers import remove_leftovers
from .store import RESULT_NAME_RE, TERMINAL, JobStore
from .worker import JobFn, worker_main

log = logging.getLogger("textface.service")


class QueueFull(TextFaceError):
    """The job queue is at capacity (HTTP 429)."""


class NotCancellable(TextFaceError):
    """The job already finished (HTTP 409)."""


class Stopping(TextFaceError):
    """The service is shutting down and takes no new jobs (HTTP 503)."""


def _exit_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "it stopped answering"
    if exitcode < 0:
        try:
            return f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit status {exitcode}"


class _Slot:
    """One worker process and the thread that feeds it jobs."""

    def __init__(self, sup: "Supervisor", index: int):
        self.sup, self.index = sup, index
        self.proc = None
        self.cmd = self.evt = None
        self.send_lock = threading.Lock()
        self.job_id: str | None = None
        self.cancel_at: float | None = None
        self.thread = threading.Thread(target=self._loop, name=f"textface-slot-{index}", daemon=True)

    # -- process ----------------------------------------------------------------------------------
    def _ensure_process(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            return
        self._close()
        ctx = self.sup.mp
        cmd_r, cmd_w = ctx.Pipe(duplex=False)
        evt_r, evt_w = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=worker_main, args=(cmd_r, evt_w, self.sup.kinds, self.sup.threads),
                           name=f"textface-worker-{self.index}", daemon=True)
        proc.start()
        cmd_r.close()  # the child holds these ends; closing ours makes its death an EOF here
        evt_w.close()
        self.proc, self.cmd, self.evt = proc, cmd_w, evt_r

    def _close(self) -> None:
        with self.send_lock:
            for conn in (self.cmd, self.evt):
                if conn is not None:
                    conn.close()
            self.cmd = None
        if self.proc is not None:
            self.proc.join(timeout=5)
        self.proc = self.cmd = self.evt = None

    def send(self, msg: tuple) -> None:
        with self.send_lock:
            if self.cmd is not None:
                self.cmd.send(msg)

    def kill(self) -> None:
        proc = self.proc  # the slot thread may swap it; act on the one seen here
        if proc is not None and proc.is_alive():
            proc.kill()
            proc.join(timeout=5)

    def stop(self) -> None:
        """Ask the worker to exit after its job; kill it if it is still busy 2 s later."""
        proc = self.proc
        if proc is not None and proc.is_alive():
            try:
                self.send(("stop",))
            except (BrokenPipeError, OSError):  # already gone: nothing to stop
                pass
            proc.join(timeout=2)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)

    # -- jobs -------------------------------------------------------------------------------------
    def _loop(self) -> None:
        while (job_id := self.sup._next_job(self)) is not None:
            try:
                self._run(job_id)
            except Exception as exc:  # noqa: BLE001 - a slot must outlive a bug, or its worker is lost
                log.exception("slot %d failed on job %s", self.index, job_id)
                try:
                    self.sup.store.fail(job_id, f"the service failed running this job: {exc!r}", "ServiceError")
                except TextFaceError:  # the job was deleted meanwhile
                    pass
            finally:
                with self.sup.lock:
                    self.job_id, self.cancel_at = None, None
                if self.sup.on_job_end is not None:
                    self.sup.on_job_end()

    def _run(self, job_id: str) -> None:
        store = self.sup.store
        try:
            request = store.read_request(job_id)
            self._ensure_process()
            with self.sup.lock:  # a cancel that came while the process started wins
                if self.cancel_at is not None:
                    store.update(job_id, state="cancelled", message="cancelled before it started")
                    return
                store.update(job_id, state="running", started=time.time(), worker_pid=self.proc.pid,
                             message="starting")
                self.send(("run", job_id, request["kind"], request, str(store.job_dir(job_id))))
        except (OSError, ValueError) as exc:
            store.fail(job_id, f"could not start the job: {exc}", type(exc).__name__)
            return
        while True:
            if self.evt.poll(0.2):
                try:
                    msg = self.evt.recv()
                except (EOFError, OSError):
                    self._died(job_id)
                    return
                if self._handle(job_id, msg):
                    return
            elif not self.proc.is_alive():
                self._died(job_id)
                return
            elif self.cancel_at is not None and time.monotonic() > self.cancel_at:
                self.kill()
                store.update(job_id, state="cancelled", worker_pid=None,
                             message=f"cancelled; the job did not stop within {self.sup.cancel_grace_s:g} s, "
                                     "so its worker process was stopped")
                remove_leftovers(store.job_dir(job_id), "cancelled")
                return

    def _handle(self, job_id: str, msg: tuple) -> bool:
        """Apply one message; True when the job is over."""
        store, kind = self.sup.store, msg[0]
        if msg[1] != job_id:
            log.error("worker sent %r for job %s while running %s", kind, msg[1], job_id)
            return False
        if kind == "progress":
            _, _, stage, step, total, message, has_preview = msg
            fields = {"stage": stage, "step": step, "total": total, "message": message}
            status = store.get(job_id)
            if has_preview:  # the worker wrote the file before this message: the count never runs ahead of it
                fields["preview"] = True
                fields["preview_count"] = status.get("preview_count", 0) + 1
            if status["state"] == "cancelling":
                fields.pop("message")
            store.update(job_id, **fields)
            return False
        if kind == "done":
            results = msg[2]
            bad = [f"{k}={v!r}" for k, v in results.items() if not (isinstance(v, str) and RESULT_NAME_RE.match(v))]
            if bad:
                store.fail(job_id, f"job returned unusable result names: {', '.join(bad)}", "BadResult")
            else:
                total = max(store.get(job_id)["total"], 1)
                store.update(job_id, state="done", results=results, worker_pid=None, message="done",
                             stage="done", step=total, total=total)
            return True
        if kind == "cancelled":  # with a reason when the job stopped by itself (its folder was deleted)
            store.update(job_id, state="cancelled", worker_pid=None, message=msg[2] if len(msg) > 2 else "cancelled")
            return True
        if kind == "failed":
            _, _, message, error_type, trace, user_error = msg
            store.fail(job_id, message, error_type, trace, user_error=user_error)
            return True
        log.error("unknown message %r from worker", kind)
        return False

    def _died(self, job_id: str) -> None:
        self.proc.join(timeout=5)
        reason = _exit_reason(self.proc.exitcode)
        with self.sup.lock:
            cancelling = self.cancel_at is not None
        if cancelling:  # asked to stop, and stopped: what the user wanted, not a failure (as store.recover)
            why = "the service stopped" if self.sup.stopping else f"its worker process ended ({reason})"
            status = self.sup.store.update(job_id, state="cancelled", worker_pid=None,
                                           message=f"cancelled ({why} while the job was stopping)")
        else:
            if self.sup.stopping:
                message = "the service was stopped while this job was running; submit it again"
            else:
                message = f"the worker process died during the job ({reason}); the service started a new one"
            status = self.sup.store.fail(job_id, message, "WorkerDied")
        # killed while writing: its staging folder (a whole head) would stay until the job is deleted
        remove_leftovers(self.sup.store.job_dir(job_id), status["state"])
        self._close()


class Supervisor:
    def __init__(self, store: JobStore, kinds: dict[str, JobFn], workers: int = 1, max_queue: int = 64,
                 cancel_grace_s: float = 30.0, on_job_end: Callable[[], None] | None = None):
        if workers < 1 or max_queue < 1:
            raise TextFaceError("need at least one worker and a queue of at least one job")
        if not 0 <= cancel_grace_s < float("inf"):  # nan: a cancelled job that ignores cancel would run on
            raise TextFaceError(f"the cancel grace must be 0 or more seconds, got {cancel_grace_s}")
        self.store, self.kinds = store, dict(kinds)
        self.max_queue, self.cancel_grace_s = max_queue, cancel_grace_s
        self.on_job_end = on_job_end  # called on the slot thread after each job (the janitor's cue)
        # spawn: the service process has threads (uvicorn, slots); forking them is unsafe
        self.mp = multiprocessing.get_context("spawn")
        self.lock = threading.Condition()
        self.queue: collections.deque[str] = collections.deque()
        self.stopping = False
        # one worker keeps torch's default; several split the cores between them
        self.threads = None if workers == 1 else max(1, (os.cpu_count() or 1) // workers)
        self.slots = [_Slot(self, i) for i in range(workers)]

    def start(self, requeue: list[str] = ()) -> None:
        with self.lock:
            for job_id in requeue:
                if len(self.queue) < self.max_queue:
                    self.queue.append(job_id)
                else:
                    self.store.fail(job_id, "the queue was full when the service restarted", "QueueFull")
        for slot in self.slots:
            slot.thread.start()

    def stop(self) -> None:
        with self.lock:
            self.stopping = True
            self.lock.notify_all()
        for slot in self.slots:
            slot.stop()
        for slot in self.slots:
            slot.thread.join(timeout=10)

    def submit(self, kind: str, request: dict, summary: str) -> dict:
        """Create the job folder and queue it; QueueFull when the queue is at capacity, Stopping during
        shutdown (not QueueFull: waiting a few seconds would not help)."""
        with self.lock:
            if self.stopping:
                raise Stopping("the service is stopping; submit the job again once it has restarted")
            if len(self.queue) >= self.max_queue:
                raise QueueFull(f"the job queue is full ({self.max_queue} jobs waiting); try again later")
            status = self.store.create(kind, request, summary)
            self.queue.append(status["id"])
            self.lock.notify()
        return status

    def _next_job(self, slot: _Slot) -> str | None:
        with self.lock:
            while not self.queue and not self.stopping:
                self.lock.wait()
            if self.stopping:
                return None
            slot.job_id = self.queue.popleft()
            return slot.job_id

    def cancel(self, job_id: str) -> dict:
        status = self.store.get(job_id)
        with self.lock:
            if job_id in self.queue:
                self.queue.remove(job_id)
                return self.store.update(job_id, state="cancelled", message="cancelled before it started")
            for slot in self.slots:
                # a job that just ended keeps its slot until the slot thread lets go: nothing to cancel
                if slot.job_id == job_id and self.store.get(job_id)["state"] not in TERMINAL:
                    if slot.cancel_at is None:
                        slot.cancel_at = time.monotonic() + self.cancel_grace_s
                        status = self.store.update(job_id, state="cancelling", message="cancelling")
                        slot.send(("cancel", job_id))
                    return self.store.get(job_id)
        status = self.store.get(job_id)
        if status["state"] in TERMINAL:
            raise NotCancellable(f"job {job_id} already ended ({status['state']})")
        return status

    def info(self) -> dict:
        with self.lock:
            busy = sum(1 for s in self.slots if s.job_id is not None)
            return {"workers": len(self.slots), "busy": busy, "queued": len(self.queue),
                    "queue_capacity": self.max_queue}

    def busy_jobs(self) -> set[str]:
        """The jobs the worker slots hold now (running, or just ended and not yet let go)."""
        with self.lock:
            return {s.job_id for s in self.slots if s.job_id is not None}

    def position(self, job_id: str) -> int | None:
        with self.lock:
            try:
                return self.queue.index(job_id) + 1
            except ValueError:
                return None
