"""Refine Selected and shape keys an artist limited to a vertex group or made relative to another key.

A full head's identity is its id_ key values, which the backend takes as coefficients at their full effect:
such an id_ key shows something else, so the result (slider values) would not be the head the backend
refined: refused, nothing sent or changed.  An expression key sent so is rendered at its full effect: a
warning.  A light head's keys all move by the identity's change, so their settings keep working."""
from __future__ import annotations

import warnings

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, job_state

from conftest import synthetic_arrays
from test_light_heads import _evaluated, _path, _refine_operator, _refined_arrays
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture


def _head(tmp_path, identity_keys=True):
    head = api.import_wire(_path(tmp_path), identity_keys=identity_keys)
    bpy.context.view_layer.objects.active = head
    group = head.vertex_groups.new(name="Nose")
    group.add([3, 4, 5, 6], 1.0, "REPLACE")
    group.add([7], 0.5, "REPLACE")
    return head, head.data.shape_keys.key_blocks


def _values(head):
    return [b.value for b in head.data.shape_keys.key_blocks]


@pytest.mark.parametrize("setting", ["vertex group", "relative key"])
def test_an_identity_key_that_does_not_act_plainly_is_refused_before_any_job(fake, tmp_path, setting):
    """Before: the job ran and set id_001 to the refined coefficient, which the head then showed only on the
    nose (or as an offset from jawOpen): not the head the backend refined."""
    head, blocks = _head(tmp_path)
    if setting == "vertex group":
        blocks["id_001"].vertex_group = "Nose"
        how = "id_001 limited to vertex group 'Nose'"
    else:
        blocks["id_001"].relative_key = blocks["jawOpen"]
        how = "id_001 relative to 'jawOpen'"
    blocks["id_002"].mute, blocks["id_002"].vertex_group = True, "Nose"  # muted: counts as 0, left alone
    values = _values(head)
    bpy.context.scene.textface.refine_text = "looks tired"
    with pytest.raises(RuntimeError, match=f"{head.name}: Refine Selected sets the identity sliders.*{how}\\. "
                                           "In the Shape Keys panel set their Relative To back to 'Basis'"):
        bpy.ops.textface.refine_selected()
    assert fake.submitted == [] and _values(head) == values and how in job_state.current.last_error
    assert "id_002" not in job_state.current.last_error


def test_an_identity_key_changed_during_the_job_fails_it_with_the_head_unchanged(fake, tmp_path):
    head, blocks = _head(tmp_path)
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    values, images = _values(head), len(bpy.data.images)
    fake.hold.clear()
    op = _refine_operator()
    _tick_until(op, lambda _: job_state.current.stage == "refine")
    blocks["id_003"].vertex_group = "Nose"
    fake.hold.set()
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert "id_003 limited to vertex group 'Nose'" in job_state.current.last_error
    assert _values(head) == values and len(bpy.data.images) == images


def test_expression_keys_sent_with_such_settings_are_named_in_a_warning(fake, tmp_path):
    head, blocks = _head(tmp_path)
    blocks["jawOpen"].vertex_group = "Nose"  # sent: 0.25
    blocks["eyeBlink_L"].relative_key = blocks["jawOpen"]  # sent: 1.0
    blocks["eyeBlink_R"].vertex_group = "Nose"  # at 0: not sent, not named
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        api.refine_head(head, "looks tired", settings=api.BackendSettings())
    notes = [str(w.message) for w in caught if issubclass(w.category, api.KeySettingsIgnored)]
    assert notes == [f"{head.name}: refined with expression keys at their full effect from the Basis, as the "
                     "backend renders them: eyeBlink_L relative to 'jawOpen'; jawOpen limited to vertex group "
                     "'Nose'; the keys keep their settings"]
    assert blocks["jawOpen"].vertex_group == "Nose" and blocks["eyeBlink_L"].relative_key == blocks["jawOpen"]


def test_a_light_heads_keys_keep_working_with_their_settings(fake, tmp_path):
    """What the head shows moves exactly by the identity's change, whatever its keys' settings (a check of the
    finding: the light head's refinement moves every key by the same change, so none goes wrong)."""
    head, blocks = _head(tmp_path, identity_keys=False)
    blocks["jawOpen"].relative_key = blocks["eyeBlink_L"]
    blocks["eyeBlink_R"].vertex_group, blocks["eyeBlink_R"].value = "Nose", 0.8
    before = _evaluated(head).astype(np.float64)
    refined = _refined_arrays([-4.0, 0.5, 0.25, 3.0])
    fake.payload = wire.to_bytes(wire.pack(**refined))
    assert _tick_until(_refine_operator(), _ended) == {"FINISHED"}
    # the identity's change at each vertex: the Basis of a light head made from each identity
    old, new = (api.import_wire(_path(tmp_path, arrays), identity_keys=False, name=f"plain {k}")
                for k, arrays in enumerate((synthetic_arrays(), refined)))
    shift = _basis(new) - _basis(old)
    assert np.abs(shift).max() > 0.01
    assert np.abs((_evaluated(head) - before) - shift).max() < 1e-5
    assert blocks["jawOpen"].relative_key == blocks["eyeBlink_L"] and blocks["eyeBlink_R"].vertex_group == "Nose"


def _basis(obj):
    co = np.empty(len(obj.data.vertices) * 3, np.float64)
    obj.data.shape_keys.reference_key.points.foreach_get("co", co)
    return co.reshape(-1, 3)
