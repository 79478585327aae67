"""Fixtures for tests that run in real Blender (bpy 5.0.1 in .venv-blender).

Run with `.venv-blender/bin/python -m pytest tests/blender`.  Blender's user folders and caches are
pointed at a temporary folder before bpy is first imported, so tests never write into the home folder.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[2]
BACKEND_PYTHON = REPO / ".venv" / "bin" / "python"
_SANDBOX = Path(tempfile.mkdtemp(prefix="textface-blender-tests-"))

# Must precede the first `import bpy` (test modules import it at collection).  The backend (run as a
# subprocess) keeps finding the installed ICT model: its cache folder is pinned before XDG_CACHE_HOME moves.
os.environ.setdefault("TEXTFACE_CACHE_DIR", str(Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                                                 / "textface"))
# TEXTFACE_DATA_DIR: the job folders of the backends the tests start stay in the sandbox too.
for _var, _sub in (("BLENDER_USER_RESOURCES", "blender"), ("XDG_CACHE_HOME", "cache"),
                   ("XDG_CONFIG_HOME", "config"), ("TEXTFACE_DATA_DIR", "textface-data")):
    os.environ[_var] = str(_SANDBOX / _sub)
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


def pytest_unconfigure(config):
    shutil.rmtree(_SANDBOX, ignore_errors=True)


def require_or_skip(reason: str):
    """Skip a test that needs the ICT model or backend environment, but fail in CI."""
    if os.environ.get("TEXTFACE_REQUIRE_ASSETS") == "1":
        pytest.fail(f"required in CI: {reason}")
    pytest.skip(reason)


@pytest.fixture
def bpy_empty():
    """A fresh, empty Blender session (factory settings, add-ons re-enabled by the test)."""
    import bpy

    bpy.ops.wm.read_factory_settings(use_empty=True)
    return bpy


@pytest.fixture
def addon(bpy_empty):
    """The add-on enabled from the source tree, as a developer would."""
    import addon_utils

    from blender_textface import job_state

    job_state.current.reset()
    job_state.current.last_error = job_state.current.notice = job_state.current.failed = ""
    job_state.current.warnings = []
    mod = addon_utils.enable("blender_textface", default_set=True, handle_error=_raise)
    assert mod is not None, "add-on did not enable"
    yield mod
    addon_utils.disable("blender_textface", default_set=True, handle_error=_raise)


def _raise(exc):
    raise exc


def synthetic_arrays(n_id: int = 4, size: int = 16, prompt: str = "a small synthetic test head"):
    """A tiny head (a 3x3-quad grid plus one triangle) in model units, as `wire.pack` arguments."""
    grid = np.array([[x, y, 0.0] for y in range(4) for x in range(4)], np.float32) * 5.0
    apex = np.array([[7.5, 20.0, 3.0]], np.float32)
    neutral = np.concatenate([grid, apex])
    faces = [[r * 4 + c, r * 4 + c + 1, r * 4 + c + 5, r * 4 + c + 4] for r in range(3) for c in range(3)]
    faces.append([12, 13, 16])
    face_vertices = np.concatenate(faces).astype(np.int32)
    face_offsets = np.cumsum([0] + [len(f) for f in faces]).astype(np.int32)
    rng = np.random.default_rng(7)
    v = len(neutral)
    names = ["jawOpen", "eyeBlink_L", "eyeBlink_R"]
    albedo = np.zeros((size, size, 3), np.uint8)
    albedo[: size // 2, :, 0] = 200  # top half red, bottom half blue: catches a flipped image
    albedo[size // 2:, :, 2] = 180
    identity = np.array([2.5, -1.25, 6.5, 0.0][:n_id] + [0.5] * max(0, n_id - 4), np.float32)
    return dict(
        neutral=neutral, face_vertices=face_vertices, face_offsets=face_offsets,
        loop_uvs=neutral[face_vertices, :2] / 15.0,
        identity_basis=rng.normal(size=(n_id, v, 3)).astype(np.float32), identity=identity,
        expression_basis=rng.normal(size=(3, v, 3)).astype(np.float32), expression_names=names,
        expression=np.array([0.25, 1.0, 0.0], np.float32), albedo=albedo,
        sidecar={"schema_version": 1, "prompt": prompt, "seed": 3, "identity": identity.tolist()},
    )


@pytest.fixture
def synthetic_wire(tmp_path):
    from backend.io import wire

    arrays = wire.pack(**synthetic_arrays())
    return wire.write_wire(tmp_path / "synthetic.npz", arrays), arrays


@pytest.fixture(scope="session")
def real_wire(tmp_path_factory):
    """A wire file of the real ICT model (26,719 vertices, 100 + 53 keys, 1024² albedo), written by the
    backend's own environment (the model loader runs there, not in Blender's Python)."""
    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    out = tmp_path_factory.mktemp("real") / "real.npz"
    proc = subprocess.run([str(BACKEND_PYTHON), str(Path(__file__).with_name("make_real_wire.py")), str(out)],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    if proc.returncode == 3:
        require_or_skip(proc.stderr.strip())
    assert proc.returncode == 0, proc.stderr
    return out
