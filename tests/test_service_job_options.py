"""The options a service job runs with come from its request and the server's settings."""
from __future__ import annotations

import pytest

from backend.errors import TextFaceError
from backend.service.kinds import _options

SERVER = {"clip_weights": "/moved/away/clip.safetensors", "clip_model": "ViT-B-32", "device": "cpu",
          "stylegan": None}


def test_a_job_without_refinement_does_not_need_the_clip_weights():
    """The server's weights file moved or deleted after start: jobs with refinement off still run."""
    opts = _options({"refine": False, "refine_steps": 100}, SERVER, seed=1).validated()
    assert opts.clip_weights is None and not opts.refine
    with pytest.raises(TextFaceError, match="CLIP weights file not found"):  # with refinement: said at once
        _options({"refine": True, "refine_steps": 100}, SERVER, seed=1).validated()


def test_a_cancel_while_the_result_is_written_cancels_the_job(tmp_path, face_model):
    """POST /cancel answers "cancelling" during the write stage too: the job must end cancelled, not done."""
    import threading

    from backend.errors import Cancelled
    from backend.pipeline import GenerateOptions, generate_head
    from backend.service.kinds import _finish

    head = generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256))
    cancel = threading.Event()

    def progress(stage, *args):
        if stage == "write":
            cancel.set()

    with pytest.raises(Cancelled):  # stopped between the files written: no result folder is left
        _finish(head, tmp_path, {"preview": False}, progress, cancel)
    assert list(tmp_path.iterdir()) == []
    assert _finish(head, tmp_path, {"preview": False}, lambda *a: None, threading.Event())["json"] == "head.json"
