"""The hair's shape keys act as the head's keys of their names do: a head key the artist limited to a vertex group
or made relative to another key moves the hair as it moves the scalp under it (the hair gets the group, weighted at
the head vertices it follows, and the relative key), when the hair is built (a refinement rebuilds it with the
head's keys as the artist set them), when `api.match_hair` is called after the artist changed them, and in the
exports (read from the head as it is then).  The drivers point at the head object itself: renaming the head, or
duplicating head and hair, keeps each hair driven by its own head."""
from __future__ import annotations

import warnings

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, export, hair, key_offsets, refine
from conftest import synthetic_arrays
from hair_wire import synthetic_hair
from test_hair import _coords, _evaluated, _refine_result

# head vertex -> weight in the artist's vertex group "Jaw" (the hair follows head vertices 4, 5, 6, 8, 9, 10)
JAW = {4: 1.0, 5: 0.5, 9: 0.25, 12: 1.0}


def _head(tmp_path, name="Ann"):
    arrays = wire.pack(**synthetic_arrays(), hair=synthetic_hair())
    return api.import_wire(wire.write_wire(tmp_path / f"{name}.npz", arrays), name=name), arrays


def _set_up_like_an_artist(head) -> None:
    """jawOpen limited to the vertex group "Jaw"; eyeBlink_L relative to eyeBlink_R."""
    group = head.vertex_groups.new(name="Jaw")
    for index, weight in JAW.items():
        group.add([index], weight, "REPLACE")
    blocks = head.data.shape_keys.key_blocks
    blocks["jawOpen"].vertex_group = "Jaw"
    blocks["eyeBlink_L"].relative_key = blocks["eyeBlink_R"]


def _moves_alike(head, obj, anchor, key: str, value: float) -> float:
    """Set the head's `key` to `value`: how far the hair moved (it must move as the head's anchor vertices)."""
    before_hair, before_head = _evaluated(obj), _evaluated(head)[anchor]
    head.data.shape_keys.key_blocks[key].value = value
    moved_hair, moved_head = _evaluated(obj) - before_hair, _evaluated(head)[anchor] - before_head
    np.testing.assert_allclose(moved_hair, moved_head, atol=1e-5, err_msg=key)
    return float(np.abs(moved_hair).max())


def _weights(obj, name) -> np.ndarray:
    index = obj.vertex_groups[name].index
    return np.array([next((g.weight for g in v.groups if g.group == index), 0.0) for v in obj.data.vertices])


def test_a_refined_head_gives_its_new_hair_the_key_settings(bpy_empty, tmp_path):
    head, arrays = _head(tmp_path)
    _set_up_like_an_artist(head)
    refine.apply_refinement(head, _refine_result())
    obj = api.hair_of(head)
    blocks = obj.data.shape_keys.key_blocks
    anchor = arrays["hair_anchor"]
    assert blocks["jawOpen"].vertex_group == "Jaw"
    np.testing.assert_allclose(_weights(obj, "Jaw"), [JAW.get(int(v), 0.0) for v in anchor], atol=1e-6)
    assert blocks["eyeBlink_L"].relative_key == blocks["eyeBlink_R"]
    assert blocks["eyeBlink_R"].relative_key == blocks["Basis"] and blocks["jawOpen"].relative_key == blocks["Basis"]
    assert _moves_alike(head, obj, anchor, "jawOpen", 1.0) > 0.001
    assert _moves_alike(head, obj, anchor, "eyeBlink_L", 0.0) > 0.001


