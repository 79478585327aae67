"""A backend job seen from Blender: network work in a thread, results applied on the main thread.

A worker thread waits for the backend, submits one job per request, polls their status, fetches the
wire files and (with `prepare`) reads and plans them in numpy; it never touches bpy.  `HeadTask.step()`
runs on Blender's main thread (the operators' timer, or a loop in the synchronous scripting API): it
returns at once with the current state, and when the worker has the results it calls `apply(results)`
there, which only writes the planned heads into Blender.  An `apply` that returns `stepwise.Steps` is
run a piece per `step(budget)` call (the task stays RUNNING, stage "importing"), so several heads are
built over several timer ticks; a cancel closes the steps, which removes what they built.
A slow or remote backend therefore never blocks Blender's UI, nor does bringing in the heads.
A crowd (`keep_going`) goes on past a job that fails: the heads made are applied, the failures named.

With `previews=True` (the operators) the worker also downloads a job's latest progress preview (PNG
bytes) once per new preview: when the status's `preview_count` changed (a service from before that field
says only that one exists: then when its progress moved), of one job at a time (the first not finished);
the main thread takes them with `take_preview()` (progress_image.py shows them) until the jobs are done or
the task is cancelled.  A failed download only skips that preview.

Every job the worker has done with is deleted on the service (`DELETE /v1/jobs/{id}`): a done job once its
wire file is downloaded (the task holds the result from then on and never asks the service for it again:
the import, an undo's rebuild, a failed or cancelled import all use the downloaded bytes), a failed one
once its error is read, one cancelled that ended at once, one cancelled while it ran once the service
reports it stopped (a thread of its own watches it: stopping_jobs.py; nothing waits for it).  A finished head
is ~27 MB of job folder the service would otherwise keep for days.  A delete that fails is a console line,
never the job's failure.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from typing import Callable

from . import backend_source, health, session, stepwise, stopping_jobs
from .errors import BackendError, DamagedHead
from .settings import BackendSettings

RUNNING, FINISHED, CANCELLED = "RUNNING", "FINISHED", "CANCELLED"
POLL_INTERVAL = 0.25
CANCEL_TIMEOUT = 3.0  # seconds per cancel request: a hung backend must not hold the cancel for long
DELETE_TIMEOUT = 5.0  # seconds per delete request: the import never waits on them, a slow one only delays the next
ENDED = stopping_jobs.ENDED  # backend/service/schemas.py State: nothing left to cancel
# refinement renders a preview every 10 steps (backend/refine/loop.py): at most one download per interval
# (a fast GPU renders them quicker than anyone can look, and a remote backend pays for each)
PREVIEW_INTERVAL = 1.0
PREVIEW_TIMEOUT = 5.0  # seconds per preview download: a slow one must not hold up the status polls
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXIT_GRACE = 1.0  # seconds: see _exited


@dataclass
class Progress:
    stage: str = "starting backend"
    fraction: float = 0.0
    message: str = ""


def describe(exc: BaseException, url: str = "") -> str:
    """One readable sentence for a failed request (backend/client.py raises its ClientError family;
    it is loaded from file under a private name, so its classes are told apart by name)."""
    status = getattr(exc, "status", None) or getattr(exc, "code", None)
    status = status if isinstance(status, int) else None
    names = {cls.__name__ for cls in type(exc).__mro__}
    detail = str(exc).strip() or type(exc).__name__
    where = f" at {url}" if url else ""
    if "AuthError" in names:
        status = 401
    if "QueueFull" in names:
        return f"the backend{where} is busy (its job queue is full); try again when its jobs finish"
    if "ServiceUnavailable" in names and detail.startswith("cannot reach"):
        return f"the backend{where} is not reachable ({detail.rpartition(': ')[2]}); is it running?"
    if status in (401, 403):
        return f"the backend{where} refused the token (HTTP {status}); check the token in the preferences"
    refused = refused_text(exc)
    if refused is not None:  # the artist's words, not the request: say so in theirs
        return f"TextFace could not read the {refused[0]}: {refused[1]}"
    if isinstance(status, int) and 400 <= status < 500:
        return f"the backend rejected the request: {detail}"
    if isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__name__ in ("URLError", "RemoteDisconnected"):
        return f"the backend{where} is not reachable ({detail}); is it running?"
    return f"backend request failed: {detail}"


REFUSED_TEXTS = {"body.prompt": "prompt", "body.text": "refine text"}  # the texts the service's parser reads


def refused_text(exc: BaseException) -> tuple[str, str] | None:
    """("prompt" or "refine text", the service's one-line reason) for a request refused (HTTP 422) for that text
    alone: empty, over the length limit, not English (the parser's message, at submission), else None."""
    errors = getattr(exc, "errors", None)
    if getattr(exc, "status", None) != 422 or not isinstance(errors, list) or len(errors) != 1 \
            or not isinstance(errors[0], dict):
        return None
    what, message = REFUSED_TEXTS.get(errors[0].get("field")), errors[0].get("message")
    return (what, message.strip()) if what and isinstance(message, str) and message.strip() else None


def failure_reason(status: dict) -> str:
    """Why a job failed, for the user (its message alone, never a traceback).  A fault of the service's (not
    a user error: bad input the message says how to fix, as a description not in English) has its worker's
    traceback printed to the console."""
    error = status.get("error") or {}  # backend/service/schemas.py JobError
    trace = error.get("traceback") or ""
    if trace and not error.get("user_error"):
        print(f"TextFace: backend traceback of job {status.get('id', '?')}:\n{trace}")
    return str(error.get("message") or status.get("message") or "no reason given")


def job_failed(status: dict) -> BackendError:
    """The error of a failed job: its message for the user (see failure_reason)."""
    exc = BackendError(f"the job failed: {failure_reason(status)}")
    exc.traceback = (status.get("error") or {}).get("traceback") or ""
    exc.user_error = bool((status.get("error") or {}).get("user_error"))
    return exc


def none_made(reasons: dict[int, str], labels: list[str] | None) -> BackendError:
    """Every job of a request of several failed: one line naming each (by `labels`, else its number) and why,
    heads that failed for the same reason together."""
    by_reason: dict[str, list[str]] = {}
    for i in sorted(reasons):
        by_reason.setdefault(reasons[i], []).append(labels[i] if labels else f"head {i + 1}")
    parts = [f"{', '.join(names)}: {reason}" for reason, names in by_reason.items()]
    return BackendError(f"none of the {len(reasons)} heads was made: {'; '.join(parts)}")


def _exited(proc, exc: BaseException) -> bool:
    """Whether the local backend has exited, the cause of the failed request `exc`.  A killed process
    closes its sockets before its exit status can be read (and another thread's wait() on it hides the
    status meanwhile): a request that got no answer waits up to EXIT_GRACE seconds to tell a crash from
    a backend that is merely unreachable; one the backend answered (an HTTP error) does not wait."""
    answered = isinstance(getattr(exc, "status", None), int) or type(exc).__name__ in ("AuthError", "QueueFull")
    deadline = time.monotonic() + (0.0 if answered else EXIT_GRACE)
    while proc.running():
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.02)
    return True


def fetch_preview(client, job_id: str) -> bytes:
    """The job's latest progress preview (PNG bytes), through a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="textface-") as tmp:
        path = client.fetch_preview(job_id, os.path.join(tmp, "preview.png"))
        with open(path, "rb") as f:
            return f.read()


def fetch_wire(client, job_id: str) -> bytes:
    """The job's wire file (head.npz) as bytes; the download goes through a private temp folder."""
    with tempfile.TemporaryDirectory(prefix="textface-") as tmp:
        path = client.fetch(job_id, "npz", os.path.join(tmp, "head.npz"))
        with open(path, "rb") as f:
            return f.read()


class HeadTask:
    """Submit one job per entry of `requests` (callables taking the client), then apply all results:
    `apply(prepare(payloads))` with `prepare` (bpy-free: it runs in the worker), else `apply(payloads)`.

    `keep_going=True` (a crowd: several heads): a job that fails (the service's "failed": a prompt it refuses, a
    fault of its own) does not end the others; the payloads are those of the jobs that finished, in request
    order: `made` holds their request indices and `failures` {request index: the reason (one line)}, both set
    before `prepare` and `apply` run.  When every job failed, nothing is applied and step() raises one
    BackendError naming each (`labels`: one per request, e.g. "'<prompt>' seed 3").  A request of one job, and
    anything else (the backend unreachable, a download, a cancel), fails the whole request as without it."""

    def __init__(self, settings: BackendSettings, requests: list[Callable], apply: Callable[[list], object],
                 poll_interval: float | None = None, prepare: Callable[[list[bytes]], list] | None = None,
                 previews: bool = False, keep_going: bool = False, labels: list[str] | None = None):
        self.settings = settings
        self.keep_going = keep_going
        self.labels = labels
        self.made: list[int] = []  # (keep_going) request indices of the payloads, in order
        self.failures: dict[int, str] = {}  # (keep_going) request index -> why its job failed
        self.jobs_ended = 0  # jobs done or failed at the last poll
        self.previews = previews
        self.requests = requests
        self.apply = apply
        self.prepare = prepare
        self.poll_interval = POLL_INTERVAL if poll_interval is None else poll_interval
        self.client = None
        self.url = ""
        self._endpoint: tuple[str, str] | None = None
        self.job_ids: list[str | None] = []  # (None: a crowd's head the service refused at submission)
        self._ended: set[str] = set()  # jobs the backend reported ended (cancelling them only gets a 409)
        self._finished_with: list[str] = []  # ended jobs whose result (or error) the worker has: deleted at its end
        self.progress = Progress()
        self.result = None
        self.state = RUNNING
        self._payloads: list | None = None
        self._build: stepwise.Steps | None = None  # an apply in pieces, under way on the main thread
        self._error: BaseException | None = None
        self._cancel = threading.Event()
        self._cancel_lock = threading.Lock()
        self._cancels_sent: set[str] = set()
        self._deletes_sent: set[str] = set()
        self._cancels_unanswered = 0  # cancel requests under way (wait() waits for them)
        self._cancels_answered = threading.Condition(self._cancel_lock)
        self._canceller: threading.Thread | None = None
        self._stopping: threading.Thread | None = None  # watches jobs cancelled while running, then deletes them
        self._in_flight = contextlib.ExitStack()  # the local backend this task's jobs depend on
        self._worker: threading.Thread | None = None
        # progress previews (worker -> main thread): the newest PNG not yet taken, of the job `_preview_job`,
        # under the lock; `_previews_open` until the jobs are done or the task is cancelled
        self._preview_lock = threading.Lock()
        self._preview: bytes | None = None
        self._preview_job: str | None = None
        self._previews_open = True
        self._preview_client = None
        self._preview_last: bytes | None = None  # the last one handed over: the same bytes are not again
        self._preview_marks: dict[str, object] = {}  # job id -> preview_count (or stage, step) of its last download
        self._preview_at = float("-inf")
        self._preview_failed = False

    # ---- worker thread (no bpy) ----
    def _call(self, fn, *args):
        try:
            return fn(*args)
        except (BackendError, DamagedHead):  # (a head the service refused: refine.py names it)
            raise
        except Exception as exc:  # noqa: BLE001 - any client failure becomes one clear BackendError
            proc = session.current_process()
            if self.settings.mode == "LOCAL" and proc is not None and _exited(proc, exc):
                raise proc.stopped_error("during the job") from None
            raise BackendError(describe(exc, self.url)) from exc

    def _work(self) -> None:
        # while it runs, the local backend is not restarted under it (changed settings wait: session.py);
        # a cancel releases that as soon as its cancel requests are answered (_cancel_now)
        with self._cancel_lock:
            self._in_flight.enter_context(session.job_in_flight(self.settings))
        try:
            payloads = self._run_jobs()
            if payloads is not None and self.prepare is not None and not self._cancel.is_set():
                # reading and planning a head takes ~0.5 s: here, not in step() on Blender's main thread
                self.progress = Progress("reading", 1.0)
                payloads = self.prepare(payloads)
            self._payloads = payloads
        except BaseException as exc:  # handed to the main thread, which raises it from step()
            self._cancel_jobs()  # variations already queued would otherwise run for nothing
            self._error = exc
        finally:
            self._delete_jobs(self._finished_with)
            self._release_backend()

    def _release_backend(self) -> None:
        with self._cancel_lock:
            self._in_flight.close()  # (once: a closed ExitStack is empty)

    def _wait_for_backend(self) -> tuple[str, str] | None:
        """(url, token) once the backend takes requests; None if cancelled meanwhile.

        A local backend this task saw start is never relaunched: once it exits, its status and last
        output are raised at once (a backend that crashes on start-up would otherwise be relaunched
        every poll until the time-out, and the user never told why).  The next task may start a new one."""
        deadline = time.monotonic() + self.settings.start_timeout
        seen = None  # the local process this task waits for
        while True:
            # ready() raises BackendError (exit status, output tail) once `seen` has exited
            if seen is None or seen.ready():
                endpoint = session.endpoint_if_ready(self.settings)
                if endpoint is not None:
                    return endpoint
                if seen is None and self.settings.mode == "LOCAL":
                    seen = session.current_process()
            if time.monotonic() > deadline:
                if seen is not None:
                    raise seen.not_ready_error(self.settings.start_timeout)
                raise BackendError(f"the backend did not become ready within {self.settings.start_timeout:.0f} s")
            if self._cancel.wait(0.05):
                return None

    def _run_jobs(self) -> list | None:
        endpoint = self._wait_for_backend()
        if endpoint is None:
            return None
        self.url, self._endpoint = endpoint[0], endpoint
        self.client = session.client(*endpoint)
        self.progress = Progress("checking the backend", 0.0)
        self._check_versions()
        self.progress = Progress("submitting", 0.0)
        for i, request in enumerate(self.requests):
            self.job_ids.append(self._submit(i, request))
            if self._cancel.is_set():
                return self._cancel_jobs()
        fractions = [0.0] * len(self.job_ids)
        deadline = time.monotonic() + self.settings.job_timeout
        while True:
            done, shown = 0, None  # shown: the job whose previews are shown, the first one not finished
            for i, job_id in enumerate(self.job_ids):
                if i in self.failures:  # (failed, kept going: deleted at the worker's end, never asked again)
                    done += 1
                    continue
                status = self._call(self.client.status, job_id)
                state = status["state"]  # backend/service/schemas.py State
                if state in ENDED:
                    self._ended.add(job_id)
                if state == "failed":
                    self._finished_with.append(job_id)  # (its error is read here: nothing else is needed)
                    if not self.keep_going or len(self.job_ids) == 1:
                        raise job_failed(status)
                    self.failures[i] = failure_reason(status)
                    fractions[i] = 1.0
                    done += 1
                    continue
                if state == "cancelled":  # by someone else (another client, the service): end them all
                    raise BackendError(f"job {job_id} was cancelled on the backend; the other jobs of this "
                                       "request were cancelled too")
                if state == "done":
                    done += 1
                    fractions[i] = 1.0
                else:
                    total = max(1, int(status.get("total") or 1))
                    fractions[i] = min(1.0, float(status.get("step") or 0) / total)
                    self.progress = Progress(str(status.get("stage") or state or "running"),
                                             sum(fractions) / len(fractions), str(status.get("message") or ""))
                    if self.previews and shown is None:
                        shown = job_id
                        self._update_preview(job_id, status)
            self.jobs_ended = done  # (the panel's "2 of 5 heads done" for a crowd or batch)
            if done == len(self.job_ids):
                self._close_previews()  # none is handed over once the jobs are done
                break
            if time.monotonic() > deadline:
                raise BackendError(f"the job took longer than {self.settings.job_timeout:.0f} s and was cancelled")
            if self._cancel.wait(self.poll_interval):
                return self._cancel_jobs()
        if len(self.failures) == len(self.job_ids):  # (keep_going: every one failed)
            raise none_made(self.failures, self.labels)
        self.progress = Progress("downloading", 1.0)
        payloads = []
        for i, job_id in enumerate(self.job_ids):
            if i in self.failures:
                continue
            payloads.append(self._call(fetch_wire, self.client, job_id))
            self._finished_with.append(job_id)
            self.made.append(i)
        return payloads

    def _submit(self, i: int, request) -> str | None:
        """The job id of request `i`; None for a head of a crowd (keep_going) whose description the service's
        parser refused at submission (a service that checks prompts there: HTTP 422 with the parser's line, e.g.
        not English): that head fails alone, its reason in `failures`, as a job failing does on an older service."""
        try:
            return str(self._call(request, self.client))
        except BackendError as exc:
            cause = exc.__cause__
            if self.keep_going and len(self.requests) > 1 and getattr(cause, "refused_text", None) == "body.prompt":
                self.failures[i] = str(getattr(cause, "detail", "") or cause)
                return None
            raise

    def _check_versions(self) -> None:
        """A service this add-on cannot use (another API, a wire format it cannot read: a remote one of another
        version) is refused before any job is submitted, not when the finished head cannot be read."""
        answer = self._call(self.client.health)
        problem = health.incompatibility(answer, tuple(backend_source.load("wire").READABLE_VERSIONS))
        if problem:
            raise BackendError(f"the backend at {self.url} cannot be used: {problem}; no job was submitted")

    def _update_preview(self, job_id: str, status: dict) -> None:
        """Download the job's latest progress preview when its status says there is a new one (at most one
        per PREVIEW_INTERVAL).  Called for one job at a time, the first one not finished: the previews of
        several heads never alternate, and when that job ends an older preview of it waiting to be shown
        is dropped for the next job's.  Any failure skips the preview, never the job."""
        if job_id != self._preview_job:
            with self._preview_lock:
                self._preview_job, self._preview = job_id, None
        count = status.get("preview_count")
        if isinstance(count, int) and not isinstance(count, bool):
            mark = count  # the service counts its previews: each new one is downloaded once
        else:  # a service from before preview_count: a moved step may or may not bring a new one
            mark = (status.get("stage"), status.get("step"))
        now = time.monotonic()
        if (status.get("state") != "running" or not status.get("preview") or self._preview_marks.get(job_id) == mark
                or now - self._preview_at < PREVIEW_INTERVAL):
            return
        self._preview_marks[job_id], self._preview_at = mark, now
        try:
            if self._preview_client is None:  # its own client: a short timeout, the job's client keeps its own
                self._preview_client = session.client(*self._endpoint)
                self._preview_client.timeout = PREVIEW_TIMEOUT
            png = fetch_preview(self._preview_client, job_id)
        except Exception as exc:  # noqa: BLE001 - a preview is a nicety: the job goes on without it
            if not self._preview_failed:  # once per task, not every poll of a backend that cannot serve them
                print(f"TextFace: no progress preview of job {job_id}: {describe(exc, self.url)}")
                self._preview_failed = True
            return
        if png[:8] != PNG_SIGNATURE or png == self._preview_last:
            return
        self._preview_last = png
        with self._preview_lock:
            if self._previews_open:  # (a cancel may have come during the download: then it is dropped)
                self._preview = png

    def _close_previews(self) -> None:
        """No preview is handed over any more (the jobs are done, or the task cancelled): one downloaded
        meanwhile would show a job that has ended while its heads are brought in, or after it was cancelled."""
        with self._preview_lock:
            self._previews_open, self._preview = False, None

    def _cancel_jobs(self) -> None:
        """Cancel every submitted job that has not ended and was not cancelled yet, each once (from the
        worker, or from the thread a cancel starts while the worker waits on a request; it may wait on
        the network: never on Blender's main thread).  Its own client, with a short timeout."""
        with self._cancel_lock:
            jobs = [j for j in self.job_ids
                    if j is not None and j not in self._ended and j not in self._cancels_sent]  # (None: refused)
            jobs = jobs if self._endpoint is not None else []
            self._cancels_sent.update(jobs)
            self._cancels_unanswered += len(jobs)
        try:
            self._send_cancels(jobs)
        finally:
            with self._cancel_lock:
                self._cancels_unanswered -= len(jobs)
                self._cancels_answered.notify_all()
        return None

    def _send_cancels(self, jobs: list[str]) -> None:
        if not jobs:
            return
        try:
            client = session.client(*self._endpoint)
            client.timeout = CANCEL_TIMEOUT  # a hung backend must not hold the cancel for long
        except Exception as exc:  # noqa: BLE001 - nothing to cancel with
            print(f"TextFace: could not cancel the jobs: {describe(exc, self.url)}")
            return
        ended, stopping = [], []
        for job_id in jobs:
            try:
                answer = client.cancel(job_id)
            except Exception as exc:  # noqa: BLE001 - a dead backend has nothing left to cancel
                print(f"TextFace: could not cancel job {job_id}: {describe(exc, self.url)}")
                continue
            if isinstance(answer, dict) and answer.get("state") in ENDED:  # a queued job: cancelled at once
                ended.append(job_id)
            else:  # a running one ("cancelling"): deleted once it has stopped
                stopping.append(job_id)
        self._delete_jobs(ended, client)
        if stopping:
            watcher = threading.Thread(target=self._delete_when_stopped, args=(stopping,), name="textface-stopping",
                                       daemon=True)
            watcher.start()
            self._stopping = watcher

    def _delete_when_stopped(self, jobs: list[str]) -> None:
        """(Own thread) Delete jobs cancelled while running once the service says they stopped.  A local backend
        that was stopped or replaced meanwhile (the add-on disabled, settings changed) is not asked: the service
        ends such jobs cancelled when it next starts, and its own clean-up removes them.  Disabling the add-on
        ends this thread at its next poll (at most POLL_INTERVAL), also when it started after the backend was
        stopped (a cancel answered late), without a console line about the backend the add-on stopped itself.
        A remote service's jobs are still followed and deleted (at most STOP_WAIT)."""
        local = self.settings.mode == "LOCAL"
        proc = session.current_process() if local else None

        def gone() -> bool:
            return local and (session.is_closed() or (proc is not None and (session.current_process() is not proc
                                                                             or not proc.running())))

        try:
            client = session.client(*self._endpoint)
            client.timeout = DELETE_TIMEOUT
            left = stopping_jobs.watch(client.status, jobs, lambda job_id: self._delete_jobs([job_id], client), gone)
        except Exception as exc:  # noqa: BLE001 - only disk space on the service is at stake
            if not gone():
                print(f"TextFace: could not follow the cancelled job{'s' if len(jobs) > 1 else ''} {', '.join(jobs)} "
                      f"to delete {'them' if len(jobs) > 1 else 'it'} (the files stay until the service's own "
                      f"clean-up): {describe(exc, self.url)}")
            return
        if left and not gone():
            print(f"TextFace: job{'s' if len(left) > 1 else ''} {', '.join(left)} had not stopped "
                  f"{stopping_jobs.STOP_WAIT:g} s after {'their' if len(left) > 1 else 'its'} cancel; the files "
                  "stay until the service's own clean-up")

    def _delete_jobs(self, jobs: list[str], client=None) -> None:
        """Delete ended jobs on the service, each once (see the module's docstring); failures are printed."""
        with self._cancel_lock:
            jobs = [j for j in dict.fromkeys(jobs) if j not in self._deletes_sent]
            self._deletes_sent.update(jobs)
        if not jobs or self._endpoint is None:
            return
        try:
            if client is None:
                client = session.client(*self._endpoint)
                client.timeout = DELETE_TIMEOUT
        except Exception as exc:  # noqa: BLE001 - the service keeps them until its own clean-up
            print(f"TextFace: could not delete the finished jobs on the backend: {describe(exc, self.url)}")
            return
        for k, job_id in enumerate(jobs):
            try:
                client.delete(job_id)
            except Exception as exc:  # noqa: BLE001 - the head is in Blender: only disk space is at stake
                # the first failure ends it: a service that did not answer one would hold the import for
                # DELETE_TIMEOUT per job (the main thread applies the results once the worker has ended)
                print(f"TextFace: could not delete job{'s' if k < len(jobs) - 1 else ''} "
                      f"{', '.join(jobs[k:])} on the backend (the files stay until the service's own clean-up): "
                      f"{describe(exc, self.url)}")
                return

    def _cancel_now(self) -> None:
        """A cancel while the worker waits on a request (a hung or slow backend; the client's timeout is
        30 s): the backend jobs are cancelled now, and the local backend released, not when it returns."""
        self._cancel_jobs()
        self._release_backend()

    # ---- main thread ----
    def step(self, budget: float | None = None) -> str:
        """Start the worker on first call; apply its results when ready.  Raises its errors.  An apply in
        pieces (stepwise.Steps) runs pieces for about `budget` seconds per call (None: to the end)."""
        if self.state != RUNNING:
            return self.state
        if self._worker is None:
            self._worker = threading.Thread(target=self._work, name="textface-job", daemon=True)
            self._worker.start()
        if self._worker.is_alive():
            return RUNNING
        if self._error is not None:
            self.state = CANCELLED
            raise self._error
        if self._payloads is None:
            self.state = CANCELLED
            return self.state
        if self._build is None:
            self.progress = Progress("importing", 0.0)
            applied = self.apply(self._payloads)
            if not isinstance(applied, stepwise.Steps):
                self.result, self.state = applied, FINISHED
                return self.state
            self._build = applied
        try:
            finished = self._build.advance(budget)
        except BaseException:  # the steps removed what they had built before raising
            self.state = CANCELLED
            raise
        self.progress = Progress("importing", self._build.fraction)
        if finished:
            self.result, self.state = self._build.result, FINISHED
        return self.state

    @property
    def building(self) -> bool:
        """The results are being applied in pieces (main-thread work each step, no network wait)."""
        return self.state == RUNNING and self._build is not None

    def take_preview(self) -> bytes | None:
        """The newest progress preview (PNG bytes) the worker downloaded since the last call, or None (always
        once the jobs are done or the task was cancelled)."""
        with self._preview_lock:
            png, self._preview = self._preview, None
        return png

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Stop the task; safe in any state and returns at once (never waits on the network): a thread
        sends the backend's cancel requests now, even while the worker still waits on a request (it ends
        in the background, touching nothing of Blender's; its result is dropped).  Heads half brought in
        (an apply in pieces) are removed here: call it on the main thread."""
        if self.state == RUNNING:
            self.state = CANCELLED
            if self._build is not None:  # heads half brought in: removed now (main thread, as step())
                self._build.close()
        first = not self._cancel.is_set()
        self._cancel.set()
        self._close_previews()
        if first and self._worker is not None and self._worker.is_alive():
            self._canceller = threading.Thread(target=self._cancel_now, name="textface-cancel", daemon=True)
            self._canceller.start()

    def wait(self, timeout: float) -> bool:
        """After `cancel()`: wait up to `timeout` seconds for its cancel requests to be answered (disabling
        the add-on, which then stops the backend or leaves a remote one to itself), and, in what is left of
        `timeout`, for jobs that were running to stop and be deleted (a local backend stopped before would
        keep their folders).  True when no cancel request is left unanswered.  (A job whose submit is still
        under way is cancelled by the worker when it returns.)"""
        deadline = time.monotonic() + timeout
        if self._canceller is not None:
            self._canceller.join(max(0.0, deadline - time.monotonic()))
        with self._cancels_answered:
            answered = self._cancels_answered.wait_for(lambda: self._cancels_unanswered == 0,
                                                       max(0.0, deadline - time.monotonic()))
        if self._stopping is not None:
            self._stopping.join(max(0.0, deadline - time.monotonic()))
        return answered

    def run(self, poll: float = 0.05):
        """Step until finished (synchronous scripting API).  Interrupted (Ctrl-C, an error), it cancels
        the backend jobs instead of leaving them running."""
        try:
            while self.step() == RUNNING:
                time.sleep(poll)
        except BaseException:
            self.cancel()
            raise
        if self.state == CANCELLED:
            raise BackendError("the job was cancelled")
        return self.result
