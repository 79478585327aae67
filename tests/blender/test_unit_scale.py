"""Scenes whose Unit Scale is not 1 (0.01: one Blender unit is a centimetre, as Unreal-style scenes are set
up): heads are built life-size in the scene's units, variations side by side, a light head's refinement
moves it in its own units, and FBX / GLB files hold the head at its real size in metres."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, units

from conftest import synthetic_arrays
from test_export import _reimport, _world_coords
from test_light_heads import _co, _path, _refine_operator, _refined_arrays
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture

CM = 0.01


def _basis(obj) -> np.ndarray:
    return _co(obj.data.shape_keys.key_blocks["Basis"]).astype(np.float64)


@pytest.mark.parametrize("identity_keys", [True, False], ids=["full", "light"])
def test_an_imported_head_is_life_size_in_a_centimetre_scene(addon, tmp_path, identity_keys):
    """Before: built at its size in metres as Blender units, it showed 100x too small (0.3 cm)."""
    metre = api.import_wire(_path(tmp_path), identity_keys=identity_keys, name="metre scene")
    bpy.context.scene.unit_settings.scale_length = CM
    head = api.import_wire(_path(tmp_path), identity_keys=identity_keys, name="cm scene")
    assert np.abs(_basis(head) * CM - _basis(metre)).max() < 1e-6
    for name in [b.name for b in head.data.shape_keys.key_blocks][1:]:  # every key's offset too
        offset = _co(head.data.shape_keys.key_blocks[name]) - _co(head.data.shape_keys.key_blocks["Basis"])
        reference = _co(metre.data.shape_keys.key_blocks[name]) - _co(metre.data.shape_keys.key_blocks["Basis"])
        assert np.abs(offset * CM - reference).max() < 1e-6, name
    assert tuple(head.dimensions * CM) == pytest.approx(tuple(metre.dimensions), rel=1e-5)
    assert units.head_unit_scale(head) == pytest.approx(CM) and units.head_unit_scale(metre) == 1.0


def test_generated_variations_stand_side_by_side_in_a_centimetre_scene(fake):
    bpy.context.scene.unit_settings.scale_length = CM
    props = bpy.context.scene.textface
    props.variations, props.refine = 2, False
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    heads = sorted((o for o in bpy.data.objects if "textface_sidecar" in o), key=lambda o: o.location.x)
    width = heads[0].dimensions.x
    assert width * CM == pytest.approx(0.15, rel=1e-4)  # life-size (the synthetic full head is 0.15 m wide)
    assert heads[1].location.x - heads[0].location.x == pytest.approx(1.25 * width, rel=1e-4)


def test_a_light_head_refined_after_the_unit_scale_changed_moves_in_its_own_units(fake, tmp_path):
    bpy.context.scene.unit_settings.scale_length = CM
    head = api.import_wire(_path(tmp_path), identity_keys=False)
    before = _basis(head)
    bpy.context.scene.unit_settings.scale_length = 1.0  # changed later: the head keeps its units
    bpy.context.view_layer.objects.active = head
    refined = _refined_arrays([-4.0, 0.5, 0.25, 3.0])
    fake.payload = wire.to_bytes(wire.pack(**refined))
    assert _tick_until(_refine_operator(), _ended) == {"FINISHED"}
    old, new = (api.import_wire(_path(tmp_path, a), identity_keys=False, name=f"m{k}")  # metre units now
                for k, a in enumerate((synthetic_arrays(), refined)))
    assert np.abs((_basis(head) - before) * CM - (_basis(new) - _basis(old))).max() < 1e-6


@pytest.mark.parametrize("suffix", [".fbx", ".glb"])
def test_export_from_a_centimetre_scene_writes_the_head_in_metres(addon, tmp_path, suffix):
    """Before: FBX applies the unit scale, so a head built in metres came out 100x too small; after building
    life-size, Blender's glTF exporter (which ignores the unit scale) would write it 100x too big."""
    export = api.export_fbx if suffix == ".fbx" else api.export_glb
    metre = export([api.import_wire(_path(tmp_path), name="metre")], tmp_path / f"metre{suffix}")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.context.scene.unit_settings.scale_length = CM
    head = api.import_wire(_path(tmp_path), name="centimetre")
    head.location = (100.0, 0.0, 0.0)  # 1 m along X, in centimetres
    path = export([head], tmp_path / f"head{suffix}")
    bpy.ops.wm.read_factory_settings(use_empty=True)  # a metre scene reads both back
    expected, back = (_reimport(p) for p in (metre, path))
    expected, co = (_world_coords(o, o.data.shape_keys.key_blocks["Basis"]) for o in (expected, back))
    assert co.max(0) - co.min(0) == pytest.approx(expected.max(0) - expected.min(0), rel=1e-3)  # life-size
    assert co.mean(0) - expected.mean(0) == pytest.approx([1.0, 0.0, 0.0], abs=1e-3)  # 1 m along X
