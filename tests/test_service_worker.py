"""Worker process failures and persistence: a killed worker, a job that ignores cancel, a restart."""
from __future__ import annotations

import json
import os
import signal
import time

from test_service_support import service, submit, wait_for

from backend.service.store import RESTART_REASON, JobStore


def test_killed_worker_fails_the_job_and_the_service_goes_on(tmp_path):
    with service(tmp_path) as api:
        job = submit(api, "steps:400:0.05")
        running = wait_for(api, job["id"], ("running",))
        while running["stage"] != "work":  # inside the job callable, not still starting
            running = api.get(f"/v1/jobs/{job['id']}").json()
        pid = running["worker_pid"]
        assert pid and pid != os.getpid()
        os.kill(pid, signal.SIGKILL)
        status = wait_for(api, job["id"], timeout=15)
        assert status["state"] == "failed" and status["error"]["type"] == "WorkerDied"
        assert "killed by signal SIGKILL" in status["error"]["message"]
        assert api.get("/v1/health").status_code == 200
        after = wait_for(api, submit(api, "next one", seed=5)["id"])
        assert after["state"] == "done"
        assert api.get(f"/v1/jobs/{after['id']}/results/json").json()["prompt"] == "next one"
        assert json.loads((tmp_path / "jobs" / job["id"] / "status.json").read_text())["state"] == "failed"


def test_worker_that_exits_by_itself(tmp_path):
    with service(tmp_path) as api:
        status = wait_for(api, submit(api, "exit")["id"], timeout=30)
        assert status["state"] == "failed" and "exit status 3" in status["error"]["message"]
        assert wait_for(api, submit(api, "quick")["id"])["state"] == "done"


def test_job_that_ignores_cancel_is_stopped_by_force(tmp_path):
    with service(tmp_path, cancel_grace_s=0.5) as api:
        job = submit(api, "stubborn:60")
        wait_for(api, job["id"], ("running",))
        time.sleep(0.3)
        assert api.post(f"/v1/jobs/{job['id']}/cancel").json()["state"] == "cancelling"
        t = time.monotonic()
        status = wait_for(api, job["id"], timeout=10)
        assert status["state"] == "cancelled" and "stopped" in status["message"]
        assert time.monotonic() - t < 5
        assert wait_for(api, submit(api, "quick")["id"])["state"] == "done"


def test_restart_keeps_results_fails_interrupted_and_requeues_waiting(tmp_path):
    with service(tmp_path) as api:
        finished = wait_for(api, submit(api, "kept", seed=9)["id"])
    # what a crash leaves behind: one job marked running, one still queued (written as the service does)
    crashed = JobStore(tmp_path)
    interrupted = crashed.create("generate", {"params": {"prompt": "steps:10:0.01", "seed": 0}}, "interrupted")
    crashed.update(interrupted["id"], state="running", started=time.time(), worker_pid=123456)
    waiting = crashed.create("generate", {"params": {"prompt": "waited", "seed": 4}}, "waited")
    stopping = crashed.create("generate", {"params": {"prompt": "steps:10:0.01", "seed": 0}}, "stopping")
    crashed.update(stopping["id"], state="cancelling", started=time.time(), worker_pid=123457)
    (tmp_path / "jobs" / "not-a-job").mkdir()  # foreign entries are left alone
    broken = tmp_path / "jobs" / ("b" * 32)
    broken.mkdir()
    (broken / "status.json").write_text("{trunc")

    with service(tmp_path) as api:
        kept = api.get(f"/v1/jobs/{finished['id']}").json()
        assert kept["state"] == "done"
        head = api.get(f"/v1/jobs/{finished['id']}/results/json").json()
        assert (head["prompt"], head["seed"]) == ("kept", 9)
        lost = api.get(f"/v1/jobs/{interrupted['id']}").json()
        assert lost["state"] == "failed" and lost["error"]["message"] == RESTART_REASON
        assert lost["error"]["type"] == "ServiceRestarted"
        was_stopping = api.get(f"/v1/jobs/{stopping['id']}").json()
        assert was_stopping["state"] == "cancelled" and "stopped while the job was stopping" in was_stopping["message"]
        redone = wait_for(api, waiting["id"])
        assert redone["state"] == "done"
        assert api.get(f"/v1/jobs/{waiting['id']}/results/json").json()["prompt"] == "waited"
        assert api.get(f"/v1/jobs/{'b' * 32}").status_code == 404
        assert len(api.get("/v1/jobs").json()["jobs"]) == 4