def test_match_hair_takes_the_settings_the_artist_gave_the_head_since(bpy_empty, tmp_path):
    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    _set_up_like_an_artist(head)
    assert api.match_hair(head) == obj
    anchor = arrays["hair_anchor"]
    assert _moves_alike(head, obj, anchor, "jawOpen", 0.9) > 0.001
    assert _moves_alike(head, obj, anchor, "eyeBlink_L", 0.2) > 0.001
    # run again (the hair selected stands for its head): the drivers are made anew, not doubled
    head.data.shape_keys.key_blocks["eyeBlink_L"].relative_key = head.data.shape_keys.key_blocks["Basis"]
    api.match_hair(obj)
    drivers = obj.data.shape_keys.animation_data.drivers
    assert len(drivers) == len(obj.data.shape_keys.key_blocks) - 1
    assert all(len(d.driver.variables) == 2 for d in drivers)
    assert obj.data.shape_keys.key_blocks["eyeBlink_L"].relative_key.name == "Basis"
    assert _moves_alike(head, obj, anchor, "eyeBlink_L", 0.7) > 0.001
    # a weight painted since: matched again
    head.vertex_groups["Jaw"].add([6], 0.75, "REPLACE")
    api.match_hair(head)
    assert _weights(obj, "Jaw")[list(anchor).index(6)] == pytest.approx(0.75)
    assert _moves_alike(head, obj, anchor, "jawOpen", 0.1) > 0.001


def test_match_hair_on_a_hair_without_stored_anchors_warns(bpy_empty, tmp_path):
    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    obj.data.attributes.remove(obj.data.attributes[hair.ANCHOR_ATTRIBUTE])  # as an earlier version built it
    _set_up_like_an_artist(head)
    with pytest.warns(api.HairSettingsMissed, match="Ann hair: the head's vertex groups Jaw cannot be given"):
        api.match_hair(head)
    assert obj.data.shape_keys.key_blocks["jawOpen"].vertex_group == ""
    assert obj.data.shape_keys.key_blocks["eyeBlink_L"].relative_key.name == "eyeBlink_R"
    with pytest.raises(TypeError, match="expected a head object"):
        api.match_hair("Ann")


def test_the_exports_hair_is_baked_with_the_heads_key_settings(bpy_empty, tmp_path):
    """An identity key limited to a vertex group (set after the hair was built, match_hair never called): the
    exported hair's Basis moves as the exported head's at the anchors; and an expression key so limited keeps its
    effect on the hair's morph as on the head's."""
    head, arrays = _head(tmp_path)
    _set_up_like_an_artist(head)
    head.data.shape_keys.key_blocks["id_002"].vertex_group = "Jaw"
    anchor = arrays["hair_anchor"]
    with export.export_copies([head], keep_identity_keys=False, names="ict") as copies:
        head_copy, hair_copy = copies
        head_keys, hair_keys = head_copy.data.shape_keys.key_blocks, hair_copy.data.shape_keys.key_blocks
        rest = _coords(hair_keys["Basis"]) - _coords(head_keys["Basis"])[anchor]  # the hair over its anchors
        assert hair_keys["jawOpen"].vertex_group == "Jaw" and hair_keys["eyeBlink_L"].relative_key.name == \
            "eyeBlink_R"
        for name in ("jawOpen", "eyeBlink_L"):
            head_offset = key_offsets.offset(head_copy, head_keys[name]).reshape(-1, 3)[anchor]
            hair_offset = key_offsets.offset(hair_copy, hair_keys[name]).reshape(-1, 3)
            assert np.abs(hair_offset).max() > 0.001
            np.testing.assert_allclose(hair_offset, head_offset, atol=1e-5, err_msg=name)
    np.testing.assert_allclose(rest, (_coords(api.hair_of(head).data.shape_keys.key_blocks["Basis"])
                                      - _coords(head.data.shape_keys.key_blocks["Basis"])[anchor]), atol=1e-5)


def test_renaming_the_head_keeps_its_hair_driven(bpy_empty, tmp_path):
    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    head.name = "Bob"
    assert _moves_alike(head, obj, arrays["hair_anchor"], "jawOpen", 0.9) > 0.001
    drivers = obj.data.shape_keys.animation_data.drivers
    assert all(v.targets[0].id == head.data for d in drivers for v in d.driver.variables)


