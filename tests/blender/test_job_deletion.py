"""The add-on deletes its jobs on the service once it has their results (a head is ~27 MB of job folder the
service would keep for days): never while a job runs; a failing delete never costs the imported head.
(The real local backend's job folder: test_full_path.py.)"""
from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import bpy
import pytest

from blender_textface import api, job_state
from test_operators import _heads, fake  # noqa: F401 (fake: the stand-in service fixture)

TIMER = SimpleNamespace(type="TIMER")


def _operator():
    from blender_textface import operators

    reports = []

    class Harness(operators._JobOperator):
        make_task = bpy.types.TEXTFACE_OT_generate.make_task
        finished = bpy.types.TEXTFACE_OT_generate.finished

        def report(self, kind, message):
            reports.append((set(kind), message))

    op = Harness()
    op.reports = reports
    return op


def _tick_until_ended(op, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = op.modal(bpy.context, TIMER)
        if result != {"RUNNING_MODAL"}:
            return result
        time.sleep(0.01)
    raise AssertionError("the operator did not end in time")


def _begun_until_running(timeout=10.0):
    """A Generate operator begun and ticked until its jobs run on the service (stage "refine")."""
    op = _operator()
    assert op._begin(bpy.context) is not None
    deadline = time.monotonic() + timeout
    while job_state.current.stage != "refine":
        op.modal(bpy.context, TIMER)
        assert time.monotonic() < deadline
        time.sleep(0.01)
    return op


def test_generate_deletes_its_jobs_once_it_has_the_results_not_while_they_run(fake):
    bpy.context.scene.textface.variations = 2
    fake.hold.clear()  # the jobs stay running
    op = _begun_until_running()
    assert fake.deleted == []  # running: nothing is deleted
    fake.hold.set()
    assert _tick_until_ended(op) == {"FINISHED"}
    assert len(_heads()) == 2 and sorted(fake.deleted) == sorted(fake.jobs)  # each once


def test_the_scripting_api_deletes_its_jobs_too(fake):
    heads = api.generate_heads("a small synthetic test head", variations=3, refine=False)
    assert len(heads) == 3 and sorted(fake.deleted) == sorted(fake.jobs)
    api.refine_head(heads[0], "looks tired")
    assert len(fake.jobs) == 4 and sorted(fake.deleted) == sorted(fake.jobs)  # the refine job as well


def test_a_failing_delete_keeps_the_imported_head_and_says_so(fake, capsys):
    fake.delete_error = RuntimeError("HTTP 500: the disk is read-only")
    (head,) = api.generate_heads("a small synthetic test head", refine=False, name="Kept")
    assert head.name == "Kept" and len(head.data.shape_keys.key_blocks) > 1 and fake.deleted == []
    out = capsys.readouterr().out
    assert f"TextFace: could not delete job {next(iter(fake.jobs))} on the backend" in out
    assert "the disk is read-only" in out
    op = _operator()  # the operator too: finished, its head in, no error
    op._begin(bpy.context)
    assert _tick_until_ended(op) == {"FINISHED"} and len(_heads()) == 2 and job_state.current.last_error == ""
    assert all(kind != {"ERROR"} for kind, _ in op.reports)


def test_a_failed_job_is_deleted_once_its_error_is_read(fake):
    with pytest.raises(api.BackendError, match="the job failed: the description does not look like English"):
        api.generate_head("ein alter Mann mit einem langen Bart", refine=False)
    assert fake.deleted == list(fake.jobs) and _heads() == []


def test_a_failed_import_still_deletes_the_downloaded_jobs(fake):
    fake.payload = b"not a wire file"
    with pytest.raises(api.ImportFailed):
        api.generate_head("a small synthetic test head", refine=False)
    assert fake.deleted == list(fake.jobs) and _heads() == []


def _wait_for(condition, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_a_job_cancelled_while_running_is_deleted_once_the_service_says_it_stopped(fake, monkeypatch):
    """Esc while the job runs: the service answers "cancelling" and stops it later; the add-on deletes it once a
    status says "cancelled" (never before: the fake answers 409 then), on a thread of its own (Blender's
    main thread is back at once)."""
    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.01)
    fake.stopping_polls = 5  # the service needs a while to stop it
    fake.hold.clear()
    op = _begun_until_running()
    start = time.monotonic()
    assert op.modal(bpy.context, SimpleNamespace(type="ESC")) == {"CANCELLED"}
    assert time.monotonic() - start < 0.5 and not job_state.current.running
    (job,) = fake.jobs
    _wait_for(lambda: fake.deleted == [job])
    assert fake.states[job] == "cancelled" and fake.jobs[job] >= 1 + 5  # polled through its "cancelling" answers
    assert threading.main_thread() not in fake.delete_threads and _heads() == []


def test_the_scripting_api_deletes_the_jobs_a_time_out_cancelled(fake, monkeypatch, capsys):
    """A job that outlasts the job time-out is cancelled by the API (the script gets BackendError at once) and
    deleted once it has stopped; a job of the same request still queued is deleted at once."""
    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.01)
    fake.stopping_polls = 3
    fake.hold.clear()
    with pytest.raises(api.BackendError, match="took longer than"):
        api.generate_heads("a small synthetic test head", variations=2, refine=False,
                           settings=api.BackendSettings(job_timeout=0.3))
    _wait_for(lambda: sorted(fake.deleted) == sorted(fake.jobs))
    assert all(fake.states[j] == "cancelled" for j in fake.jobs) and "could not" not in capsys.readouterr().out


