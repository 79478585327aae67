"""A progress preview that cannot be written is not a bug of the service: a job whose folder was deleted
while it ran (by hand, or the whole data folder) ends cancelled, saying so; a preview the disk refuses
fails the job with one line naming the file (a storage error, no traceback).  Before, both failed the
job as an internal error with a FileNotFoundError / IsADirectoryError traceback."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import numpy as np
import test_service_kinds as K
from test_service_support import service, submit, wait_for

PICTURE = np.full((8, 8, 3), 120, np.uint8)


def preview_kind(request: dict, job_dir: Path, progress, cancel) -> dict:
    """"blocked": a folder where the preview file goes (the disk refuses the write, as a full or read-only
    one would); anything else: a plain job with a preview."""
    if request["params"]["prompt"] == "blocked":
        (job_dir / "progress_preview.png").mkdir()
    progress("refine", 1, 2, "a picture", PICTURE)
    return K._write(job_dir, K._sidecar(request["params"]["prompt"], 0))


def _wait_for_previews(client, job_id: str, count: int) -> dict:
    deadline = time.monotonic() + 60
    while True:
        status = client.get(f"/v1/jobs/{job_id}").json()
        if status["preview_count"] >= count or status["state"] not in ("queued", "running"):
            return status
        assert time.monotonic() < deadline, status
        time.sleep(0.02)


def test_a_job_whose_folder_is_deleted_ends_cancelled_not_as_a_bug(tmp_path):
    with service(tmp_path) as client:
        job = submit(client, "previews:200:0.05")  # a preview every 0.1 s for 10 s
        assert _wait_for_previews(client, job["id"], 1)["state"] == "running"
        shutil.rmtree(tmp_path / "jobs" / job["id"])  # the user cleans up by hand
        final = wait_for(client, job["id"], timeout=60)
        assert final["state"] == "cancelled", final
        assert final["error"] is None
        assert "folder" in final["message"] and "deleted" in final["message"], final["message"]
        assert final["step"] < 199  # it stopped there, not at the end
        # the service goes on
        assert wait_for(client, submit(client, "next")["id"])["state"] == "done"


def test_a_deleted_data_folder_ends_the_running_job_cancelled_and_the_next_one_runs(tmp_path):
    data = tmp_path / "data"
    with service(data) as client:
        job = submit(client, "previews:200:0.05")
        assert _wait_for_previews(client, job["id"], 1)["state"] == "running"
        shutil.rmtree(data / "jobs")
        final = wait_for(client, job["id"], timeout=60)
        assert final["state"] == "cancelled" and final["error"] is None, final
        nxt = submit(client, "next")
        assert wait_for(client, nxt["id"])["state"] == "done"
        assert client.get(f"/v1/jobs/{nxt['id']}/results/json").status_code == 200


def test_a_preview_the_disk_refuses_fails_the_job_with_one_line(tmp_path):
    with service(tmp_path, kinds={"generate": preview_kind}) as client:
        job = submit(client, "blocked")
        final = wait_for(client, job["id"])
        assert final["state"] == "failed", final
        error = final["error"]
        assert error["user_error"] and error["type"] == "StorageError", error
        assert error["message"].startswith("cannot write the progress preview ")
        assert "progress_preview.png" in error["message"] and "\n" not in error["message"]
        # a preview that can be written still is
        ok = submit(client, "fine")
        status = wait_for(client, ok["id"])
        assert status["state"] == "done" and status["preview_count"] == 1, status
        assert client.get(f"/v1/jobs/{ok['id']}/preview").content.startswith(b"\x89PNG")
