"""FBX export keeps a head's shape-key animation (an animator's blink or jaw keyframed in Blender): the exporter bakes
it into blend-shape channel curves, on the head's morphs and on its hair's (whose keys follow the head's through
drivers), under the names exported (ARKit's, a merged pair at the mean of its halves).  A still head exports no
animation, as before, and its object's motion is not baked into an export by accident.  Re-imported in an empty
Blender to check the curves (Blender's FBX importer adds one frame by default: `anim_offset=0` keeps the frames)."""
from __future__ import annotations

import bpy
import numpy as np
import pytest
from bpy_extras import anim_utils

from backend.io import wire
from blender_textface import api
from conftest import synthetic_arrays
from hair_wire import synthetic_hair


def _head(tmp_path, name="Ann", expression_names=None, with_hair=True):
    arrays = synthetic_arrays()
    if expression_names is not None:
        arrays["expression_names"] = expression_names
        arrays["expression"] = np.zeros(len(expression_names), np.float32)
    path = wire.write_wire(tmp_path / f"{name}.npz", wire.pack(**arrays, hair=synthetic_hair() if with_hair else None))
    return api.import_wire(path, name=name)


def _key(head, name, frames_values):
    block = head.data.shape_keys.key_blocks[name]
    for frame, value in frames_values:
        block.value = value
        block.keyframe_insert("value", frame=frame)


def _shown(obj, name, frames) -> list[float]:
    """The key's value as Blender shows it at each frame."""
    values = []
    for frame in frames:
        bpy.context.scene.frame_set(frame)
        values.append(obj.data.shape_keys.key_blocks[name].value)
    return values


def _reimport(path) -> dict:
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.fbx(filepath=str(path), anim_offset=0.0)
    return {o.name: o for o in bpy.data.objects if o.type == "MESH"}


def _curves(obj) -> dict:
    """The key name -> F-Curve of the object's shape-key animation as re-imported (empty: none)."""
    data = obj.data.shape_keys.animation_data if obj.data.shape_keys is not None else None
    if data is None or data.action is None:
        return {}
    bag = anim_utils.action_get_channelbag_for_slot(data.action, data.action_slot)
    return {c.data_path.split('"')[1]: c for c in bag.fcurves}


def _fbx_bytes(path) -> bytes:
    with open(path, "rb") as f:
        return f.read()


FRAMES = (1, 5, 10, 15, 20)


def test_fbx_bakes_the_heads_key_animation_on_head_and_hair(bpy_empty, tmp_path):
    """The acceptance tester's case: jawOpen keyframed 0 -> 1 over frames 1-20 (before: no curves at all)."""
    head = _head(tmp_path)
    _key(head, "jawOpen", ((1, 0.0), (20, 1.0)))
    expected = _shown(head, "jawOpen", FRAMES)
    bpy.context.scene.frame_set(7)
    scene_range = (bpy.context.scene.frame_start, bpy.context.scene.frame_end)
    counts = {n: len(getattr(bpy.data, n)) for n in ("objects", "meshes", "actions", "shape_keys", "collections")}
    out = api.export_fbx([head], tmp_path / "anim.fbx")
    # nothing of the export left; the scene's frame range and frame, the head and its animation as they were
    assert {n: len(getattr(bpy.data, n)) for n in counts} == counts
    assert (bpy.context.scene.frame_start, bpy.context.scene.frame_end) == scene_range == (1, 250)
    assert bpy.context.scene.frame_current == 7 and head.name == "Ann"
    assert _shown(head, "jawOpen", FRAMES) == expected
    assert _fbx_bytes(out).count(b"AnimationCurve") > 0
    back = _reimport(out)
    for name in ("Ann", "Ann hair"):
        curves = _curves(back[name])
        assert sorted(curves) == ["jawOpen"], name  # only what is animated (eyeBlinkLeft stays a still morph)
        got = [curves["jawOpen"].evaluate(f) for f in FRAMES]
        np.testing.assert_allclose(got, expected, atol=1e-3, err_msg=name)
        assert tuple(back[name].data.shape_keys.animation_data.action.frame_range) == (1.0, 20.0)  # the action's
    for obj in back.values():  # the objects do not move
        assert obj.animation_data is None or obj.animation_data.action is None


