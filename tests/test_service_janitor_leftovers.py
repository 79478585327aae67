"""The janitor's timer (and its poke after every job) also sweeps what dead writers left in ended jobs' folders
(service/leftovers.py), with or without the old-job limits; a queued, running or cancelling job's folder, or
one a worker slot still holds, is never looked into.  Before, only a worker's death seen by the service and the
next start removed them: a leftover that could not go then stayed until the job was deleted."""
from __future__ import annotations

import time
from pathlib import Path

from test_service_leftovers import _dead_pid
from test_service_support import service, submit, wait_for

from backend.service.janitor import Janitor
from backend.service.leftovers import sweep_leftovers
from backend.service.store import JobStore


def _plant(folder: Path, pid: int, tag: str) -> set[str]:
    """What a worker killed while writing leaves (named as io.staging and io.atomic name them)."""
    stage = folder / f".result.{pid}-{tag}.tmp"
    stage.mkdir()
    (stage / "head.obj").write_text("v 0 0 0\n")
    (folder / f".progress_preview.png.{pid}.tmp").write_bytes(b"\x89PNG")
    return {stage.name, f".progress_preview.png.{pid}.tmp"}


def _names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def _until(what, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not what():
        assert time.monotonic() < deadline, "the janitor did not sweep"
        time.sleep(0.05)


def test_the_janitor_sweeps_ended_jobs_and_never_a_running_one(tmp_path):
    dead = _dead_pid()
    with service(tmp_path) as api:  # no --keep-jobs / --max-job-age: the sweep runs all the same
        ended = wait_for(api, submit(api, "quick")["id"])["id"]
        running = submit(api, "steps:2000:0.01")["id"]
        wait_for(api, running, states=("running",))
        jobs = tmp_path / "jobs"
        planted_ended = _plant(jobs / ended, dead, "0123abcd")
        planted_running = _plant(jobs / running, dead, "89abcdef")  # a dead pid's names, but its job runs
        api.app.state.janitor.poke()
        _until(lambda: not planted_ended & _names(jobs / ended))
        assert _names(jobs / ended) >= {"request.json", "status.json", "result"}
        api.app.state.janitor.poke()
        time.sleep(0.5)  # (a second sweep, while the job still runs)
        assert planted_running <= _names(jobs / running)
        assert api.post(f"/v1/jobs/{running}/cancel").status_code == 200
        assert wait_for(api, running)["state"] == "cancelled"
        _until(lambda: not planted_running & _names(jobs / running))  # the job's end pokes the janitor


def test_a_job_a_slot_still_holds_is_not_swept(tmp_path):
    """An ended job whose slot has not let go yet (it is cleaning up after its dead worker) is left to it; a
    queued one is never looked into."""
    dead = _dead_pid()
    store = JobStore(tmp_path)
    failed = store.create("generate", {}, "p")["id"]
    store.fail(failed, "the worker process died", "WorkerDied")
    queued = store.create("generate", {}, "p")["id"]
    planted = {job_id: _plant(store.job_dir(job_id), dead, "0123abcd") for job_id in (failed, queued)}
    assert sweep_leftovers(store, lambda: {failed}) == {}
    assert planted[failed] <= _names(store.job_dir(failed))
    swept = sweep_leftovers(store, set)
    assert {k: set(v) for k, v in swept.items()} == {failed: planted[failed]}
    assert not planted[failed] & _names(store.job_dir(failed)) and planted[queued] <= _names(store.job_dir(queued))


def test_the_timer_sweeps_without_a_poke(tmp_path):
    dead = _dead_pid()
    with service(tmp_path) as api:
        job = wait_for(api, submit(api, "quick")["id"])["id"]
        janitor: Janitor = api.app.state.janitor
        janitor.interval = 0.2  # (an hour without --max-job-age)
        janitor.poke()  # the loop picks the new interval up
        time.sleep(0.5)
        planted = _plant(tmp_path / "jobs" / job, dead, "0123abcd")
        _until(lambda: not planted & _names(tmp_path / "jobs" / job))
