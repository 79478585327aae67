"""Refine Selected and the shape key settings an artist may have changed: the shape key lock (pin) and the
keys' slider ranges.  The lock is a viewing aid: the refinement starts from the keys' values (the head with
the lock off) and says so; a slider range the user set stays, widened only to hold the refined value."""
from __future__ import annotations

import warnings

import bpy
import pytest

from backend.io import wire

from blender_textface import api, job_state

from conftest import synthetic_arrays
from test_operators import _ended, _harness, _refined_payload, _tick_until, fake  # noqa: F401 - fake: fixture


def _head(tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks tired"
    return head


def _refine_with_operator():
    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"FINISHED"}
    return op


def test_a_locked_shape_key_is_a_view_the_refinement_starts_from_the_key_values(fake, tmp_path):  # noqa: F811
    """With the lock on, Blender shows the mean face in the active key at 1.0; sending that would refine
    (and then replace) the head's identity from the mean face.  The key values are sent, the user is told."""
    head = _head(tmp_path)
    blocks = head.data.shape_keys.key_blocks
    blocks["id_000"].value, blocks["jawOpen"].value = -3.0, 0.4
    head.active_shape_key_index = list(blocks.keys()).index("eyeBlink_R")
    head.show_only_shape_key = True
    fake.payload = _refined_payload(-4.0)
    op = _refine_with_operator()
    sent = fake.submitted[0][1]
    assert sent["identity"] == [-3.0, -1.25, 6.5, 0.0]  # the id_ keys' values, not the mean face's zeros
    assert sent["expression"] == pytest.approx({"jawOpen": 0.4, "eyeBlink_L": 1.0})  # not {"eyeBlink_R": 1.0}
    note = (f"{head.name}: the shape key lock is on, so the viewport shows only 'eyeBlink_R'; refined from the "
            "values of all its keys (the head as it shows with the lock off)")
    assert op.reports[0] == ({"WARNING"}, note) and job_state.current.notice == note
    assert head.show_only_shape_key and head.active_shape_key.name == "eyeBlink_R"  # the user's view stays
    assert blocks["id_000"].value == -4.0
    with pytest.warns(api.ShapeKeyLockIgnored, match="the shape key lock is on"):
        api.refine_head(head, "looks tired", settings=api.BackendSettings())
    head.show_only_shape_key = False
    with warnings.catch_warnings():
        warnings.simplefilter("error", api.ShapeKeyLockIgnored)  # no lock, no note
        api.refine_head(head, "looks tired", settings=api.BackendSettings())


def test_a_slider_range_the_user_set_stays_widened_only_to_hold_the_refined_value(fake, tmp_path):  # noqa: F811
    head = _head(tmp_path)
    blocks = head.data.shape_keys.key_blocks
    blocks["id_000"].slider_min, blocks["id_000"].slider_max = -3.0, 3.0  # narrowed on purpose; value 2.5
    blocks["id_001"].slider_min, blocks["id_001"].slider_max = -10.0, 10.0  # widened on purpose; value -1.25
    fake.payload = _refined_payload(-4.0)  # identity [-4.0, 0.5, 0.25, 3.0]
    _refine_with_operator()
    assert [blocks[f"id_{k:03d}"].value for k in range(4)] == [-4.0, 0.5, 0.25, 3.0]  # never clamped
    assert (blocks["id_000"].slider_min, blocks["id_000"].slider_max) == (-4.0, 3.0)
    assert (blocks["id_001"].slider_min, blocks["id_001"].slider_max) == (-10.0, 10.0)
    # widened at import to hold 6.5; the refined 0.25 fits, so the range stays as the head had it
    assert (blocks["id_002"].slider_min, blocks["id_002"].slider_max) == (-5.0, 7.0)
