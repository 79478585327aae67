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
