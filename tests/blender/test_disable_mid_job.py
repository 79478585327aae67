"""Disabling the add-on (Preferences, Reload Scripts, Blender quitting: all call unregister) while a job runs,
against real backends: the job is cancelled on the backend, the local backend and its workers stop, no
half-built head, timer or running state is left, and enabling the add-on again works."""
from __future__ import annotations

import json
import os
import sys
import time
from types import SimpleNamespace
from pathlib import Path

import bpy
import pytest

import addon_utils  # (importable once bpy is)

from blender_textface import api, job_state, progress_image, session, tasks, writer
from blender_textface.backend_process import BackendError
from blender_textface.preferences import settings_from_context

from conftest import BACKEND_PYTHON, _raise
from test_full_path import local_backend  # noqa: F401 - a fixture
from test_operators import _ended, _harness, _tick_until
from test_progress_preview_real import tiny_clip_service  # noqa: F401 - a fixture

ADDON = "blender_textface"


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a zombie has exited: only its parent's wait is missing)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _children(pid: int) -> list[int]:
    """The process's children (the service's worker processes)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _job_state(job_id: str) -> str:
    """A local job's state as the service wrote it (its job folder outlives the service); "deleted" when the
    add-on deleted it (a queued job its cancel ended at once, a running one once it stopped: tasks.py)."""
    path = Path(os.environ["TEXTFACE_DATA_DIR"]) / "jobs" / job_id / "status.json"
    if not path.parent.exists():
        return "deleted"
    return json.loads(path.read_text(encoding="utf-8"))["state"]


def _remote_state(client, job_id: str) -> str:
    """A remote job's state; "deleted" once the service no longer knows it (HTTP 404)."""
    try:
        return client.status(job_id)["state"]
    except Exception as exc:  # noqa: BLE001 - the client's NotFound, loaded from file
        assert getattr(exc, "status", None) == 404, exc
        return "deleted"


def _disable():
    addon_utils.disable(ADDON, default_set=True, handle_error=_raise)  # unregister() must not raise


def _enable_local():
    assert addon_utils.enable(ADDON, default_set=True, handle_error=_raise) is not None
    prefs = bpy.context.preferences.addons[ADDON].preferences  # a disabled add-on's preferences go with it
    prefs.backend_mode, prefs.python_path, prefs.texture_size = "LOCAL", str(BACKEND_PYTHON), "256"
    return prefs


def _datablocks():
    return {name: len(getattr(bpy.data, name)) for name in ("objects", "meshes", "materials", "images")}


def _start_generate(variations: int):
    props = bpy.context.scene.textface
    props.prompt, props.variations, props.refine = "an old man with a long face", variations, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    return op


def _settle(task, timeout=20.0):
    """The worker ends on its own once its backend is gone (its requests fail); it must launch nothing."""
    task._worker.join(timeout)
    assert not task._worker.is_alive()


@pytest.mark.slow
def test_disabling_mid_generate_cancels_its_jobs_and_stops_the_backend(local_backend):
    from blender_textface import running

    empty = _datablocks()
    op = _start_generate(variations=3)
    task = op._task
    op._timer = running.start_timer(bpy.context, 0.2)  # as _start_modal adds it (the harness has no window)
    # all three submitted, the first one computing (one worker process: the others wait in its queue)
    _tick_until(op, lambda _: len(task.job_ids) == 3 and job_state.current.stage not in ("submitting",
                                                                                         "starting backend"),
                timeout=120)
    proc = session.current_process()
    pid = proc.pid
    workers = _children(pid)
    assert proc.running() and workers
    _disable()
    assert task.cancelled and task.state == tasks.CANCELLED
    assert not job_state.current.running and job_state.current.task is None
    assert not _alive(pid) and session.current_process() is None
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers), "a worker process of the backend outlived it"
    # each job was cancelled on the service before it stopped (not merely killed with it)
    # (the first was running: it stays when the backend stopped before it did, else it was deleted once it had
    # stopped (stopping_jobs.py: only an ended job is deleted); the queued ones ended at once and were deleted)
    states = [_job_state(j) for j in task.job_ids]
    assert states[0] in ("cancelled", "cancelling", "deleted") and set(states[1:]) <= {"cancelled", "deleted"}, states
    assert running.timers() == [] and _datablocks() == empty
    _settle(task)
    assert session.current_process() is None  # the worker did not start a backend again
    # enabled again: a new backend, a new job, a head
    _enable_local()
    op = _start_generate(variations=1)
    assert _tick_until(op, _ended, timeout=120) == {"FINISHED"}
    assert len([o for o in bpy.data.objects if writer.SIDECAR_PROP in o]) == 1
    assert session.current_process().pid != pid