def test_stopping_the_service_fails_the_running_job_with_a_reason(tmp_path):
    with service(tmp_path) as api:
        job = submit(api, "steps:400:0.05")
        wait_for(api, job["id"], ("running",))
    status = json.loads((tmp_path / "jobs" / job["id"] / "status.json").read_text())
    assert status["state"] == "failed" and "stopped" in status["error"]["message"]


def test_worker_stops_its_job_when_the_service_is_gone(tmp_path):
    """A crashed service leaves its worker orphaned: the worker must stop the job and exit quietly,
    not keep burning CPU on a head nobody will fetch."""
    import multiprocessing

    import test_service_kinds as K

    from backend.service.worker import worker_main

    ctx = multiprocessing.get_context("spawn")
    cmd_r, cmd_w = ctx.Pipe(duplex=False)
    evt_r, evt_w = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=worker_main, args=(cmd_r, evt_w, K.KINDS), daemon=True)
    proc.start()
    cmd_r.close()
    evt_w.close()
    job_dir = tmp_path / ("d" * 32)
    job_dir.mkdir()
    request = {"kind": "generate", "params": {"prompt": "steps:400:0.05", "seed": 0}}
    cmd_w.send(("run", "d" * 32, "generate", request, str(job_dir)))
    assert evt_r.poll(60) and evt_r.recv()[0] == "progress"  # the job is under way
    cmd_w.close()  # what the service's death does to the pipes
    evt_r.close()
    proc.join(timeout=10)
    assert proc.exitcode == 0  # left quietly, long before its 20 s of steps
    assert not (job_dir / "result").exists()


def test_results_are_on_disk_for_good_before_the_job_is_done(tmp_path, monkeypatch):
    """The worker fsyncs the result files and their folder before it reports "done" (whose status
    is written durably): a power cut after "done" cannot leave an empty or missing result."""
    import queue
    import threading

    import test_service_kinds as K

    from backend.io import atomic
    from backend.service import worker

    events = []
    synced = []
    fsync = os.fsync
    monkeypatch.setattr(atomic.os, "fsync", lambda fd: synced.append(os.readlink(f"/proc/self/fd/{fd}")) or fsync(fd))

    class Conn:
        def send(self, msg):
            events.append((msg[0], len(synced)))

    class Inbox:
        jobs = queue.Queue()

    job_dir = tmp_path / ("e" * 32)
    job_dir.mkdir()
    Inbox.jobs.put((("run", "e" * 32, "generate", {"kind": "generate", "params": {"prompt": "quick", "seed": 1}},
                     str(job_dir)), threading.Event()))
    Inbox.jobs.put(None)
    worker._serve(Inbox, Conn(), K.KINDS)
    result = job_dir / "result"
    files = sorted(str(p) for p in result.iterdir())
    assert files and set(files) | {str(result)} == set(synced)  # every file, and the folder
    assert events[-1] == ("done", len(synced))  # all of it before "done" was sent


def _cancelling_job(api) -> dict:
    """A job that ignores cancel (kind stubborn), asked to cancel while it works -> its running status."""
    job = submit(api, "stubborn:60")
    running = wait_for(api, job["id"], ("running",))
    while running["stage"] != "work":
        running = api.get(f"/v1/jobs/{job['id']}").json()
    assert api.post(f"/v1/jobs/{job['id']}/cancel").json()["state"] == "cancelling"
    return running


def test_stopping_the_service_while_a_job_is_cancelling_ends_it_cancelled(tmp_path):
    """Asked to stop, then stopped by the service's shutdown: cancelled, as a restart would say
    (store.recover), not failed."""
    with service(tmp_path, cancel_grace_s=60) as api:
        job = _cancelling_job(api)
    status = json.loads((tmp_path / "jobs" / job["id"] / "status.json").read_text())
    assert status["state"] == "cancelled" and status["error"] is None, status
    assert "service stopped" in status["message"] and status["worker_pid"] is None


def test_a_worker_dying_while_its_job_is_cancelling_ends_it_cancelled(tmp_path):
    with service(tmp_path, cancel_grace_s=60) as api:
        job = _cancelling_job(api)
        os.kill(job["worker_pid"], signal.SIGKILL)
        status = wait_for(api, job["id"], timeout=15)
        assert status["state"] == "cancelled" and "SIGKILL" in status["message"], status
        assert wait_for(api, submit(api, "quick")["id"])["state"] == "done"
