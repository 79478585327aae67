"""What the API says of a job that is being cancelled: it will never have results, and it is deleted
once it has stopped (not "cancel it first": it was)."""
from __future__ import annotations

from test_service_support import service, submit, wait_for
from test_service_worker import _cancelling_job


def test_a_cancelling_job_is_told_apart_from_a_running_one(tmp_path):
    with service(tmp_path, cancel_grace_s=60) as api:
        job = _cancelling_job(api)
        r = api.delete(f"/v1/jobs/{job['id']}")
        assert r.status_code == 409
        assert r.json()["detail"] == f"job {job['id']} is being cancelled; delete it once it has stopped"
        r = api.get(f"/v1/jobs/{job['id']}/results/npz")
        assert r.status_code == 409
        assert r.json()["detail"] == f"job {job['id']} is cancelling; cancelled jobs have no results"
        running = submit(api, "steps:400:0.05")  # queued behind the stubborn one: not done yet
        r = api.delete(f"/v1/jobs/{running['id']}")
        assert r.status_code == 409 and "cancel it first" in r.json()["detail"]
        r = api.get(f"/v1/jobs/{running['id']}/results/npz")
        assert r.status_code == 409 and "results exist once it is done" in r.json()["detail"]


def test_a_cancelled_or_failed_job_has_no_results(tmp_path):
    with service(tmp_path) as api:
        queued = [submit(api, "steps:400:0.05"), submit(api, "quick")]
        assert api.post(f"/v1/jobs/{queued[1]['id']}/cancel").json()["state"] == "cancelled"
        r = api.get(f"/v1/jobs/{queued[1]['id']}/results/json")
        assert r.status_code == 409 and r.json()["detail"].endswith("cancelled jobs have no results")
        api.post(f"/v1/jobs/{queued[0]['id']}/cancel")
        failed = wait_for(api, submit(api, "fail")["id"])
        r = api.get(f"/v1/jobs/{failed['id']}/results/json")
        assert r.status_code == 409 and r.json()["detail"].endswith("failed jobs have no results")


def test_cancel_stops_a_stage_without_checks_at_once(tmp_path):
    """A cancel stops a stoppable stretch (texture synthesis at 2048 px: 20-50 s with no check) where it
    is, not when it ends; and the worker goes on to run the next job."""
    import time

    with service(tmp_path, cancel_grace_s=120) as api:
        job = submit(api, "busy:60")
        running = wait_for(api, job["id"], ("running",))
        while running["stage"] != "work":
            running = api.get(f"/v1/jobs/{job['id']}").json()
        time.sleep(0.5)
        t = time.monotonic()
        assert api.post(f"/v1/jobs/{job['id']}/cancel").json()["state"] == "cancelling"
        status = wait_for(api, job["id"], timeout=30)
        assert status["state"] == "cancelled" and status["message"] == "cancelled", status
        assert time.monotonic() - t < 10  # generous for a loaded machine; the stretch runs 60 s
        assert status["worker_pid"] is None
        after = wait_for(api, submit(api, "next one", seed=5)["id"])
        assert after["state"] == "done" and after["worker_pid"] is None


def test_a_stretch_outside_a_worker_is_checked_after(tmp_path):
    """In the CLI (no worker, no stop handler) the stretch only runs: the pipeline checks after it."""
    from backend.service.worker import StoppableCancel

    event = StoppableCancel()
    event.set()
    with event.stoppable_stretch():
        ran = True
    assert ran
