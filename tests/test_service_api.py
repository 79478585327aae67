"""The HTTP API with small real job callables: auth, validation, job life, cancel, queue, results."""
from __future__ import annotations

import asyncio
import json

import pytest
from fastapi.testclient import TestClient
from test_service_support import AUTH, TOKEN, api, config, service, submit, wait_for  # noqa: F401 - api: the fixture

from backend.io.wire import WIRE_VERSION
from backend.service.app import create_app
from backend.service.schemas import MAX_BODY_BYTES


def _detail(r) -> str:
    body = r.json()
    assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


# -- token ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("path", ["/v1/health", "/v1/jobs", "/openapi.json", "/v1/jobs/" + "0" * 32])
def test_every_route_needs_the_token(tmp_path, path):
    app = create_app(config(tmp_path), {})
    with TestClient(app) as bare:
        r = bare.get(path)
        assert r.status_code == 401 and "missing bearer token" in _detail(r)
        assert r.headers["www-authenticate"] == "Bearer"
        r = bare.get(path, headers={"Authorization": "Bearer " + "x" * len(TOKEN)})
        assert r.status_code == 401 and "wrong" in _detail(r)
        r = bare.get(path, headers={"Authorization": f"Basic {TOKEN}"})
        assert r.status_code == 401
        assert bare.get(path, headers=AUTH).status_code in (200, 404)
    r = bare.post("/v1/jobs/generate", json={"prompt": "x"})
    assert r.status_code == 401


def test_health_reports_versions_models_and_limits(api):
    h = api.get("/v1/health").json()
    assert h["status"] == "ok" and h["wire_version"] == WIRE_VERSION and h["api_version"] == 1
    assert set(h["models"]) == {"ict_model", "shape_weights", "texture_model", "clip_weights"}
    assert h["models"]["clip_weights"]["available"] is False  # none configured in this app
    assert "--clip-weights" in h["models"]["clip_weights"]["detail"]
    assert h["limits"]["max_body_bytes"] == MAX_BODY_BYTES and h["limits"]["max_prompt_chars"] == 2000
    assert h["workers"]["workers"] == 1
    assert h["limits"]["keep_jobs"] == 0 and h["limits"]["max_job_age_s"] == 0  # this app keeps every job


def test_openapi_document(api):
    doc = api.get("/openapi.json").json()
    assert doc["openapi"].startswith("3.")
    assert {"/v1/jobs/generate", "/v1/jobs/refine", "/v1/jobs/{job_id}/cancel"} <= set(doc["paths"])
    assert "HTTPBearer" in doc["components"]["securitySchemes"]


# -- bad input ------------------------------------------------------------------------------------
@pytest.mark.parametrize("body, field", [
    ({}, "prompt"),
    ({"prompt": ""}, "prompt"),
    ({"prompt": "   \n\t"}, "prompt"),
    ({"prompt": "x" * 2001}, "prompt"),
    ({"prompt": 5}, "prompt"),
    ({"prompt": "ok", "seed": "5"}, "seed"),
    ({"prompt": "ok", "seed": 1.5}, "seed"),
    ({"prompt": "ok", "seed": -1}, "seed"),
    ({"prompt": "ok", "seed": 2**31}, "seed"),
    ({"prompt": "ok", "refine": "yes"}, "refine"),
    ({"prompt": "ok", "texture_size": 300}, "texture_size"),
    ({"prompt": "ok", "texture": "stylegan:/etc/passwd"}, "texture"),
    ({"prompt": "ok", "colour": "red"}, "colour"),
    ({"prompt": "ok\x00"}, "prompt"),
])
def test_generate_refuses_bad_bodies(api, body, field):
    r = api.post("/v1/jobs/generate", json=body)
    assert r.status_code == 422, r.text
    # a prompt string the parser refuses is said in its words, as generate prints it (test_service_prompt_refused)
    assert field in _detail(r) or (field == "prompt" and _detail(r).startswith("the description "))
    assert any(field in e["field"] for e in r.json()["errors"])


def test_limits_are_inclusive(api):
    job = submit(api, "x" * 2000, seed=2**31 - 1)
    assert wait_for(api, job["id"])["state"] == "done"
    assert submit(api, "ok", seed=0)["state"] in ("queued", "running", "done")


def test_body_must_be_json_object(api):
    r = api.post("/v1/jobs/generate", content=b"{not json", headers={"Content-Type": "application/json"})
    assert r.status_code == 422
    r = api.post("/v1/jobs/generate", json=["prompt"])
    assert r.status_code == 422


