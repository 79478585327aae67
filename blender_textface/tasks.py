"""A backend job seen from Blender, as a step function (no bpy; the caller applies results).

`HeadTask.step()` is called from the Generate/Refine operators' timer (main thread) or in a loop by
the synchronous scripting API.  Each call does a little work and returns at once: wait for the local
backend to start, submit the jobs, poll their status, and when all are done fetch the wire files and
hand them to `apply` (which builds or updates the Blender objects on the calling, main, thread).
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable

from . import session
from .backend_process import BackendError
from .settings import BackendSettings

RUNNING, FINISHED, CANCELLED = "RUNNING", "FINISHED", "CANCELLED"
_DONE_STATES = {"done", "succeeded", "finished", "completed"}
_FAILED_STATES = {"failed", "error"}
_CANCELLED_STATES = {"cancelled", "canceled"}


@dataclass
class Progress:
    stage: str = "starting backend"
    fraction: float = 0.0
    message: str = ""


def describe(exc: BaseException, url: str = "") -> str:
    """One readable sentence for a failed request (the client raises stdlib/urllib errors or its own)."""
    status = getattr(exc, "status", None) or getattr(exc, "code", None)
    detail = str(exc).strip() or type(exc).__name__
    if status in (401, 403):
        return f"the backend at {url} refused the token (HTTP {status}); check the token in the preferences"
    if isinstance(status, int) and 400 <= status < 500:
        return f"the backend rejected the request: {detail}"
    if isinstance(exc, (ConnectionError, TimeoutError)) or type(exc).__name__ in ("URLError", "RemoteDisconnected"):
        return f"the backend at {url} is not reachable ({detail}); is it running?"
    return f"backend request failed: {detail}"


class HeadTask:
    """Submit one job per entry of `requests` (callables taking the client), then apply all results."""

    def __init__(self, settings: BackendSettings, requests: list[Callable], apply: Callable[[list[bytes]], object]):
        self.settings = settings
        self.requests = requests
        self.apply = apply
        self.client = None
        self.url = ""
        self.job_ids: list[str] = []
        self.fractions: list[float] = [0.0] * len(requests)
        self.progress = Progress()
        self.result = None
        self.state = RUNNING
        self.started = time.monotonic()

    def _call(self, fn, *args):
        try:
            return fn(*args)
        except BackendError:
            raise
        except Exception as exc:  # noqa: BLE001 - any client failure becomes one clear BackendError
            proc = session.current_process()
            if self.settings.mode == "LOCAL" and proc is not None and not proc.running():
                raise BackendError(f"the backend crashed or was stopped (status {proc.exit_status()})"
                                   + (f":\n{proc.tail()}" if proc.tail() else "")) from None
            raise BackendError(describe(exc, self.url)) from exc

    def step(self) -> str:
        if self.state != RUNNING:
            return self.state
        if time.monotonic() - self.started > self.settings.job_timeout:
            self.cancel()
            raise BackendError(f"the job took longer than {self.settings.job_timeout:.0f} s and was cancelled")
        if self.client is None:
            endpoint = session.endpoint_if_ready(self.settings)
            if endpoint is None:
                return RUNNING
            self.url = endpoint[0]
            self.client = session.client(*endpoint)
            self.progress = Progress("submitting", 0.0)
            self.job_ids = [str(self._call(request, self.client)) for request in self.requests]
            return RUNNING
        done = 0
        for i, job_id in enumerate(self.job_ids):
            status = self._call(self.client.status, job_id)
            state = str(status.get("state", "")).lower()
            if state in _FAILED_STATES:
                self.cancel()
                raise BackendError(f"the job failed: {status.get('error') or status.get('message') or 'no reason given'}")
            if state in _CANCELLED_STATES:
                self.state = CANCELLED
                return self.state
            if state in _DONE_STATES:
                done += 1
                self.fractions[i] = 1.0
            else:
                total = max(1, int(status.get("total") or 1))
                self.fractions[i] = min(1.0, float(status.get("step") or 0) / total)
                self.progress.stage = str(status.get("stage") or state or "running")
                self.progress.message = str(status.get("message") or "")
        self.progress.fraction = sum(self.fractions) / max(1, len(self.fractions))
        if done < len(self.job_ids):
            return RUNNING
        self.progress = Progress("importing", 1.0)
        payloads = [self._call(self.client.fetch, job_id) for job_id in self.job_ids]
        self.result = self.apply(payloads)
        self.state = FINISHED
        return self.state

    def cancel(self) -> None:
        """Ask the backend to stop every job; safe to call in any state."""
        if self.state == RUNNING:
            self.state = CANCELLED
        if self.client is None:
            return
        for job_id in self.job_ids:
            try:
                self.client.cancel(job_id)
            except Exception as exc:  # noqa: BLE001 - a dead backend has nothing left to cancel
                print(f"TextFace: could not cancel job {job_id}: {describe(exc, self.url)}")

    def run(self, poll: float = 0.1):
        """Step until finished (synchronous scripting API)."""
        while self.step() == RUNNING:
            time.sleep(poll)
        if self.state == CANCELLED:
            raise BackendError("the job was cancelled")
        return self.result
