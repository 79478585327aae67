"""Export bakes a full head's identity into the mesh: id_ keys limited to a vertex group or relative to another
key must be baked as Blender shows them, and an expression key relative to an id_ key must keep its effect
when that key goes."""
from __future__ import annotations

import bpy
import numpy as np
import pytest

from blender_textface import api
from blender_textface.export import bake_identity

from test_light_heads import _evaluated, _path

EXPRESSIONS = ("jawOpen", "eyeBlink_L", "eyeBlink_R")


def _baked_copy(head):
    copy = head.copy()
    copy.data = head.data.copy()
    bpy.context.scene.collection.objects.link(copy)
    bake_identity(copy)
    return copy


def _poses():
    """Each expression alone at 1, then all at once at odd values."""
    for one in EXPRESSIONS:
        yield {name: float(name == one) for name in EXPRESSIONS}
    yield {"jawOpen": 0.3, "eyeBlink_L": 0.7, "eyeBlink_R": 0.45}


def _pose(obj, pose):
    for name, value in pose.items():
        obj.data.shape_keys.key_blocks[name].value = value


@pytest.mark.parametrize("setting", ["vertex group", "relative key", "expression relative to an id_ key"])
def test_the_baked_head_shows_what_the_head_shows_in_every_pose(addon, tmp_path, setting):
    """Before: each id_ key was baked at its full offset from the Basis (and an expression key relative to an
    id_ key lost its reference), so the exported head differed from the one in the viewport."""
    head = api.import_wire(_path(tmp_path))
    group = head.vertex_groups.new(name="Nose")
    group.add([3, 4, 5, 6], 1.0, "REPLACE")
    group.add([7], 0.5, "REPLACE")
    blocks = head.data.shape_keys.key_blocks
    if setting == "vertex group":
        blocks["id_000"].vertex_group = "Nose"  # value 2.5
    elif setting == "relative key":
        blocks["id_002"].relative_key = blocks["jawOpen"]  # value 6.5
    else:
        blocks["eyeBlink_L"].relative_key = blocks["id_001"]
    copy = _baked_copy(head)
    assert not any(b.name.startswith("id_") for b in copy.data.shape_keys.key_blocks)
    for pose in _poses():
        _pose(head, pose)
        _pose(copy, pose)
        assert np.abs(_evaluated(copy) - _evaluated(head)).max() < 1e-5, pose
