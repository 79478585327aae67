"""A second crowd from the same 3D cursor lands beside the first, not inside it.  Before, every crowd started at
the cursor: the second crowd's heads stood inside the first's (heads inside heads).  Now a crowd (a list of
prompts, a batch, the panel's Generate from Lines / File) moves down by whole rows, clear of the TextFace heads
already in the scene; one head is still placed where it is asked for."""
from __future__ import annotations

import bpy
import numpy as np

from blender_textface import api, job_state
from test_operators import _ended, _harness, _heads, _tick_until, fake  # noqa: F401 - fixture

ROWS = ["an old man", "a young woman", "a child"]


def _box(obj) -> np.ndarray:
    bpy.context.view_layer.update()
    matrix = np.array(obj.matrix_world)
    corners = np.array([tuple(c) for c in obj.bound_box]) @ matrix[:3, :3].T + matrix[:3, 3]
    return np.array([corners.min(axis=0), corners.max(axis=0)])


def _crowd_objects(heads) -> list:
    return list(heads) + [h for head in heads if (h := api.hair_of(head)) is not None]


def _meet(a, b) -> bool:
    return bool(np.all((a[0] < b[1]) & (b[0] < a[1])))


def _disjoint(first, second) -> bool:
    return not any(_meet(_box(a), _box(b)) for a in _crowd_objects(first) for b in _crowd_objects(second))


def test_two_lists_from_the_same_cursor_do_not_overlap(fake):
    bpy.context.scene.cursor.location = (1.0, 2.0, 3.0)
    first = api.generate_heads(ROWS, refine=False)
    second = api.generate_heads(ROWS, seed=5, refine=False)
    assert _disjoint(first, second)
    assert tuple(first[0].location) == (1.0, 2.0, 3.0)  # the first at the cursor
    # the second: the next rows below, same columns
    assert [h.location.x for h in second] == [h.location.x for h in first]
    assert all(s.location.z < f.location.z for s, f in zip(second, first))
    third = api.generate_heads(ROWS, seed=9, refine=False)
    assert _disjoint(first, third) and _disjoint(second, third)


def test_two_batches_from_the_same_cursor_do_not_overlap(fake):
    text = bpy.data.texts.new("Crowd")
    text.write("\n".join(ROWS) + "\n")
    first = api.generate_batch(text, variations=2, refine=False)
    second = api.generate_batch(text, seed=1, variations=2, refine=False)
    assert len(first) == len(second) == 6 and _disjoint(first, second)


def test_the_panels_generate_from_lines_twice_does_not_overlap(fake):
    props = bpy.context.scene.textface
    text = bpy.data.texts.new("Lines")
    text.write("\n".join(ROWS) + "\n")
    props.source, props.batch_text, props.refine = "TEXT", text, False
    crowds = []
    for seed in (0, 3):
        props.seed = seed
        before = set(_heads())
        op = _harness(bpy.types.TEXTFACE_OT_generate)
        op._begin(bpy.context)
        assert job_state.current.running
        assert _tick_until(op, _ended) == {"FINISHED"}
        crowds.append([h for h in _heads() if h not in before])
    assert len(crowds[0]) == len(crowds[1]) == 3 and _disjoint(*crowds)


def test_one_head_is_placed_at_the_location_asked(fake):
    api.generate_heads(ROWS, refine=False, location=(0, 0, 0))
    head = api.generate_head("an old man", refine=False, location=(0, 0, 0))
    assert tuple(head.location) == (0.0, 0.0, 0.0)


def test_a_location_the_script_gives_is_kept(fake):
    """A script's own layout (the README's crowd example: one call per row at its own location) is kept: only a
    crowd placed at the cursor moves clear of the heads already there."""
    first = api.generate_heads(ROWS, refine=False, location=(0, 0, 0))
    second = api.generate_heads(ROWS, seed=5, refine=False, location=(0, 0, 0.1))
    assert np.allclose([tuple(h.location) for h in second], [(h.location.x, 0.0, 0.1) for h in first])
    text = bpy.data.texts.new("Rows")
    text.write("\n".join(ROWS) + "\n")
    batch = api.generate_batch(text, refine=False, location=(0, 0, 0.2))
    assert np.allclose(tuple(batch[0].location), (0.0, 0.0, 0.2))
