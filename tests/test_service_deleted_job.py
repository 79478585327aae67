"""A deleted job's id says it was deleted (and by whom), also after a restart; an id the service never had stays
"no job with id" (backend/service/store.py: the last DELETED_KEPT deleted ids, in DATA_DIR/deleted_jobs.json)."""
from __future__ import annotations

import json
import time

import backend.service.store as store_mod
from test_service_support import api, service, submit, wait_for  # noqa: F401 - api: the shared fixture

from backend.service.store import DELETED_FILE, JobStore

NEVER = "0" * 32


def _detail(r) -> str:
    return r.json()["detail"]


def test_a_deleted_job_says_it_was_deleted_and_an_unknown_id_does_not(api):
    job = wait_for(api, submit(api, "quick")["id"])
    assert api.delete(f"/v1/jobs/{job['id']}").status_code == 204
    said = f"job {job['id']} was deleted (by submit --delete or a DELETE /v1/jobs call)"
    for r in (api.get(f"/v1/jobs/{job['id']}"), api.delete(f"/v1/jobs/{job['id']}"),
              api.post(f"/v1/jobs/{job['id']}/cancel"), api.get(f"/v1/jobs/{job['id']}/results/json")):
        assert r.status_code == 404 and _detail(r) == said, r.text
    r = api.post("/v1/jobs/refine", json={"source_job": job["id"], "text": "older"})
    assert r.status_code == 404 and _detail(r) == said, r.text
    r = api.get(f"/v1/jobs/{NEVER}")
    assert r.status_code == 404 and _detail(r) == f"no job with id {NEVER}"


def test_a_restarted_service_still_knows_the_deleted_ids(tmp_path):
    with service(tmp_path) as client:
        job = wait_for(client, submit(client, "quick")["id"])
        assert client.delete(f"/v1/jobs/{job['id']}").status_code == 204
    with service(tmp_path) as client:
        r = client.get(f"/v1/jobs/{job['id']}")
        assert r.status_code == 404 and _detail(r).startswith(f"job {job['id']} was deleted (by submit --delete"), r.text
        assert _detail(client.get(f"/v1/jobs/{NEVER}")) == f"no job with id {NEVER}"


def test_a_job_the_clean_up_deleted_says_so(tmp_path):
    with service(tmp_path, keep_jobs=1) as client:
        first = wait_for(client, submit(client, "quick", seed=0)["id"])["id"]
        wait_for(client, submit(client, "quick", seed=1)["id"])
        deadline = time.monotonic() + 10
        while (r := client.get(f"/v1/jobs/{first}")).status_code != 404:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert _detail(r) == (f"job {first} was deleted (by the service's clean-up of old jobs: "
                              f"serve --keep-jobs / --max-job-age)")


def _ended(store: JobStore) -> str:
    job = store.create("generate", {"params": {"prompt": "p", "seed": 0}}, "p")
    store.update(job["id"], state="done")
    return job["id"]


def test_the_record_is_bounded_to_the_last_deleted_ids(tmp_path, monkeypatch):
    monkeypatch.setattr(store_mod, "DELETED_KEPT", 3)
    store = JobStore(tmp_path)
    ids = [_ended(store) for _ in range(5)]
    for job_id in ids:
        store.delete(job_id)
    record = json.loads((tmp_path / DELETED_FILE).read_text(encoding="utf-8"))
    assert [row[0] for row in record["deleted"]] == ids[2:]
    again = JobStore(tmp_path)
    for store_ in (store, again):
        said = []
        for job_id in ids:
            try:
                store_.get(job_id)
            except store_mod.UnknownJob as exc:
                said.append(str(exc).split(" ")[0])
        assert said == ["no", "no", "job", "job", "job"]  # the two oldest dropped out of the record


def test_an_unreadable_record_leaves_the_ids_unknown_and_the_service_runs(tmp_path, caplog):
    (tmp_path / DELETED_FILE).write_text("{not json", encoding="utf-8")
    with service(tmp_path) as client:
        job = wait_for(client, submit(client, "quick")["id"])
        assert client.delete(f"/v1/jobs/{job['id']}").status_code == 204
        assert "was deleted" in _detail(client.get(f"/v1/jobs/{job['id']}"))
    assert "unreadable" in caplog.text
    rows = json.loads((tmp_path / DELETED_FILE).read_text(encoding="utf-8"))["deleted"]
    assert rows == [[job["id"], "request"]]  # written over with what this run deleted
