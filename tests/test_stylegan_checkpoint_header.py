"""A StyleGAN checkpoint option is judged from its header, without torch: `serve --stylegan` refuses one that
cannot load before it starts, and the service's health reads `~` as the texture loader does."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from safetensors.numpy import save_file

from backend.service.availability import texture_model
from backend.service.config import ServiceConfig
from backend.texture.stylegan.checkpoint_header import FORMAT, FORMAT_VERSION, checkpoint_problem
from test_service_support import serve_refused

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, **meta) -> Path:
    save_file({"G.w": np.zeros(2, np.float32)}, str(path), metadata={k: str(v) for k, v in meta.items()})
    return path


def _good(path: Path) -> Path:
    return _write(path, format=FORMAT, format_version=FORMAT_VERSION, config="{}", label="[]")


def test_a_textface_header_passes_and_everything_else_is_named(tmp_path):
    assert checkpoint_problem(_good(tmp_path / "g.safetensors")) is None
    cases = {
        "missing": (tmp_path / "nope.safetensors", "does not exist"),
        "folder": (tmp_path, "is not a file"),
        "pickle": (tmp_path / "p.pt", "pickle"),
        "short": (tmp_path / "s.safetensors", "too short"),
        "truncated": (tmp_path / "t.safetensors", "truncated or corrupt"),
        "foreign": (_write(tmp_path / "f.safetensors", format="other"), "not a TextFace texture checkpoint"),
        "version": (_write(tmp_path / "v.safetensors", format=FORMAT, format_version="0"), "format version"),
    }
    (tmp_path / "p.pt").write_bytes(b"\x80\x04\x95" + b"\0" * 20)
    (tmp_path / "s.safetensors").write_bytes(b"\x05\0\0")
    good = (tmp_path / "g.safetensors").read_bytes()
    (tmp_path / "t.safetensors").write_bytes(good[:40])  # the header claims more bytes than there are
    for name, (path, said) in cases.items():
        problem = checkpoint_problem(path)
        assert problem is not None and said in problem, (name, problem)


def test_the_header_check_needs_no_torch():
    code = ("import sys; from backend.texture.stylegan.checkpoint_header import checkpoint_problem; "
            "checkpoint_problem('/no/such'); assert 'torch' not in sys.modules, 'torch imported'")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr


def test_health_reads_a_home_relative_checkpoint_as_the_loader_does(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    _good(tmp_path / "g.safetensors")
    ok, line = texture_model(ServiceConfig(tmp_path, "t" * 32, stylegan="~/g.safetensors"))
    assert ok, line
    ok, line = texture_model(ServiceConfig(tmp_path, "t" * 32, stylegan="~/missing.safetensors"))
    assert not ok and "does not exist" in line and "parametric albedo still works" in line


@pytest.mark.parametrize("content, said", [(None, "does not exist"), (b"\x80\x04junk", "pickle"),
                                           (json.dumps({"notes": "x" * 40}).encode(), "not a readable safetensors")])
def test_serve_refuses_a_stylegan_checkpoint_that_cannot_load(tmp_path, content, said):
    path = tmp_path / "g.safetensors"
    if content is not None:
        path.write_bytes(content)
    err = serve_refused(tmp_path / "d", "--stylegan", str(path))
    assert said in err and "--stylegan" in err, err
