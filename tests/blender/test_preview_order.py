"""Which progress preview is shown, and when: one job's previews at a time (the first head not finished), and
none once the jobs are done (while the heads are brought in) or the job was cancelled, even when its
download was under way at that moment."""
from __future__ import annotations

import threading
from pathlib import Path

import bpy
import pytest

from backend.io import wire

from blender_textface import job_state, operators, progress_image, session, tasks

from conftest import synthetic_arrays
from fake_client import FakeClient, png_bytes
from test_operators import ESC, TIMER, _ended, _harness, _tick_until

RED, GREEN, BLUE, GREY = (png_bytes(4, 4, c) for c in ((250, 10, 10), (10, 240, 20), (15, 20, 245), (90, 90, 90)))


class PerJobPreviews(FakeClient):
    """Each job (by submit order) its own length and previews: job k is done after `steps[k]` polls and
    renders `schedule[k][poll]` at that poll; /preview serves that job's latest."""

    def __init__(self, payload, steps: list[int], schedule: list[dict[int, bytes]]):
        super().__init__(payload)
        self.job_steps, self.schedule = steps, schedule
        self.order: list[str] = []
        self.rendered: dict[str, list[bytes]] = {}
        self.served_jobs: list[int] = []  # the job index of each download

    def _new_job(self, kind: str) -> dict:
        status = super()._new_job(kind)
        self.order.append(status["id"])
        self.rendered[status["id"]] = []
        return status

    def status(self, job_id: str) -> dict:
        self.jobs[job_id] += 1
        polls, k = self.jobs[job_id], self.order.index(job_id)
        if polls in self.schedule[k]:
            self.rendered[job_id].append(self.schedule[k][polls])
        count = len(self.rendered[job_id])
        state = "done" if polls > self.job_steps[k] else "running"
        return {"id": job_id, "state": state, "stage": "refine", "step": min(polls, self.job_steps[k]),
                "total": self.job_steps[k], "preview": count > 0, "preview_count": count}

    def fetch_preview(self, job_id: str, dest) -> Path:
        self.preview_fetches.append(threading.current_thread())
        self.served_jobs.append(self.order.index(job_id))
        png = self.rendered[job_id][-1]
        self.preview_served.append(png)
        Path(dest).write_bytes(png)
        return Path(dest)


@pytest.fixture
def use(addon, monkeypatch):
    """use(client): the operators talk to this stand-in; previews as soon as the status says so."""
    monkeypatch.setattr(tasks, "POLL_INTERVAL", 0.01)
    monkeypatch.setattr(tasks, "PREVIEW_INTERVAL", 0.0)
    monkeypatch.setattr(session, "endpoint_if_ready", lambda settings: ("http://fake", "token"))
    props = bpy.context.scene.textface
    props.prompt, props.refine = "a small synthetic test head", True

    def use(client):
        monkeypatch.setattr(session, "client", lambda url, token: client)
        return client
    return use


@pytest.fixture
def shown(monkeypatch):
    """The PNG bytes of each preview put into the progress image."""
    log = []
    show = progress_image.show
    monkeypatch.setattr(progress_image, "show", lambda png: (log.append(png), show(png))[1])
    return log


def _payload():
    return wire.to_bytes(wire.pack(**synthetic_arrays()))


def test_with_variations_the_previews_of_the_first_head_not_finished_are_shown(use, shown):
    """Before: every job's new preview was downloaded and shown as it came, so the image jumped between
    the heads (and downloads were spent on previews nobody was meant to see)."""
    client = use(PerJobPreviews(_payload(), steps=[30, 60], schedule=[{5: RED, 20: BLUE}, {3: GREEN, 25: GREY}]))
    bpy.context.scene.textface.variations = 2
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    # job 0's two previews while it runs; then job 1's latest (its first one, rendered meanwhile, never)
    assert client.served_jobs == [0, 0, 1] and client.preview_served == [RED, BLUE, GREY]
    assert shown and shown == [png for png in client.preview_served if png in shown]  # in that order
    assert [i for i in bpy.data.images if i.get(progress_image.MARK)] == []


def test_a_preview_downloaded_as_the_job_ends_is_not_shown_while_the_heads_are_built(use, shown, monkeypatch):
    monkeypatch.setattr(operators, "BUILD_BUDGET", 0.0)  # one piece a tick: several ticks of building
    client = use(PerJobPreviews(_payload(), steps=[3], schedule=[{3: RED}]))  # the last running poll
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    task = op._task
    assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"}  # starts the worker
    task._worker.join(20)  # it polled to the end (downloading the preview at the last running poll)
    assert client.preview_served == [RED] and not task._worker.is_alive()
    assert op.modal(bpy.context, TIMER) == {"RUNNING_MODAL"} and task.building
    assert _tick_until(op, _ended) == {"FINISHED"}
    assert shown == []  # before: RED was put into the progress image during the build


def test_a_preview_whose_download_ends_after_a_cancel_is_dropped(use, shown):
    gate, asked = threading.Event(), threading.Event()

    class SlowPreview(PerJobPreviews):
        def fetch_preview(self, job_id, dest):
            asked.set()
            gate.wait(20)
            return super().fetch_preview(job_id, dest)

    client = use(SlowPreview(_payload(), steps=[1000], schedule=[{2: RED}]))
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    task = op._task
    op.modal(bpy.context, TIMER)
    assert asked.wait(20)  # the worker is in the download
    assert op.modal(bpy.context, ESC) == {"CANCELLED"} and not job_state.current.running
    gate.set()
    task._worker.join(20)
    assert client.preview_served == [RED] and not task._worker.is_alive()
    assert task.take_preview() is None and shown == []  # before: handed over after the cancel
