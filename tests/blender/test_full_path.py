"""The full path in real Blender: enable the add-on, start a real backend (`python -m backend serve`
from the backend's .venv, real ICT model), generate, import; and a backend killed mid-job."""
from __future__ import annotations

import os
import signal

import bpy
import pytest

from blender_textface import api, job_state, session
from blender_textface.backend_process import BackendError

from conftest import BACKEND_PYTHON, REPO, require_or_skip


@pytest.fixture
def local_backend(addon):
    if not (REPO / "backend" / "service").is_dir() or not (REPO / "backend" / "client.py").is_file():
        require_or_skip("backend service/client not in this checkout")
    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    prefs = bpy.context.preferences.addons["blender_textface"].preferences
    prefs.backend_mode, prefs.python_path, prefs.texture_size = "LOCAL", str(BACKEND_PYTHON), "256"
    yield prefs
    session.shutdown()


@pytest.mark.slow
def test_cli_generated_head_imports(bpy_empty, tmp_path):
    """The backend's own `generate` command writes head.npz; the add-on imports it unchanged."""
    import subprocess

    missing = [p for p in ("parser", "shape", "texture") if not (REPO / "backend" / p).is_dir()]
    if missing or not BACKEND_PYTHON.exists():
        require_or_skip(f"backend pipeline incomplete in this checkout (missing {missing})")
    proc = subprocess.run([str(BACKEND_PYTHON), "-m", "backend", "generate", "an old man with a long face",
                           "--seed", "4", "--out", str(tmp_path), "--no-refine", "--no-preview",
                           "--texture-size", "256"], cwd=REPO, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    head = api.import_wire(tmp_path / "head.npz")
    names = [b.name for b in head.data.shape_keys.key_blocks]
    assert len(head.data.vertices) == 26719 and len(names) == 154 and head.name == "An old man with a long face"
    assert head["textface_prompt"] == "an old man with a long face"
    assert any(b.value != 0.0 for b in head.data.shape_keys.key_blocks[1:101])  # a generated identity


@pytest.mark.slow
def test_generate_imports_a_real_head(local_backend):
    bpy.context.scene.cursor.location = (1.0, 0.0, 0.0)
    head = api.generate_head("a young woman with a round face and a small nose", seed=1, refine=False)
    mesh = head.data
    assert (len(mesh.vertices), len(mesh.polygons)) == (26719, 26384)
    names = [b.name for b in mesh.shape_keys.key_blocks]
    assert len(names) == 154 and names[1] == "id_000" and "jawOpen" in names
    assert tuple(head.location) == (1.0, 0.0, 0.0)
    from blender_textface.writer import sidecar_of

    sidecar = sidecar_of(head)
    assert sidecar["prompt"].startswith("a young woman") and sidecar["seed"] == 1
    image = mesh.materials[0].node_tree.nodes["Image Texture"].image
    assert tuple(image.size) == (256, 256) and image.packed_file is not None
    proc = session.current_process()
    assert proc is not None and proc.running()
    bpy.ops.preferences.addon_disable(module="blender_textface")
    assert not proc.running()  # unregister stopped the local backend


@pytest.mark.slow
def test_backend_killed_mid_job_gives_clear_error_and_no_object(local_backend, monkeypatch):
    from blender_textface import tasks

    original_step = tasks.HeadTask.step

    def step_then_kill(self):
        state = original_step(self)
        proc = session.current_process()
        if self.job_ids and proc is not None and proc.running():  # submitted: kill the backend under it
            os.kill(proc.pid, signal.SIGKILL)
            proc._proc.wait(10)
        return state

    monkeypatch.setattr(tasks.HeadTask, "step", step_then_kill)
    objects = len(bpy.data.objects)
    with pytest.raises(BackendError, match=r"crashed or was stopped \(status -9\)"):
        api.generate_head("an old man with a long face", seed=2, refine=False)
    assert len(bpy.data.objects) == objects and len(bpy.data.meshes) == 0
    assert not job_state.current.running
