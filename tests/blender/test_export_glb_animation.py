"""GLB export carries a head's shape-key animation as FBX does: baked frame by frame (keyframes, NLA, drivers, a
merged ARKit pair at the mean of its halves) into one glTF animation of `weights` channels, on the head's morphs and
on its hair's, under the names exported.  Checked by importing the GLB back into an empty Blender."""
from __future__ import annotations

import json
import struct

import bpy
import numpy as np

from blender_textface import api
from test_export_animation import FRAMES, _curves, _head, _key, _shown


def _document(path) -> dict:
    with open(path, "rb") as f:
        data = f.read()
    return json.loads(data[20:20 + struct.unpack("<I", data[12:16])[0]])


def _reimport(path) -> dict:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(path))
    return {o.name: o for o in bpy.data.objects if o.type == "MESH"}


def _changing(obj) -> dict:
    """The key name -> F-Curve of the re-imported morphs whose weight changes."""
    return {name: c for name, c in _curves(obj).items()
            if np.ptp([k.co.y for k in c.keyframe_points]) > 1e-6}


def test_the_glb_animates_the_hairs_morphs_with_the_heads(bpy_empty, tmp_path):
    head = _head(tmp_path)
    _key(head, "jawOpen", ((1, 0.0), (20, 1.0)))
    expected = _shown(head, "jawOpen", FRAMES)
    bpy.context.scene.frame_set(7)
    counts = {n: len(getattr(bpy.data, n)) for n in ("objects", "meshes", "actions", "shape_keys", "collections")}
    out = api.export_glb([head], tmp_path / "anim.glb")
    assert {n: len(getattr(bpy.data, n)) for n in counts} == counts
    assert (bpy.context.scene.frame_start, bpy.context.scene.frame_end, bpy.context.scene.frame_current) == (1, 250, 7)
    assert _shown(head, "jawOpen", FRAMES) == expected
    (animation,) = _document(out)["animations"]  # one animation for head and hair, as FBX's one stack
    nodes = {n["name"]: k for k, n in enumerate(_document(out)["nodes"])}
    assert {c["target"]["node"] for c in animation["channels"] if c["target"]["path"] == "weights"} == \
        {nodes["Ann"], nodes["Ann hair"]}
    back = _reimport(out)
    for name in ("Ann", "Ann hair"):
        names = [b.name for b in back[name].data.shape_keys.key_blocks]
        assert names == ["Basis", "jawOpen", "eyeBlinkLeft", "eyeBlinkRight"], name
        curves = _changing(back[name])
        assert sorted(curves) == ["jawOpen"], name
        np.testing.assert_allclose([curves["jawOpen"].evaluate(f) for f in FRAMES], expected, atol=1e-3,
                                   err_msg=name)
        assert tuple(curves["jawOpen"].range()) == (1.0, 20.0)


def test_driven_keys_and_merged_pairs_are_baked_into_the_glb(bpy_empty, tmp_path):
    """A key driven by a driver (over the scene's frames, no action) and an ARKit pair merged at the mean of its
    halves (one half keyframed): on the head and its hair."""
    head = _head(tmp_path, expression_names=["browInnerUp_L", "browInnerUp_R", "eyeBlink_R"])
    driver = head.data.shape_keys.key_blocks["eyeBlink_R"].driver_add("value").driver
    driver.expression = "frame / 10"
    _key(head, "browInnerUp_L", ((1, 0.0), (10, 1.0)))
    bpy.context.scene.frame_start, bpy.context.scene.frame_end = 1, 10
    frames = (1, 4, 10)
    left = _shown(head, "browInnerUp_L", frames)
    out = api.export_glb([head], tmp_path / "driven.glb")
    back = _reimport(out)
    for name in ("Ann", "Ann hair"):
        curves = _changing(back[name])
        assert sorted(curves) == ["browInnerUp", "eyeBlinkRight"], name
        np.testing.assert_allclose([curves["eyeBlinkRight"].evaluate(f) for f in frames], [0.1, 0.4, 1.0],
                                   atol=1e-3, err_msg=name)
        np.testing.assert_allclose([curves["browInnerUp"].evaluate(f) for f in frames], np.array(left) / 2,
                                   atol=1e-3, err_msg=name)


def test_a_still_head_exports_no_glb_animation(bpy_empty, tmp_path):
    """As before: a head without animated keys (its identity keys keyframed: baked into the mesh) writes none."""
    head = _head(tmp_path)
    _key(head, "id_001", ((1, 0.0), (20, 1.0)))
    out = api.export_glb([head], tmp_path / "still.glb")
    assert "animations" not in _document(out)
