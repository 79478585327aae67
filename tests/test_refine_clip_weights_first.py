"""A CLIP weights file is read before the model is built, and open_clip's random-init warning, false
when weights follow, does not reach the user on that path."""
from __future__ import annotations

import logging

import pytest
from tests.test_refine_clip import TINY_NAME, tiny_weights_file

RANDOM_INIT = "No pretrained weights loaded"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return tiny_weights_file(tmp_path_factory.mktemp("clip"))


def test_a_bad_weights_file_is_refused_before_any_model_is_built(tiny, tmp_path, monkeypatch):
    import open_clip

    from backend.errors import CheckpointError
    from backend.refine import load_clip

    def never(*a, **k):
        raise AssertionError("the model was built before its weights file was read")

    monkeypatch.setattr(open_clip, "create_model", never)
    bad = tmp_path / "weights.bin"
    bad.write_bytes(b"this is a text file, not weights\n")
    with pytest.raises(CheckpointError, match="neither safetensors nor a torch checkpoint"):
        load_clip(TINY_NAME, weights=bad)


def test_loading_weights_does_not_say_initialized_randomly(tiny, caplog):
    from backend.refine import build_clip, load_clip

    with caplog.at_level(logging.WARNING):
        clip = load_clip(TINY_NAME, weights=tiny)
    assert clip.source == str(tiny)
    assert not [r for r in caplog.records if RANDOM_INIT in r.getMessage()]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        build_clip(TINY_NAME)  # random weights on purpose: there the warning is true and stays
    assert [r for r in caplog.records if RANDOM_INIT in r.getMessage()]
    assert not any(type(f).__name__ == "_DropRandomInitWarning" for f in logging.getLogger().filters)


def test_a_weights_option_is_judged_from_its_first_bytes_without_torch(tiny, tmp_path):
    """Commands and the service refuse a file that cannot be weights before any work; the check does not
    import torch (the service's main process never does)."""
    import subprocess
    import sys
    from pathlib import Path

    from backend.refine.weights_file import weights_path_problem

    assert weights_path_problem(tiny) is None and weights_path_problem("laion2b_s34b_b79k") is None
    text = tmp_path / "notes.safetensors"
    text.write_bytes(b"a text file\n")
    assert "neither safetensors nor a torch checkpoint" in weights_path_problem(text)
    cut = tmp_path / "cut.safetensors"
    cut.write_bytes(tiny.read_bytes()[:40])
    assert "truncated safetensors" in weights_path_problem(cut)
    assert "not found" in weights_path_problem(tmp_path / "gone.safetensors")
    code = ("import sys; from backend.refine.weights_file import weights_path_problem; "
            f"assert weights_path_problem({str(text)!r}); assert 'torch' not in sys.modules")
    root = Path(__file__).resolve().parents[1]
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=root).returncode == 0