def test_a_duplicated_head_and_hair_follow_each_other(bpy_empty, tmp_path):
    """Blender's Duplicate (Shift+D) of head and hair: the copy's drivers point at the copied head (Blender remaps
    the pointers of what it copies together), the original's at the original."""
    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    _set_up_like_an_artist(head)
    api.match_hair(head)
    bpy.context.view_layer.update()  # (the layer's bases of the new objects: a selection set before is lost)
    for o in bpy.context.view_layer.objects:
        o.select_set(o in (head, obj))
    bpy.context.view_layer.objects.active = head
    assert bpy.ops.object.duplicate() == {"FINISHED"}
    new_head = next(o for o in bpy.context.view_layer.objects if o.select_get() and o.parent is None)
    new_hair = api.hair_of(new_head)
    assert new_head != head and new_hair not in (None, obj) and new_hair.data.shape_keys != obj.data.shape_keys
    targets = {v.targets[0].id for d in new_hair.data.shape_keys.animation_data.drivers for v in d.driver.variables}
    assert targets == {new_head.data}
    anchor = arrays["hair_anchor"]
    still = _evaluated(obj)
    assert _moves_alike(new_head, new_hair, anchor, "jawOpen", 0.95) > 0.001
    np.testing.assert_allclose(_evaluated(obj), still, atol=0)  # the original hair stays with its head
    assert _moves_alike(head, obj, anchor, "eyeBlink_L", 0.3) > 0.001
    assert new_hair.data.shape_keys.key_blocks["jawOpen"].vertex_group == "Jaw"


def test_the_hair_keys_follow_a_narrowed_or_widened_head_range(bpy_empty, tmp_path):
    """The hair key's value is the head key's, held in the head key's range (the hair's own is Blender's widest)."""
    head, _ = _head(tmp_path)
    obj = api.hair_of(head)
    block, hair_block = head.data.shape_keys.key_blocks["jawOpen"], obj.data.shape_keys.key_blocks["jawOpen"]
    block.slider_max = 0.5
    block.value = 0.9  # held at 0.5 by the head's slider
    _evaluated(obj)
    assert hair_block.value == pytest.approx(0.5)
    block.slider_min, block.slider_max = -2.0, 3.0
    block.value = 2.5
    _evaluated(obj)
    assert hair_block.value == pytest.approx(2.5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        api.match_hair(head)  # a head with its settings untouched: nothing to warn


def test_the_match_hair_button(addon, tmp_path):
    """The panel offers Match Hair under the Hair line; it matches the active head's hair (or the hair's own head)."""
    from test_hair_left_behind import _panel

    head, arrays = _head(tmp_path)
    obj = api.hair_of(head)
    _set_up_like_an_artist(head)
    bpy.context.view_layer.update()
    bpy.context.view_layer.objects.active = obj  # the hair clicked stands for its head
    labels, buttons = _panel()
    assert "textface.match_hair" in buttons
    assert "Hair keys not set as the head's: jawOpen, eyeBlink_L" in labels
    assert bpy.ops.textface.match_hair() == {"FINISHED"}
    assert not any("not set as the head's" in label for label in _panel()[0])
    assert obj.data.shape_keys.key_blocks["jawOpen"].vertex_group == "Jaw"
    assert _moves_alike(head, obj, arrays["hair_anchor"], "jawOpen", 0.6) > 0.001
    bpy.ops.object.mode_set(mode="EDIT")  # (the hair active)
    with pytest.raises(RuntimeError, match="Ann hair is in Edit Mode: leave it"):  # (bpy.ops raises on ERROR)
        bpy.ops.textface.match_hair()
    bpy.ops.object.mode_set(mode="OBJECT")
    bald = api.import_wire(wire.write_wire(tmp_path / "bald.npz", wire.pack(**synthetic_arrays())), name="Bald")
    bpy.context.view_layer.objects.active = bald
    assert "textface.match_hair" not in _panel()[1]
    assert not bpy.ops.textface.match_hair.poll()