def _cancelled_once_submitted(fake, jobs_on_service: int):
    """A HeadTask of one job, stepped until the fake service holds `jobs_on_service` jobs, then cancelled."""
    from blender_textface import tasks

    task = tasks.HeadTask(api.BackendSettings(), [lambda c: c.submit_generate("x")["id"]], apply=lambda p: p,
                          poll_interval=0.01)
    task.step()
    _wait_for(lambda: len(fake.states) == jobs_on_service)
    task.cancel()
    return task


def test_a_job_that_never_stops_is_left_to_the_service_with_a_console_line(fake, monkeypatch, capsys):
    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.01)
    monkeypatch.setattr(stopping_jobs, "STOP_WAIT", 0.2)
    fake.stopping_polls = 10 ** 6
    fake.hold.clear()
    task = _cancelled_once_submitted(fake, 1)
    _wait_for(lambda: task._stopping is not None)
    task._stopping.join(5)
    (job,) = fake.jobs
    assert fake.deleted == [] and fake.states[job] == "cancelling"
    assert f"TextFace: job {job} had not stopped 0.2 s after its cancel" in capsys.readouterr().out


def test_waiting_after_a_cancel_gives_a_stopping_job_the_time_left_to_be_deleted(fake, monkeypatch):
    """Disabling the add-on waits (at most 5 s) after its cancels: a running job that stops meanwhile is deleted
    before the local backend is stopped (which would leave its folder behind); one that does not stop in time
    costs no more than the wait."""
    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.05)
    monkeypatch.setattr(stopping_jobs, "STOP_WAIT", 1.5)  # (the second job's watcher ends soon after the test)
    fake.stopping_polls = 3
    fake.hold.clear()
    task = _cancelled_once_submitted(fake, 1)
    assert task.wait(5.0) and fake.deleted == list(fake.jobs)  # deleted by the time wait returned
    fake.stopping_polls = 10 ** 6
    task = _cancelled_once_submitted(fake, 2)
    start = time.monotonic()
    assert task.wait(0.5) and 0.4 < time.monotonic() - start < 2.0 and len(fake.deleted) == 1


def _watching(fake, settings):
    """A task whose one job was cancelled while running and is being watched (the fake answers "cancelling"
    until `fake.stopping_polls` is lowered)."""
    from blender_textface import tasks

    task = tasks.HeadTask(settings, [lambda c: c.submit_generate("x")["id"]], apply=lambda p: p, poll_interval=0.01)
    task.step()
    _wait_for(lambda: fake.states)
    task.cancel()
    _wait_for(lambda: task._stopping is not None)
    return task


def test_disabling_the_add_on_ends_a_local_backends_watcher_at_once_and_quietly(fake, monkeypatch, capsys):
    """The local backend stops with the add-on, and the service ends the job cancelled when it next starts: the
    thread that would delete it ends at its next poll, with no console line about a backend the add-on stopped.
    (Before: it polled on for 90 s and then printed that it could not follow the job.)"""
    import addon_utils

    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.05)
    monkeypatch.setattr(stopping_jobs, "STOP_WAIT", 30.0)
    fake.stopping_polls = 10 ** 6
    fake.hold.clear()
    task = _watching(fake, api.BackendSettings())
    capsys.readouterr()
    try:
        start = time.monotonic()
        addon_utils.disable("blender_textface", default_set=True)
        task._stopping.join(5)
        assert not task._stopping.is_alive() and time.monotonic() - start < 1.5
        assert fake.deleted == []
        # a cancel answered only after the add-on was disabled (its watcher starts then): no polling at all
        polls = sum(fake.jobs.values())
        task._delete_when_stopped(list(fake.jobs))
        assert sum(fake.jobs.values()) == polls
        out = capsys.readouterr().out
        assert "could not follow" not in out and "had not stopped" not in out
    finally:
        addon_utils.enable("blender_textface", default_set=True)


def test_disabling_the_add_on_lets_a_remote_services_job_be_deleted_once_it_stops(fake, monkeypatch, capsys):
    """A remote service runs on without Blender: its job is still followed after the add-on is disabled, and
    deleted once it has stopped (within stopping_jobs.STOP_WAIT)."""
    import addon_utils

    from blender_textface import stopping_jobs

    monkeypatch.setattr(stopping_jobs, "POLL_INTERVAL", 0.02)
    fake.stopping_polls = 10 ** 6
    fake.hold.clear()
    task = _watching(fake, api.BackendSettings(mode="REMOTE", url="http://fake", token="t"))
    try:
        addon_utils.disable("blender_textface", default_set=True)
        assert task._stopping.is_alive()
        for job in fake._stopping:
            fake._stopping[job] = 2  # the service stops it now
        task._stopping.join(5)
        assert not task._stopping.is_alive() and fake.deleted == list(fake.jobs)
        assert "could not" not in capsys.readouterr().out
    finally:
        addon_utils.enable("blender_textface", default_set=True)