@pytest.mark.slow
def test_disabling_while_the_heads_are_built_removes_the_half_built_heads(local_backend):
    from blender_textface import running

    empty = _datablocks()
    op = _start_generate(variations=2)
    task = op._task
    op._timer = running.start_timer(bpy.context, 0.2)
    _tick_until(op, lambda _: task.building, timeout=120)  # the first pieces are built
    assert any(b.get(writer.BUILDING_PROP) for b in bpy.data.meshes)
    _disable()
    assert _datablocks() == empty and not job_state.current.running
    assert running.timers() == [] and session.current_process() is None
    _enable_local()
    assert api.generate_head("an old man", seed=1, refine=False) is not None


@pytest.mark.slow
def test_disabling_mid_refine_cancels_the_remote_job_and_leaves_the_head_as_it_was(tiny_clip_service):
    """A remote backend keeps running when Blender quits: the job must be cancelled there, not left to run, and
    deleted once it stopped."""
    head = api.generate_head("a young man with a narrow face", seed=5, refine=False)
    sidecar, images = head["textface_sidecar"], sorted(i.name for i in bpy.data.images)
    url, token = tiny_clip_service.remote_url, tiny_clip_service.remote_token
    bpy.context.view_layer.objects.active = head
    props = bpy.context.scene.textface
    props.refine_text, props.refine_steps = "looks tired", 1000
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    task = op._task
    _tick_until(op, lambda _: job_state.current.stage == "refine", timeout=120)
    _disable()
    (job_id,) = task.job_ids
    client = session.client(url, token)
    assert _remote_state(client, job_id) in ("cancelling", "cancelled", "deleted")  # asked before unregister returned
    assert head["textface_sidecar"] == sidecar and sorted(i.name for i in bpy.data.images) == images
    assert [i for i in bpy.data.images if i.get(progress_image.MARK)] == []
    # and once the service has stopped it, deleted there (stopping_jobs.py: its thread outlives the add-on)
    deadline = time.monotonic() + 60
    while (state := _remote_state(client, job_id)) != "deleted" and time.monotonic() < deadline:
        assert state in ("cancelling", "cancelled")
        time.sleep(0.2)
    assert state == "deleted", f"the cancelled remote job {job_id} was not deleted"
    addon_utils.enable(ADDON, default_set=True, handle_error=_raise)  # for the fixture's own disable


def test_a_backend_check_that_ends_after_the_addon_was_disabled_starts_no_backend(addon):
    """Check Backend's probe thread (or any job's) reaching the session after unregister must not launch a
    backend nobody would ever stop."""
    from blender_textface import check

    prefs = bpy.context.preferences.addons[ADDON].preferences
    prefs.backend_mode, prefs.python_path = "LOCAL", sys.executable  # (no torch: it would exit at once)
    probe = check.Probe(settings_from_context(bpy.context))
    _disable()
    try:
        probe.run()  # what the probe's thread does when it gets to it after the add-on went
        assert "disabled" in probe.error and session.current_process() is None
        with pytest.raises(BackendError, match="disabled"):
            session.endpoint_if_ready(probe.settings)
    finally:
        session.shutdown()
        addon_utils.enable(ADDON, default_set=True, handle_error=_raise)
    assert session.local_process(probe.settings) is session.current_process()  # enabled again: it starts
    session.shutdown()


def test_disabling_while_an_environment_is_made_cancels_it_and_removes_its_folder(addon, tmp_path, monkeypatch):
    """Its modal handler goes with the add-on: left running, the set-up would finish unseen (the preference
    never set) or be cut off when Blender quits, leaving a half-made environment."""
    from blender_textface import environment, running

    from test_environment import local_setup

    local_setup(monkeypatch, [])
    slow = [("waiting for a slow download", [sys.executable, "-c", "print('downloading', flush=True); "
                                             "import time; time.sleep(60)"], {})]
    monkeypatch.setattr(environment.Setup, "steps", lambda self: slow)
    op = SimpleNamespace()
    target = tmp_path / "env"
    setup = environment.Setup(target)
    environment.TEXTFACE_OT_create_environment._run_in_background(op, bpy.context, setup)
    deadline = time.monotonic() + 20
    while not setup.last_line and time.monotonic() < deadline:
        time.sleep(0.05)
    assert setup.last_line == "downloading" and target.exists() and running.timers()
    started = time.monotonic()
    _disable()
    assert setup.done and time.monotonic() - started < 10  # waited for its clean-up, not the step's 60 s
    assert setup.error == "cancelled" and not target.exists() and running.timers() == []
    addon_utils.enable(ADDON, default_set=True, handle_error=_raise)