def test_oversized_body_is_413_with_the_limit(api):
    r = api.post("/v1/jobs/generate", json={"prompt": "x" * (MAX_BODY_BYTES + 10)})
    assert r.status_code == 413 and str(MAX_BODY_BYTES) in _detail(r)

    def chunks():  # no Content-Length: counted while reading
        for _ in range(MAX_BODY_BYTES // 1000 + 2):
            yield b" " * 1000

    r = api.post("/v1/jobs/generate", content=chunks(), headers={"Content-Type": "application/json"})
    assert r.status_code == 413


@pytest.mark.parametrize("job_id", ["..", "..%2F..%2Fetc", "0" * 31, "0" * 33, "G" * 32, "%2e%2e", "A" * 32])
def test_bad_job_ids(api, job_id):
    r = api.get(f"/v1/jobs/{job_id}")
    assert r.status_code in (400, 404), r.text
    if r.status_code == 400:
        assert "32 lowercase hexadecimal" in _detail(r)


def test_path_traversal_never_reaches_the_disk(api):
    for path in ("/v1/jobs/..%2F..%2Fservice_token/results/json", "/v1/jobs/..%2F..%2Fservice_token",
                 "/v1/jobs/../service_token"):
        r = api.get(path)
        assert r.status_code == 404, path
        assert "no such endpoint" in _detail(r) and "32 lowercase hexadecimal" in _detail(r)
    r = api.put("/v1/jobs")
    assert r.status_code == 405 and "PUT is not allowed on /v1/jobs" in _detail(r)


def test_unknown_job(api):
    for method, path in (("get", ""), ("post", "/cancel"), ("get", "/results/npz"), ("get", "/preview"),
                         ("delete", "")):
        r = api.request(method.upper(), f"/v1/jobs/{'a' * 32}{path}")
        assert r.status_code == 404 and "no job with id" in _detail(r)


def test_unknown_result_name(api):
    job = submit(api, "quick")
    wait_for(api, job["id"])
    assert api.get(f"/v1/jobs/{job['id']}/results/obj").status_code == 422
    r = api.get(f"/v1/jobs/{job['id']}/results/npz")  # the small kinds write only head.json
    assert r.status_code == 404 and "has no npz result" in _detail(r)


def test_refine_needs_exactly_one_source(api):
    assert api.post("/v1/jobs/refine", json={"text": "kind"}).status_code == 422
    both = {"text": "kind", "source_job": "a" * 32, "sidecar": {}}
    assert "exactly one" in _detail(api.post("/v1/jobs/refine", json=both))
    r = api.post("/v1/jobs/refine", json={"text": "kind", "source_job": "a" * 32})
    assert r.status_code == 404
    r = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": {"schema_version": 1}})
    assert r.status_code == 422 and "sidecar" in _detail(r)


def test_refine_sidecar_cannot_name_a_texture_checkpoint(api):
    job = submit(api, "quick")
    wait_for(api, job["id"])
    sidecar = api.get(f"/v1/jobs/{job['id']}/results/json").json()
    sidecar["texture"]["model"] = "stylegan:/etc/passwd"
    r = api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": sidecar})
    assert r.status_code == 422 and "not one this service runs" in _detail(r)
    sidecar["texture"]["model"] = "parametric"
    sidecar["identity"] = [0.0] * 99
    assert api.post("/v1/jobs/refine", json={"text": "kind", "sidecar": sidecar}).status_code == 422


def test_stylegan_needs_a_server_checkpoint(api):
    r = api.post("/v1/jobs/generate", json={"prompt": "ok", "texture": "stylegan"})
    assert r.status_code == 422 and "--stylegan" in _detail(r)


# -- job life -------------------------------------------------------------------------------------
def test_generate_job_runs_and_serves_its_result(api):
    job = submit(api, "a man with a beard", seed=7)
    assert job["state"] == "queued" and len(job["id"]) == 32
    done = wait_for(api, job["id"])
    assert done["state"] == "done" and done["results"] == {"json": "head.json"}
    assert done["finished"] >= done["started"] >= done["created"]
    r = api.get(f"/v1/jobs/{job['id']}/results/json")
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert (r.json()["prompt"], r.json()["seed"]) == ("a man with a beard", 7)
    listed = {j["id"]: j for j in api.get("/v1/jobs").json()["jobs"]}
    assert listed[job["id"]]["state"] == "done"
    assert all(j["state"] == "done" for j in api.get("/v1/jobs", params={"state": "done"}).json()["jobs"])
    assert api.get("/v1/jobs", params={"state": "lost"}).status_code == 422
    assert api.get("/v1/jobs", params={"limit": 0}).status_code == 422


def test_progress_is_reported(api):
    job = submit(api, "steps:20:0.05")
    seen = set()
    while (s := api.get(f"/v1/jobs/{job['id']}").json())["state"] not in ("done", "failed"):
        if s["state"] == "running" and s["stage"] == "work":
            seen.add(s["step"])
            assert s["total"] == 20 and s["message"] == f"step {s['step']}"
    assert s["state"] == "done" and s["stage"] == "done" and s["step"] == s["total"]
    assert len(seen) >= 2  # saw it move


def test_progress_preview(api):
    job = submit(api, "preview")
    status = wait_for(api, job["id"])
    assert status["preview"] is True
    r = api.get(f"/v1/jobs/{job['id']}/preview")
    assert r.status_code == 200 and r.content[:8] == b"\x89PNG\r\n\x1a\n"
    quick = submit(api, "quick")
    wait_for(api, quick["id"])
    assert api.get(f"/v1/jobs/{quick['id']}/preview").status_code == 404


def test_preview_count_advances_with_each_preview_written(api):
    """The status counts the previews, so a client downloads each new one once: a count it sees is
    never ahead of the file the preview route serves."""
    import io

    from PIL import Image

    job = submit(api, "previews:12:0.2")  # previews at steps 1, 3, ..., 11: six, valued 10 ... 60 (0.2 s a step:
    # a loaded 2-core host once polled too slowly at 0.05 s to see three counts)
    assert job["preview_count"] == 0
    seen = []
    while (s := api.get(f"/v1/jobs/{job['id']}").json())["state"] not in ("done", "failed"):
        if s["preview_count"] and (not seen or seen[-1] != s["preview_count"]):
            seen.append(s["preview_count"])
            r = api.get(f"/v1/jobs/{job['id']}/preview")
            assert r.status_code == 200
            assert Image.open(io.BytesIO(r.content)).getpixel((0, 0))[0] >= 10 * s["preview_count"]
    assert s["state"] == "done" and s["preview_count"] == 6 and s["preview"] is True
    assert len(seen) >= 3 and seen == sorted(seen) and seen[-1] <= 6  # it advanced, one by one or faster
    quick = wait_for(api, submit(api, "quick")["id"])
    assert quick["preview_count"] == 0 and quick["preview"] is False


def test_user_error_and_bug_are_reported(api):
    failed = wait_for(api, submit(api, "fail")["id"])
    assert failed["state"] == "failed"
    assert failed["error"]["message"] == "this description cannot be made into a head"
    assert failed["error"]["user_error"] is True and failed["error"]["type"] == "TextFaceError"
    bug = wait_for(api, submit(api, "bug")["id"])
    assert bug["state"] == "failed" and bug["error"]["user_error"] is False
    assert "ZeroDivisionError" in bug["error"]["message"]
    assert "Traceback" in bug["error"]["traceback"] and "fake_generate" in bug["error"]["traceback"]
    r = api.get(f"/v1/jobs/{bug['id']}/results/json")
    assert r.status_code == 409
    assert wait_for(api, submit(api, "quick")["id"])["state"] == "done"  # the worker carries on


def test_refine_from_a_finished_job(api):
    source = wait_for(api, submit(api, "an old woman", seed=11)["id"])
    r = api.post("/v1/jobs/refine", json={"text": "looks wise", "source_job": source["id"]})
    assert r.status_code == 202, r.text
    done = wait_for(api, r.json()["id"])
    assert done["kind"] == "refine" and done["state"] == "done"
    head = api.get(f"/v1/jobs/{done['id']}/results/json").json()
    assert (head["prompt"], head["seed"], head["refined_with"]) == ("an old woman", 11, "looks wise")
    running = submit(api, "steps:40:0.05")
    r = api.post("/v1/jobs/refine", json={"text": "looks wise", "source_job": running["id"]})
    assert r.status_code == 409 and "no finished head" in _detail(r)
    api.post(f"/v1/jobs/{running['id']}/cancel")
    wait_for(api, running["id"])


def test_cancel_running_queued_and_finished(api):
    running = submit(api, "steps:200:0.05")
    queued = submit(api, "steps:200:0.05")
    wait_for(api, running["id"], ("running",))
    assert queued["queue_position"] == 1 or api.get(f"/v1/jobs/{queued['id']}").json()["queue_position"] == 1
    r = api.post(f"/v1/jobs/{queued['id']}/cancel")
    assert r.status_code == 200 and r.json()["state"] == "cancelled"
    r = api.post(f"/v1/jobs/{running['id']}/cancel")
    assert r.status_code == 200 and r.json()["state"] in ("cancelling", "cancelled")
    status = wait_for(api, running["id"], timeout=10)
    assert status["state"] == "cancelled" and status["step"] < 199
    r = api.post(f"/v1/jobs/{running['id']}/cancel")
    assert r.status_code == 409 and "already ended" in _detail(r)


def test_delete_finished_job(api, tmp_path):
    job = wait_for(api, submit(api, "quick")["id"])
    assert api.delete(f"/v1/jobs/{job['id']}").status_code == 204
    assert api.get(f"/v1/jobs/{job['id']}").status_code == 404
    running = submit(api, "steps:100:0.05")
    assert api.delete(f"/v1/jobs/{running['id']}").status_code == 409
    api.post(f"/v1/jobs/{running['id']}/cancel")
    wait_for(api, running["id"])


def test_full_queue_answers_429(tmp_path):
    with service(tmp_path, max_queue=2) as api:
        first = submit(api, "steps:400:0.05")
        wait_for(api, first["id"], ("running",))
        waiting = [submit(api, "quick"), submit(api, "quick")]
        r = api.post("/v1/jobs/generate", json={"prompt": "one too many"})
        assert r.status_code == 429 and "queue is full" in _detail(r) and r.headers["retry-after"]
        assert len(api.get("/v1/jobs").json()["jobs"]) == 3  # the refused job left nothing behind
        api.post(f"/v1/jobs/{first['id']}/cancel")
        for job in waiting:
            assert wait_for(api, job["id"])["state"] == "done"
        assert submit(api, "room again")["state"] in ("queued", "running")


def test_job_folder_layout(tmp_path):
    with service(tmp_path) as api:
        job = wait_for(api, submit(api, "quick", seed=3)["id"])
    folder = tmp_path / "jobs" / job["id"]
    request = json.loads((folder / "request.json").read_text())
    assert request["kind"] == "generate" and request["params"]["seed"] == 3
    assert request["server"]["clip_weights"] is None
    assert json.loads((folder / "status.json").read_text())["state"] == "done"
    assert (folder / "result" / "head.json").is_file()
    assert not [p for p in folder.rglob("*.tmp")]


def test_a_delete_racing_a_download_is_a_404_not_a_500(api, monkeypatch):
    # the job folder is renamed away between the result lookup and the file being opened
    from backend.service.store import JobStore

    job = wait_for(api, submit(api, "quick")["id"])
    lookup = JobStore.result_path

    def lookup_then_delete(self, job_id, name):
        path = lookup(self, job_id, name)
        self.delete(job_id)
        return path

    monkeypatch.setattr(JobStore, "result_path", lookup_then_delete)
    r = api.get(f"/v1/jobs/{job['id']}/results/json")
    assert r.status_code == 404 and "was deleted" in _detail(r)


def test_an_opened_result_is_sent_whole_even_if_deleted_meanwhile(tmp_path):
    from backend.service.app import _send_file

    path = tmp_path / "head.npz"
    data = bytes(range(256)) * 9000  # over two read chunks
    path.write_bytes(data)
    response = _send_file(path, "application/octet-stream", "gone", filename="head.npz")
    path.unlink()  # the DELETE lands while the answer is on its way

    async def body():
        return b"".join([chunk async for chunk in response.body_iterator])

    assert asyncio.run(body()) == data
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["content-disposition"] == 'attachment; filename="head.npz"'


# -- status codes of the edge cases ---------------------------------------------------------------
def test_submit_while_the_service_stops_is_503_not_queue_full(tmp_path):
    with service(tmp_path) as api:
        sup = api.app.state.supervisor
        with sup.lock:
            sup.stopping = True  # as Supervisor.stop() sets it, between the signal and the last slot
        try:
            r = api.post("/v1/jobs/generate", json={"prompt": "too late"})
        finally:
            with sup.lock:
                sup.stopping = False
        assert r.status_code == 503 and "stopping" in _detail(r) and "queue" not in _detail(r)
        assert api.get("/v1/jobs").json()["jobs"] == []  # nothing was created


def test_cancel_of_a_job_that_ended_before_its_slot_let_go_is_409(tmp_path):
    from backend.service.runner import NotCancellable, Supervisor
    from backend.service.store import JobStore

    store = JobStore(tmp_path)
    sup = Supervisor(store, {})
    job = store.create("generate", {"params": {"prompt": "x", "seed": 0}}, "x")
    sup.slots[0].job_id = job["id"]  # the slot thread is between the "done" message and its clean-up
    store.update(job["id"], state="done", results={"json": "head.json"})
    with pytest.raises(NotCancellable, match="already ended"):
        sup.cancel(job["id"])
    assert store.get(job["id"])["state"] == "done" and sup.slots[0].cancel_at is None


@pytest.mark.parametrize("headers", [{}, {"Content-Type": "text/plain"},
                                     {"Content-Type": "application/x-www-form-urlencoded"}])
def test_a_body_without_a_json_content_type_says_so(api, headers):
    r = api.post("/v1/jobs/generate", content=b'{"prompt": "a man"}', headers=headers)
    assert r.status_code == 422 and "Content-Type: application/json" in _detail(r)
    assert (headers.get("Content-Type", "none was sent")) in _detail(r)
    r = api.post("/v1/jobs/generate", content=b'{"prompt": "a man"}',
                 headers={"Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 202
    r = api.post("/v1/jobs/generate", json={"prompt": ""})  # a JSON body's own errors are not about the type
    assert r.status_code == 422 and "Content-Type" not in _detail(r)
