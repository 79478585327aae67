"""A cancel that lands inside library code which catches Exception (PIL's plugin probing, open_clip, numpy
callbacks) still ends the job cancelled where it is: the library neither swallows the stop (the job ran on
to the next check, or to the end: done) nor wraps it in an error of its own (the job failed as a bug)."""
from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import test_service_kinds as K
from test_service_stoppable_stages import stop_handler  # noqa: F401 - a fixture
from test_service_support import service, submit, wait_for

from backend.errors import Cancelled
from backend.service import worker
from backend.service.worker import StoppableCancel

pytestmark = pytest.mark.skipif(worker.STOP_SIGNAL is None, reason="no SIGUSR1: stretches are checked after")

LOOP_S = 20.0  # how long the stand-in library computes when nothing stops it


class LibraryError(Exception):
    """What a library raises when something inside it failed."""


def _decode_chunk(seconds: float) -> None:
    """A library's inner work: computes for `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sum(range(1000))


def _library_swallowing(seconds: float, done: list) -> None:
    """A library loop that carries on past any Exception raised inside its work (as plugin probing does)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            _decode_chunk(0.5)
        except Exception:  # noqa: BLE001 - the library's, not ours: the point of the test
            pass
    done.append("finished")


def _library_wrapping(seconds: float, done: list) -> None:
    """A library that reports any Exception raised inside it as its own error."""
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sum(range(1000))
    except Exception as exc:  # noqa: BLE001
        raise LibraryError(f"decoding failed: {exc}") from exc
    done.append("finished")


def _library_bare_except(seconds: float, done: list) -> None:
    """Swallows everything, even a BaseException: the stop cannot land inside it."""
    try:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            sum(range(1000))
    except BaseException:  # noqa: BLE001
        done.append("swallowed")
        return
    done.append("finished")


LIBRARIES = {"swallow": _library_swallowing, "wrap": _library_wrapping}


def swallowing_kind(request: dict, job_dir: Path, progress, cancel) -> dict:
    """A job whose stoppable stage runs a library that catches Exception ("swallow:S", "wrap:S"); it writes
    `library_finished` into its folder when the library ran to its end, and a result (done) after."""
    name, seconds = request["params"]["prompt"].split(":")
    progress("texture", 1, 2, "in the library")
    done: list = []
    with cancel.stoppable_stretch():
        LIBRARIES[name](float(seconds), done)
    (job_dir / "library_finished").write_text("yes")
    return K._write(job_dir, K._sidecar(name, 0))


@pytest.mark.parametrize("library", [_library_swallowing, _library_wrapping])
def test_a_stop_inside_a_library_that_catches_exception_lands_there(stop_handler, library):
    cancel = StoppableCancel()
    threading.Timer(0.2, cancel.set).start()
    done: list = []
    with pytest.raises(Cancelled), cancel.stoppable_stretch():
        library(LOOP_S, done)
    assert done == []  # stopped inside the library, not after it ran its LOOP_S


def test_a_stop_swallowed_whole_still_ends_the_stretch_cancelled(stop_handler):
    """Even a bare except that eats the stop cannot make the stage end as if nothing was asked."""
    cancel = StoppableCancel()
    threading.Timer(0.2, cancel.set).start()
    done: list = []
    with pytest.raises(Cancelled), cancel.stoppable_stretch():
        _library_bare_except(LOOP_S, done)
    assert done == ["swallowed"]


def test_an_error_of_the_stage_without_a_cancel_is_still_its_error(stop_handler):
    cancel = StoppableCancel()
    with pytest.raises(LibraryError), cancel.stoppable_stretch():
        raise LibraryError("a real failure")


@pytest.mark.parametrize("library", ["swallow", "wrap"])
def test_a_job_cancelled_inside_such_a_library_ends_cancelled(tmp_path, library):
    """Through the service's worker process: before, "swallow" ran its 20 s and ended done, "wrap" failed
    with LibraryError and a traceback."""
    with service(tmp_path, kinds={"generate": swallowing_kind}) as client:
        job = submit(client, f"{library}:{LOOP_S}")
        wait_for(client, job["id"], states=("running",))
        status = wait_for(client, job["id"], states=("running", "done", "failed", "cancelled"))
        deadline = time.monotonic() + 30
        while status["stage"] != "texture" and status["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.05)
            status = client.get(f"/v1/jobs/{job['id']}").json()
        assert status["stage"] == "texture", status
        assert client.post(f"/v1/jobs/{job['id']}/cancel").status_code == 200
        final = wait_for(client, job["id"], timeout=120)
        assert final["state"] == "cancelled", final
        assert final["error"] is None
        assert not (tmp_path / "jobs" / job["id"] / "library_finished").exists()
        # the worker runs the next job
        again = submit(client, f"{library}:0")
        assert wait_for(client, again["id"])["state"] == "done"


def leaking_kind(request: dict, job_dir: Path, progress, cancel) -> dict:
    """A stop that landed as its stretch was being left (in contextlib's __exit__, before the stretch's own
    code could turn it into Cancelled) reaches the job's caller as it was raised."""
    if request["params"]["prompt"] == "leak":
        raise worker.StretchStopped("cancelled")
    return K._write(job_dir, K._sidecar("plain", 0))


def test_a_stop_that_leaves_its_stretch_unturned_still_ends_the_job_cancelled(tmp_path):
    """Before, it went past the worker's `except Exception` and ended the worker process (a new one was
    started: the job failed, WorkerDied)."""
    with service(tmp_path, kinds={"generate": leaking_kind}) as client:
        job = submit(client, "leak")
        final = wait_for(client, job["id"])
        assert final["state"] == "cancelled" and final["error"] is None, final
        nxt = submit(client, "plain")
        assert wait_for(client, nxt["id"])["state"] == "done"


def test_a_stop_unturned_while_the_bundle_is_packed_removes_the_result_folder(tmp_path, monkeypatch):
    import backend.pipeline
    from backend.service import kinds

    def write_head(head, result, **kwargs):
        result.mkdir()
        (result / "head.obj").write_text("v 0 0 0\n")
        return {"obj": result / "head.obj"}

    def bundle(paths, out):
        raise worker.StretchStopped("cancelled")

    monkeypatch.setattr(backend.pipeline, "write_head", write_head)
    monkeypatch.setattr(kinds, "_bundle", bundle)
    with pytest.raises(worker.StretchStopped):
        kinds._finish(object(), tmp_path, {}, lambda *a: None, threading.Event())
    assert not (tmp_path / "result").exists()
