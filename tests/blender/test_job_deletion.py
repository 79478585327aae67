"""The add-on deletes its jobs on the service once it has their results (a head is ~27 MB of job folder the
service would keep for days): never while a job runs; a failing delete never costs the imported head.
(The real local backend's job folder: test_full_path.py.)"""
from __future__ import annotations

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


def test_generate_deletes_its_jobs_once_it_has_the_results_not_while_they_run(fake):
    bpy.context.scene.textface.variations = 2
    fake.hold.clear()  # the jobs stay running
    op = _operator()
    assert op._begin(bpy.context) is not None
    deadline = time.monotonic() + 10
    while job_state.current.stage != "refine":
        op.modal(bpy.context, TIMER)
        assert time.monotonic() < deadline
        time.sleep(0.01)
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
    fake.fail_with = "prompt could not be parsed"
    with pytest.raises(api.BackendError, match="the job failed: prompt could not be parsed"):
        api.generate_head("a small synthetic test head", refine=False)
    assert fake.deleted == list(fake.jobs) and _heads() == []


def test_a_failed_import_still_deletes_the_downloaded_jobs(fake):
    fake.payload = b"not a wire file"
    with pytest.raises(api.ImportFailed):
        api.generate_head("a small synthetic test head", refine=False)
    assert fake.deleted == list(fake.jobs) and _heads() == []
