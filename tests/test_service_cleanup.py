"""Deleting jobs: DELETE, atomic removal, and the old-job clean-up (serve --keep-jobs / --max-job-age)."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_service_support import service, submit, wait_for

from backend.service.store import TRASH_PREFIX, JobNotEnded, JobStore, UnknownJob

ROOT = Path(__file__).resolve().parents[1]


def _ended(store: JobStore, finished: float, state: str = "done") -> str:
    job = store.create("generate", {"params": {"prompt": "p", "seed": 0}}, "p")
    store.update(job["id"], state=state, finished=finished)
    (store.job_dir(job["id"]) / "result").mkdir()
    (store.job_dir(job["id"]) / "result" / "head.json").write_text("{}")
    return job["id"]


def _folders(store: JobStore) -> set[str]:
    return {p.name for p in store.root.iterdir()}


def test_delete_is_atomic_and_only_for_ended_jobs(tmp_path):
    store = JobStore(tmp_path)
    done = _ended(store, time.time())
    queued = store.create("generate", {"params": {"prompt": "q", "seed": 0}}, "q")["id"]
    with pytest.raises(JobNotEnded, match="cancel it first"):
        store.delete(queued)
    store.delete(done)
    assert _folders(store) == {queued}  # no trash left behind either
    with pytest.raises(UnknownJob):
        store.delete(done)
    with pytest.raises(UnknownJob):
        store.update(done, message="late")


def test_recover_finishes_an_interrupted_delete(tmp_path):
    store = JobStore(tmp_path)
    kept = _ended(store, time.time())
    half = store.root / f"{TRASH_PREFIX}{'c' * 32}"  # what a crash in the middle of a delete leaves
    (half / "result").mkdir(parents=True)
    (half / "status.json").write_text('{"id": "%s", "state": "done"}' % ("c" * 32))
    again = JobStore(tmp_path)
    assert again.recover() == []
    assert _folders(again) == {kept}
    assert again.get(kept)["state"] == "done"


def test_prune_by_count_and_age_spares_unfinished_jobs(tmp_path):
    store = JobStore(tmp_path)
    now = time.time()
    old = _ended(store, now - 10 * 86400)
    older_failed = _ended(store, now - 3 * 86400, state="failed")
    recent = [_ended(store, now - k) for k in (30, 20, 10)]
    running = store.create("generate", {"params": {"prompt": "r", "seed": 0}}, "r")["id"]
    store.update(running, state="running")
    queued = store.create("generate", {"params": {"prompt": "q", "seed": 0}}, "q")["id"]

    assert store.prune(None, None, now=now) == []
    assert set(store.prune(None, 7 * 86400, now=now)) == {old}
    assert set(store.prune(2, None, now=now)) == {older_failed, recent[0]}  # the two newest stay
    assert _folders(store) == {recent[1], recent[2], running, queued}
    assert store.prune(2, 1.0, now=now + 3600) == [recent[2], recent[1]]
    assert _folders(store) == {running, queued}
    assert store.get(running)["state"] == "running" and store.get(queued)["state"] == "queued"


def test_service_keeps_only_the_newest_jobs(tmp_path):
    with service(tmp_path, keep_jobs=2) as api:
        assert api.get("/v1/health").json()["limits"]["keep_jobs"] == 2
        ids = [wait_for(api, submit(api, "quick", seed=k)["id"])["id"] for k in range(4)]
        deadline = time.monotonic() + 10
        while len(listed := [j["id"] for j in api.get("/v1/jobs").json()["jobs"]]) > 2:
            assert time.monotonic() < deadline, listed
            time.sleep(0.05)
        assert listed == ids[:1:-1]  # newest first: the last two
        assert api.get(f"/v1/jobs/{ids[0]}").status_code == 404
        assert api.get(f"/v1/jobs/{ids[3]}/results/json").json()["seed"] == 3
    assert _folders(JobStore(tmp_path)) == set(ids[2:])


def test_service_deletes_jobs_past_the_age_limit_while_idle(tmp_path):
    with service(tmp_path, max_job_age_s=1.0) as api:
        assert api.get("/v1/health").json()["limits"]["max_job_age_s"] == 1
        job = wait_for(api, submit(api, "quick")["id"])
        assert api.get(f"/v1/jobs/{job['id']}").status_code == 200  # not at once
        deadline = time.monotonic() + 10
        while api.get(f"/v1/jobs/{job['id']}").status_code != 404:  # no further job pokes the janitor
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert not (tmp_path / "jobs" / job["id"]).exists()


def test_old_jobs_are_pruned_at_start(tmp_path):
    store = JobStore(tmp_path)
    ids = [_ended(store, time.time() - k) for k in (3, 2, 1)]
    with service(tmp_path, keep_jobs=1) as api:
        deadline = time.monotonic() + 10
        while len(api.get("/v1/jobs").json()["jobs"]) > 1:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert api.get("/v1/jobs").json()["jobs"][0]["id"] == ids[2]


@pytest.mark.parametrize("flag", [["--keep-jobs", "-1"], ["--max-job-age", "-2"], ["--max-job-age", "nan"]])
def test_serve_refuses_bad_clean_up_limits(tmp_path, flag):
    run = subprocess.run([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(tmp_path),
                          *flag], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "--keep-jobs and --max-job-age" in run.stderr


def test_a_job_deleted_in_the_middle_of_a_request_is_a_404(tmp_path, monkeypatch):
    """A DELETE or the clean-up may remove a job between two steps of another request."""
    with service(tmp_path) as api:
        job = wait_for(api, submit(api, "quick")["id"])
        store = api.app.state.store
        original = store.result_path

        def vanished(job_id, name):
            store.delete(job_id)
            return original(job_id, name)

        monkeypatch.setattr(store, "result_path", vanished)
        r = api.post("/v1/jobs/refine", json={"text": "kind", "source_job": job["id"]})
        assert r.status_code == 404 and f"job {job['id']} was deleted" in r.json()["detail"]  # said since c68ba5b
