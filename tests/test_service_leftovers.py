"""A worker killed while it writes a job's files (kill -9, out of memory, a cancel forced after its grace)
leaves its staging folder (a whole head, ~30 MB) in the job folder; the service removes it as soon as it
sees the worker die, and at its next start for a worker that died with the service.  Only its own
temporary names inside job folders go, and only once their writer is gone: a user's files stay."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import test_service_kinds as K
from test_service_support import service, submit, wait_for

from backend.io.staging import staged_output
from backend.service.store import RESULT_DIR, JobStore

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="kills the worker with SIGKILL")


def writing_kind(request: dict, job_dir: Path, progress, cancel) -> dict:
    """"stage": stops in the write stage with the head's files in their staging folder (as write_head
    leaves them), "bundle": with the files in result/ and the bundle half packed; hangs there (not
    listening to cancel) until it is killed."""
    prompt = request["params"]["prompt"]
    if prompt == "stage":
        with staged_output(job_dir / RESULT_DIR) as stage:
            (stage / "head.obj").write_bytes(b"v 0 0 0\n" * 10000)
            progress("write", 4, 5, "writing files")
            time.sleep(120)
    elif prompt == "bundle":
        result = job_dir / RESULT_DIR
        result.mkdir()
        (result / "head.json").write_text("{}")
        (result / ".head_bundle.zip.tmp").write_bytes(b"PK" + b"\0" * 1000)
        progress("write", 4, 5, "packing")
        time.sleep(120)
    return K._write(job_dir, K._sidecar(prompt, 0))


def _in_write_stage(client, job_id: str) -> dict:
    deadline = time.monotonic() + 60
    while True:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["stage"] == "write" or status["state"] not in ("queued", "running"):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.05)


def _job_files(data: Path, job_id: str) -> set[str]:
    return {p.name for p in (data / "jobs" / job_id).iterdir()}


@pytest.mark.parametrize("where", ["stage", "bundle"])
def test_a_worker_killed_while_writing_leaves_nothing_in_the_job_folder(tmp_path, where):
    with service(tmp_path, kinds={"generate": writing_kind}) as client:
        job = submit(client, where)
        status = _in_write_stage(client, job["id"])
        assert status["state"] == "running", status
        left = _job_files(tmp_path, job["id"]) - {"request.json", "status.json"}
        assert left, "the stand-in should be writing now"
        os.kill(status["worker_pid"], signal.SIGKILL)  # as the OOM killer does
        final = wait_for(client, job["id"])
        assert final["state"] == "failed" and final["error"]["type"] == "WorkerDied", final
        assert _job_files(tmp_path, job["id"]) == {"request.json", "status.json"}
        # a new worker runs the next job
        nxt = submit(client, "plain")
        assert wait_for(client, nxt["id"])["state"] == "done"


def test_a_forced_cancel_while_writing_leaves_nothing_in_the_job_folder(tmp_path):
    with service(tmp_path, kinds={"generate": writing_kind}, cancel_grace_s=0.5) as client:
        job = submit(client, "stage")
        assert _in_write_stage(client, job["id"])["state"] == "running"
        assert client.post(f"/v1/jobs/{job['id']}/cancel").status_code == 200
        final = wait_for(client, job["id"])
        assert final["state"] == "cancelled" and "worker process was stopped" in final["message"], final
        assert _job_files(tmp_path, job["id"]) == {"request.json", "status.json"}


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _job_folder(root: Path, job_id: str, state: str, results: dict | None = None) -> Path:
    folder = root / job_id
    folder.mkdir(parents=True)
    (folder / "request.json").write_text(json.dumps({"kind": "generate"}))
    status = {"id": job_id, "kind": "generate", "state": state, "summary": "", "created": time.time(),
              "started": None, "finished": None, "stage": "write", "step": 4, "total": 5, "message": "",
              "preview": False, "preview_count": 0, "results": results or {}, "error": None, "worker_pid": None}
    (folder / "status.json").write_text(json.dumps(status))
    return folder


def test_the_next_start_removes_what_a_killed_worker_left_and_only_that(tmp_path):
    """The service and its worker killed together mid-write: the next start cleans up."""
    root = tmp_path / "jobs"
    dead, alive = _dead_pid(), os.getpid()
    running = _job_folder(root, "a" * 32, "running")
    (running / f".result.{dead}-0123abcd.tmp").mkdir()  # as staged_output names it
    (running / f".result.{dead}-0123abcd.tmp" / "head.obj").write_text("v 0 0 0\n")
    (running / f".progress_preview.png.{dead}.tmp").write_bytes(b"\x89PNG")  # as io.atomic names it
    (running / RESULT_DIR).mkdir()  # the bundle was being packed
    (running / RESULT_DIR / ".head_bundle.zip.tmp").write_bytes(b"PK")
    # not a dead writer's: kept
    (running / f".result.{alive}-0123abcd.tmp").mkdir()  # a running writer's
    (running / "notes").mkdir()
    (running / f"result.{dead}-0123abcd.tmp").mkdir()  # no leading dot: not our name
    (running / f".result.{dead}-0123ABCD.tmp").mkdir()  # not hex as we write it
    (running / f".link.{dead}.tmp").symlink_to(tmp_path)
    done = _job_folder(root, "b" * 32, "done", {"json": "head.json"})
    (done / RESULT_DIR).mkdir()
    (done / RESULT_DIR / "head.json").write_text("{}")
    (done / f".result.{dead}-89abcdef.tmp").mkdir()
    foreign = root / "my-stuff"  # not a job folder: never looked into
    (foreign / f".result.{dead}-0123abcd.tmp").mkdir(parents=True)

    store = JobStore(tmp_path)
    assert store.recover() == []
    assert store.get("a" * 32)["state"] == "failed"
    assert {p.name for p in running.iterdir()} == {
        "request.json", "status.json", f".result.{alive}-0123abcd.tmp", "notes", f"result.{dead}-0123abcd.tmp",
        f".result.{dead}-0123ABCD.tmp", f".link.{dead}.tmp"}
    assert {p.name for p in done.iterdir()} == {"request.json", "status.json", RESULT_DIR}
    assert (done / RESULT_DIR / "head.json").is_file()
    assert (foreign / f".result.{dead}-0123abcd.tmp").is_dir()
    assert tmp_path.is_dir()  # the link's target
