"""End to end, on a head with long hair written by `python -m backend generate` (test_hair_real's fixture, one
generation ~30 s): a head key the artist limits to a vertex group moves the real hair as it moves the scalp under it
(api.match_hair), and a GLB of the head with that key keyframed animates the hair's morph as the head's."""
from __future__ import annotations

import bpy
import numpy as np

from backend.io import wire
from blender_textface import api
from test_export_animation import _curves, _key, _shown
from test_hair import _evaluated
from test_hair_real import long_hair_wire  # noqa: F401 - the fixture


def test_real_hair_takes_a_vertex_group_and_its_glb_is_animated(bpy_empty, long_hair_wire, tmp_path):  # noqa: F811
    arrays = wire.read_wire(long_hair_wire)
    anchor = arrays["hair_anchor"]
    head = api.import_wire(long_hair_wire, name="Long")
    obj = api.hair_of(head)
    # the artist's group: the head's upper half (most of the scalp under the hair), weights rising with height
    co = np.empty(len(head.data.vertices) * 3, np.float32)
    head.data.vertices.foreach_get("co", co)
    z = co[2::3]
    middle, top = float(np.median(z)), float(z.max())
    group = head.vertex_groups.new(name="Upper")
    for index in np.flatnonzero(z > middle):
        group.add([int(index)], float(round((z[index] - middle) / (top - middle), 2)) or 0.01, "REPLACE")
    blocks = head.data.shape_keys.key_blocks
    blocks["id_003"].vertex_group = "Upper"
    api.match_hair(head)
    before_hair, before_head = _evaluated(obj), _evaluated(head)[anchor]
    blocks["id_003"].value += 3.0
    moved_hair, moved_head = _evaluated(obj) - before_hair, _evaluated(head)[anchor] - before_head
    np.testing.assert_allclose(moved_hair, moved_head, atol=2e-5)
    assert np.abs(moved_hair).max() > 1e-4
    _key(head, "jawOpen", ((1, 0.0), (10, 1.0)))
    expected = _shown(head, "jawOpen", (1, 4, 10))
    glb = api.export_glb([head], tmp_path / "long.glb")
    bpy.ops.wm.read_factory_settings(use_empty=True)
    bpy.ops.import_scene.gltf(filepath=str(glb))
    for name in ("Long", "Long hair"):
        curves = _curves(bpy.data.objects[name])
        assert "jawOpen" in curves, name
        np.testing.assert_allclose([curves["jawOpen"].evaluate(f) for f in (1, 4, 10)], expected, atol=1e-3,
                                   err_msg=name)
