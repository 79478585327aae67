"""End to end: a head with long hair written by `python -m backend generate` (the backend's own environment, the
installed ICT model) imported into real Blender with its hair, the hair following the head's keys, and through an
FBX round trip.  ~40 s: one generation (256² texture, no refinement) shared by the tests here."""
from __future__ import annotations

import subprocess

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api
from conftest import BACKEND_PYTHON, REPO, require_or_skip
from test_hair import _evaluated

PROMPT = "a woman with long black hair"


@pytest.fixture(scope="module")
def long_hair_wire(tmp_path_factory):
    if not BACKEND_PYTHON.exists():
        require_or_skip(f"backend environment missing: {BACKEND_PYTHON}")
    out = tmp_path_factory.mktemp("long-hair")
    proc = subprocess.run([str(BACKEND_PYTHON), "-m", "backend", "generate", PROMPT, "--out", str(out),
                           "--no-refine", "--no-preview", "--texture-size", "256"],
                          cwd=REPO, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0 and "not installed" in proc.stderr:
        require_or_skip(proc.stderr.strip().splitlines()[-1])
    assert proc.returncode == 0, proc.stderr[-2000:]
    return out / "head.npz"


@pytest.mark.parametrize("identity_keys", [True, False])
def test_generated_long_hair_imports_and_follows_the_head(bpy_empty, long_hair_wire, identity_keys):
    arrays = wire.read_wire(long_hair_wire)
    assert wire.has_hair(arrays), "the backend wrote no hair for a woman with long black hair"
    head = api.import_wire(long_hair_wire, name="Long", identity_keys=identity_keys)
    obj = api.hair_of(head)
    assert obj is not None and obj.parent == head and len(obj.data.vertices) == len(arrays["hair_vertices"])
    assert [b.name for b in obj.data.shape_keys.key_blocks] == [b.name for b in head.data.shape_keys.key_blocks]
    anchor = arrays["hair_anchor"]
    hair_before, head_before = _evaluated(obj), _evaluated(head)[anchor]
    blocks = head.data.shape_keys.key_blocks
    blocks["jawOpen"].value = 1.0
    blocks["mouthSmile_L"].value = 1.0
    if identity_keys:
        blocks["id_000"].value += 2.0
    hair_moved, head_moved = _evaluated(obj) - hair_before, _evaluated(head)[anchor] - head_before
    np.testing.assert_allclose(hair_moved, head_moved, atol=2e-5)  # each hair vertex as the head vertex under it
    assert np.abs(hair_moved).max() > 1e-4


def test_generated_long_hair_survives_an_fbx_round_trip(bpy_empty, long_hair_wire, tmp_path):
    head = api.import_wire(long_hair_wire, name="Long")
    n_vertices = len(api.hair_of(head).data.vertices)
    fbx = api.export_fbx([head], tmp_path / "long.fbx")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(fbx))
    hair, head = bpy.data.objects["Long hair"], bpy.data.objects["Long"]
    assert hair.parent == head and len(hair.data.vertices) == n_vertices
    names = [b.name for b in hair.data.shape_keys.key_blocks]
    assert names == [b.name for b in head.data.shape_keys.key_blocks] and len(names) == 1 + 51
    assert "jawOpen" in names and "eyeBlinkLeft" in names
    images = {n.image.name for m in hair.data.materials if m is not None and m.node_tree is not None
              for n in m.node_tree.nodes if n.bl_idname == "ShaderNodeTexImage" and n.image is not None}
    assert any(name.startswith("Long hair albedo") for name in images)
