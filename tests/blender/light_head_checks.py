"""Reading a head's shape keys, and the "sculpt kept" check of a refined light head, shared by the light-head
tests (test_light_heads.py, test_refine_light_sculpt.py): a light head with a Basis sculpt and an edited ARKit key
is refined; its Basis must be the refined identity plus the sculpt, its mesh the Basis, and its jawOpen the
refined head's plus the edit."""
from __future__ import annotations

import bpy
import numpy as np

from blender_textface import api


def co(block) -> np.ndarray:
    """A shape key's (V, 3) coordinates."""
    out = np.empty(len(block.points) * 3, np.float32)
    block.points.foreach_get("co", out)
    return out.reshape(-1, 3)


def mesh_co(obj) -> np.ndarray:
    out = np.empty(len(obj.data.vertices) * 3, np.float32)
    obj.data.vertices.foreach_get("co", out)
    return out.reshape(-1, 3)


def identity_applied(full) -> np.ndarray:
    """A full head's Basis with its id_ keys applied at their values (float64)."""
    blocks = full.data.shape_keys.key_blocks
    basis = co(blocks["Basis"]).astype(np.float64)
    out = basis.copy()
    for block in blocks:
        if block.name.startswith("id_") and not block.mute:
            out += block.value * (co(block) - basis)
    return out


def sculpted_light_head(path):
    """(a light head of the wire file `path`, active, with a Basis sculpt (vertex 3 up 2 mm) and a jawOpen edit
    (vertex 7, 1 mm): the sculpt, the edit)."""
    head = api.import_wire(path, identity_keys=False)
    bpy.context.view_layer.objects.active = head
    blocks = head.data.shape_keys.key_blocks
    basis, jaw = co(blocks["Basis"]), co(blocks["jawOpen"])
    sculpt, jaw_edit = np.zeros_like(basis), np.zeros_like(jaw)
    sculpt[3], jaw_edit[7] = (0.0, 0.002, 0.0), (0.001, 0.0, 0.0)
    for block, points in ((blocks["Basis"], basis + sculpt), (blocks["jawOpen"], jaw + sculpt + jaw_edit)):
        block.points.foreach_set("co", points.reshape(-1))
    head.data.vertices.foreach_set("co", (basis + sculpt).reshape(-1))
    return head, sculpt, jaw_edit


def assert_sculpt_kept(head, refined_full, sculpt, jaw_edit) -> None:
    """`head` (refined) is `refined_full` (a full head of the refinement's result) with the sculpt and the edit."""
    blocks, fb = head.data.shape_keys.key_blocks, refined_full.data.shape_keys.key_blocks
    assert np.abs(co(blocks["Basis"]) - (identity_applied(refined_full) + sculpt)).max() < 1e-5
    assert np.abs(mesh_co(head) - co(blocks["Basis"])).max() < 1e-7
    jaw_offset = co(blocks["jawOpen"]) - co(blocks["Basis"])
    assert np.abs(jaw_offset - (co(fb["jawOpen"]) - co(fb["Basis"]) + jaw_edit)).max() < 1e-5