def test_a_merged_pair_is_animated_at_the_mean_of_its_halves(bpy_empty, tmp_path):
    """ARKit names: browInnerUp_L / _R merge into browInnerUp, whose curve is the mean of the halves' (a muted half
    counts 0); with ICT names each half keeps its own curve; eyeBlink_L is written as eyeBlinkLeft."""
    head = _head(tmp_path, expression_names=["browInnerUp_L", "browInnerUp_R", "eyeBlink_L"])
    _key(head, "browInnerUp_L", ((1, 0.0), (10, 1.0)))
    _key(head, "browInnerUp_R", ((1, 0.0), (10, 0.5)))
    _key(head, "eyeBlink_L", ((1, 0.0), (5, 1.0), (10, 0.0)))
    frames = (1, 3, 5, 8, 10)
    left, right = _shown(head, "browInnerUp_L", frames), _shown(head, "browInnerUp_R", frames)
    blink = _shown(head, "eyeBlink_L", frames)
    out = api.export_fbx([head], tmp_path / "pair.fbx")
    head = bpy.data.objects["Ann"]
    head.data.shape_keys.key_blocks["browInnerUp_R"].mute = True
    muted = api.export_fbx([head], tmp_path / "muted.fbx")
    ict = api.export_fbx([head], tmp_path / "ict.fbx", names="ict")
    back = _reimport(out)
    for name in ("Ann", "Ann hair"):
        curves = _curves(back[name])
        assert sorted(curves) == ["browInnerUp", "eyeBlinkLeft"], name
        np.testing.assert_allclose([curves["browInnerUp"].evaluate(f) for f in frames],
                                   (np.array(left) + right) / 2, atol=1e-3, err_msg=name)
        np.testing.assert_allclose([curves["eyeBlinkLeft"].evaluate(f) for f in frames], blink, atol=1e-3)
    curves = _curves(_reimport(muted)["Ann hair"])
    np.testing.assert_allclose([curves["browInnerUp"].evaluate(f) for f in frames], np.array(left) / 2, atol=1e-3)
    curves = _curves(_reimport(ict)["Ann"])
    assert sorted(curves) == ["browInnerUp_L", "eyeBlink_L"]  # (the muted half writes 0 throughout: no curve)
    np.testing.assert_allclose([curves["browInnerUp_L"].evaluate(f) for f in frames], left, atol=1e-3)


def test_keys_driven_by_a_driver_are_baked_over_the_scenes_frames(bpy_empty, tmp_path):
    """No action to take a range from: the scene's frames (here 1-10)."""
    head = _head(tmp_path)
    driver = head.data.shape_keys.key_blocks["eyeBlink_R"].driver_add("value").driver
    driver.expression = "frame / 10"
    bpy.context.scene.frame_start, bpy.context.scene.frame_end = 1, 10
    out = api.export_fbx([head], tmp_path / "driven.fbx")
    back = _reimport(out)
    for name in ("Ann", "Ann hair"):
        curves = _curves(back[name])
        assert sorted(curves) == ["eyeBlinkRight"], name
        curve = curves["eyeBlinkRight"]
        assert (curve.keyframe_points[0].co.x, curve.keyframe_points[-1].co.x) == (1.0, 10.0)
        np.testing.assert_allclose([curve.evaluate(f) for f in (1, 4, 10)], [0.1, 0.4, 1.0], atol=1e-3)


def test_a_still_head_exports_no_animation_even_when_its_object_moves(bpy_empty, tmp_path):
    """As before: no animation stack for a head whose keys are not animated (its object's keyframed motion is not
    baked in either); the exporter runs without baking."""
    head = _head(tmp_path)
    head.keyframe_insert("location", frame=1)
    head.location.x = 2.0
    head.keyframe_insert("location", frame=20)
    _key(head, "id_001", ((1, 0.0), (20, 1.0)))  # an identity key is baked into the mesh: nothing to animate
    out = api.export_fbx([head], tmp_path / "still.fbx")
    data = _fbx_bytes(out)
    assert b"AnimationStack" not in data and b"AnimationCurve" not in data
    back = _reimport(out)
    assert all(not _curves(o) and (o.animation_data is None or o.animation_data.action is None)
               for o in back.values())


def test_a_still_heads_motion_is_not_baked_beside_an_animated_head(bpy_empty, tmp_path):
    """A crowd exported together: the blinking head's keys are baked; the still head, whose object is keyframed to
    move and parented to an empty that moves, is written where it stands at the current frame, without curves."""
    blinking = _head(tmp_path, name="Ann")
    _key(blinking, "eyeBlink_L", ((1, 0.0), (10, 1.0)))
    still = _head(tmp_path, name="Bob")
    still.location = (1.0, 0.0, 0.0)
    still.keyframe_insert("location", frame=1)
    still.location = (3.0, 0.0, 0.0)
    still.keyframe_insert("location", frame=10)
    carrier = bpy.data.objects.new("Carrier", None)
    bpy.context.scene.collection.objects.link(carrier)
    carrier.keyframe_insert("location", frame=1)
    carrier.location.z = 1.0
    carrier.keyframe_insert("location", frame=10)
    still.parent = carrier
    bpy.context.scene.frame_set(4)
    where = np.array(still.matrix_world.translation)
    out = api.export_fbx([blinking, still], tmp_path / "crowd.fbx")
    assert still.parent == carrier and still.animation_data.action is not None  # the original as it was
    back = _reimport(out)
    assert sorted(_curves(back["Ann"])) == sorted(_curves(back["Ann hair"])) == ["eyeBlinkLeft"]
    assert not _curves(back["Bob"]) and not _curves(back["Bob hair"])
    for obj in back.values():
        assert obj.animation_data is None or obj.animation_data.action is None, obj.name
    np.testing.assert_allclose(np.array(back["Bob"].matrix_world.translation), where, atol=1e-4)


def test_the_glb_keeps_the_heads_key_animation(bpy_empty, tmp_path):
    """GLB: the head's morph weights are animated (glTF `weights` channels; test_export_glb_animation.py checks them
    and the hair's, imported back)."""
    head = _head(tmp_path, with_hair=False)
    _key(head, "jawOpen", ((1, 0.0), (20, 1.0)))
    out = api.export_glb([head], tmp_path / "anim.glb")
    assert b'"weights"' in _fbx_bytes(out)
