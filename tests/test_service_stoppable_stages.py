"""A cancel stops every long stage of a service job where it is (shape synthesis, refinement's set-up, the
preview render, the files written), not only texture synthesis; what must not be cut (an import, a pipe
message) is finished first; the job ends cancelled with no result files and the worker runs the next job."""
from __future__ import annotations

import signal
import sys
import threading
import time

import pytest
import test_service_kinds as K
from test_service_support import service, submit, wait_for

from backend.errors import Cancelled
from backend.service import worker
from backend.service.worker import StoppableCancel

pytestmark = pytest.mark.skipif(worker.STOP_SIGNAL is None, reason="no SIGUSR1: stretches are checked after")


@pytest.fixture()
def stop_handler():
    """This (main) thread's stretches stoppable, as in a worker process."""
    before = signal.getsignal(worker.STOP_SIGNAL)
    worker.install_stop_handler()
    yield
    signal.signal(worker.STOP_SIGNAL, before)


def _busy(seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        sum(range(1000))


def _cancel_in(event: StoppableCancel, seconds: float) -> None:
    threading.Timer(seconds, event.set).start()


def test_the_shape_stage_is_stopped_where_it_is(stop_handler, face_model, monkeypatch):
    import backend.shape
    from backend.pipeline import GenerateOptions, generate_head

    monkeypatch.setattr(backend.shape, "load_shape_model", lambda: K.SlowShapeModel(60))
    K.SlowShapeModel.finished = False
    stages = []
    cancel = StoppableCancel()

    def progress(stage, *args, **kwargs):
        stages.append(stage)
        if stage == "shape":
            _cancel_in(cancel, 0.3)

    t = time.monotonic()
    with pytest.raises(Cancelled):
        generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256), progress, cancel)
    assert not K.SlowShapeModel.finished and stages == ["parse", "shape"]
    assert time.monotonic() - t < 30  # the stand-in computes for 60 s


def test_a_stop_waits_for_an_import_to_finish(stop_handler, tmp_path, monkeypatch):
    """Cut in the middle, an import leaves a module half made (torch cannot be imported again)."""
    (tmp_path / "slow_to_import.py").write_text(
        "import time\nDEADLINE = time.monotonic() + 1.0\nwhile time.monotonic() < DEADLINE:\n"
        "    sum(range(1000))\nWHOLE = True\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    cancel = StoppableCancel()
    _cancel_in(cancel, 0.2)
    with pytest.raises(Cancelled), cancel.stoppable_stretch():
        import slow_to_import  # noqa: F401
        _busy(30)
    assert sys.modules["slow_to_import"].WHOLE
    del sys.modules["slow_to_import"]


def test_a_stop_waits_for_a_shielded_block(stop_handler):
    cancel = StoppableCancel()
    _cancel_in(cancel, 0.1)
    done = []
    with pytest.raises(Cancelled), cancel.stoppable_stretch():
        with cancel.shielded():
            _busy(0.6)
            done.append("shielded")
        _busy(30)
    assert done == ["shielded"]


def test_a_stretch_is_stopped_once(stop_handler):
    """Its clean-up on the way out (a temporary file removed) is not cut by a second stop."""
    cancel = StoppableCancel()
    cleaned = []
    _cancel_in(cancel, 0.1)
    with pytest.raises(Cancelled):
        with cancel.stoppable_stretch():
            try:
                _busy(30)
            finally:
                cancel.set()  # the service going away sets it again
                _busy(0.3)
                cleaned.append(True)
    assert cleaned == [True]


def test_a_cancel_after_the_files_leaves_no_result_folder(tmp_path, face_model, monkeypatch):
    """Cancelled while the bundle was packed: the result folder (~30 MB nobody can fetch) goes too."""
    from backend.pipeline import GenerateOptions, generate_head
    from backend.service import kinds

    head = generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256))
    cancel = threading.Event()
    bundle = kinds._bundle

    def bundle_then_cancel(paths, out):
        cancel.set()
        return bundle(paths, out)

    monkeypatch.setattr(kinds, "_bundle", bundle_then_cancel)
    with pytest.raises(Cancelled):
        kinds._finish(head, tmp_path, {"preview": False}, lambda *a: None, cancel)
    assert list(tmp_path.iterdir()) == []


def _cancel_during(api, job_id: str, stage: str, after_s: float = 0.3) -> float:
    status = wait_for(api, job_id, ("running",), timeout=120)
    while status["stage"] != stage:
        assert status["state"] == "running", status
        time.sleep(0.02)
        status = api.get(f"/v1/jobs/{job_id}").json()
    time.sleep(after_s)
    t = time.monotonic()
    assert api.post(f"/v1/jobs/{job_id}/cancel").json()["state"] == "cancelling"
    return t


@pytest.mark.slow
def test_a_service_job_is_stopped_in_its_shape_stage(tmp_path, face_model):
    """The real generate job, its shape stage made 120 s long: cancelled in seconds, no result folder,
    and the same worker makes the next head."""
    with service(tmp_path, kinds=K.REAL_KINDS, cancel_grace_s=300) as api:
        job = submit(api, "slowshape:120", texture_size=256, refine=False)
        t = _cancel_during(api, job["id"], "shape", after_s=1.0)
        status = wait_for(api, job["id"], timeout=60)
        assert status["state"] == "cancelled" and status["message"] == "cancelled", status
        assert time.monotonic() - t < 30
        assert not (tmp_path / "jobs" / job["id"] / "result").exists()
        after = wait_for(api, submit(api, "a woman", seed=2, texture_size=256, refine=False)["id"], timeout=180)
        assert after["state"] == "done", after
        assert api.get(f"/v1/jobs/{after['id']}/results/json").json()["prompt"] == "a woman"


@pytest.mark.slow
def test_a_real_job_cancelled_in_each_stage_ends_cancelled_and_clean(tmp_path, face_model):
    with service(tmp_path, kinds=K.REAL_KINDS, cancel_grace_s=300) as api:
        for stage, after_s in (("shape", 0.3), ("texture", 0.1), ("write", 0.05)):
            job = submit(api, "a man with a wide nose", seed=3, texture_size=256, refine=False)
            _cancel_during(api, job["id"], stage, after_s)
            status = wait_for(api, job["id"], timeout=120)
            assert status["state"] == "cancelled", (stage, status)
            assert not (tmp_path / "jobs" / job["id"] / "result").exists(), stage
            leftovers = [p.name for p in (tmp_path / "jobs" / job["id"]).iterdir()]
            assert sorted(leftovers) == ["request.json", "status.json"], (stage, leftovers)
        after = wait_for(api, submit(api, "a woman", seed=2, texture_size=256, refine=False)["id"], timeout=180)
        assert after["state"] == "done", after


def test_a_late_stop_does_not_stop_the_next_job(stop_handler):
    """A deferred stop of one job that lands while the next job's stretch runs is ignored there."""
    import _thread

    first = StoppableCancel()
    with first.stoppable_stretch():
        pass
    first.set()
    second = StoppableCancel()
    with second.stoppable_stretch():
        _thread.interrupt_main(worker.STOP_SIGNAL)  # the first job's retry, arriving late
        _busy(0.3)
        ran = True
    assert ran
