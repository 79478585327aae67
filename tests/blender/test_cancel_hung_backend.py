"""Cancel while the backend hangs, over real HTTP: a server that takes the job and then never answers its
status.  The real client waits up to 30 s on such a request; the cancel must reach the backend at once."""
from __future__ import annotations

import threading
import time

import bpy
import pytest

from blender_textface import job_state

from stand_in_http import JsonHandler, StandInService, serving
from test_operators import ESC, TIMER, _harness

JOB = "0123456789abcdef0123456789abcdef"


class _HangingService(StandInService):
    """Accepts a generate job, answers its cancel and health, and holds every status request until `release`."""

    def __init__(self):
        super().__init__(_Handler)
        self.release = threading.Event()
        self.status_asked = threading.Event()
        self.cancels: list[float] = []  # time.monotonic() of each cancel request
        self.deleted: list[str] = []


class _Handler(JsonHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path == "/v1/jobs/generate":
            self.answer(202, {"id": JOB, "state": "queued"})
        elif self.path == f"/v1/jobs/{JOB}/cancel":
            self.server.cancels.append(time.monotonic())
            self.answer(200, {"id": JOB, "state": "cancelling"})
        else:
            self.answer(404, {"detail": "no such endpoint"})

    def do_GET(self):
        if self.path == "/v1/health":  # (asked before any job is submitted: the versions are checked)
            self.answer(200, {"status": "ok", "api_version": 1, "wire_version": 2, "models": {}})
            return
        self.server.status_asked.set()
        self.server.release.wait(60)  # never answers while the test runs
        # released: the job stopped at its next step once it was cancelled
        state = "cancelled" if self.server.cancels else "running"
        self.answer(200, {"id": JOB, "state": state, "stage": "refine", "step": 1, "total": 2})

    def do_DELETE(self):
        self.server.deleted.append(self.path.rsplit("/", 1)[-1])
        self.send_response(204)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def hanging_service(addon):
    with serving(_HangingService()) as server:
        prefs = bpy.context.preferences.addons["blender_textface"].preferences
        prefs.backend_mode, prefs.remote_url, prefs.remote_token = "REMOTE", server.url, "t"
        bpy.context.scene.textface.prompt = "an old man"
        yield server
        server.release.set()  # (before the shutdown: a held status request would hold its thread)


def test_cancel_reaches_a_backend_that_never_answers_at_once(hanging_service, capsys):
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    task = op._task
    op.modal(bpy.context, TIMER)
    assert hanging_service.status_asked.wait(10)  # the worker waits on a status request that never returns
    start = time.monotonic()
    assert op.modal(bpy.context, ESC) == {"CANCELLED"}
    assert time.monotonic() - start < 0.5 and not job_state.current.running
    deadline = start + 5.0  # before: only after the client's 30 s timeout
    while not hanging_service.cancels and time.monotonic() < deadline:
        time.sleep(0.02)
    assert len(hanging_service.cancels) == 1 and hanging_service.cancels[0] - start < 2.0
    assert task._worker.is_alive()  # still in its request: it ends in the background
    hanging_service.release.set()
    task._worker.join(10)
    assert not task._worker.is_alive() and len(hanging_service.cancels) == 1  # not cancelled twice
    assert [o for o in bpy.data.objects] == []
    # the service answered "cancelling": once it says the job stopped, the job is deleted there, quietly (the
    # thread that follows it ends then, before this service goes away: no "could not follow" line after the test)
    # the watcher starts once the cancel's answer is back on the thread that sent it (which this test does not
    # join): wait for that answer, not for the moment the service received the request
    with task._cancel_lock:
        assert task._cancels_answered.wait_for(lambda: task._cancels_unanswered == 0, timeout=10)
    assert task._stopping is not None
    task._stopping.join(10)
    assert not task._stopping.is_alive() and hanging_service.deleted == [JOB]
    assert "TextFace: could not" not in capsys.readouterr().out
