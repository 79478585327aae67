"""Refine Selected on a light head whose result does not record where it started (`identity_before`): a
refinement the backend skipped (no CLIP weights), or an older backend.  The artist's sculpt of the Basis and
edits of the keys stay; a change that cannot be known is refused with nothing changed."""
from __future__ import annotations

import json

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, importer, refine, writer

from light_head_checks import assert_sculpt_kept, co as _co, mesh_co as _mesh_co, sculpted_light_head
from test_light_heads import _path, _refine_operator, _refined_arrays
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture


def _sculpted_light_head(tmp_path):
    return sculpted_light_head(_path(tmp_path))


def _state(head):
    blocks = head.data.shape_keys.key_blocks
    return ([_co(b).copy() for b in blocks], _mesh_co(head).copy(), head["textface_sidecar"],
            sorted(i.name for i in bpy.data.images))


def _same_state(a, b) -> bool:
    return all(np.array_equal(x, y) for x, y in zip(a[0], b[0])) and np.array_equal(a[1], b[1]) and a[2:] == b[2:]


@pytest.mark.parametrize("identity", [[2.5, -1.25, 6.5, 0.0], [-4.0, 0.5, 0.25, 3.0]],
                         ids=["skipped: identity unchanged", "a backend without the record"])
def test_a_result_without_its_start_keeps_the_sculpt(fake, tmp_path, identity):
    """Before: such a result rebuilt the Basis and the ARKit keys from the result, so the sculpt and the
    key edit were lost (a backend without CLIP weights did that at every Refine Selected)."""
    head, sculpt, jaw_edit = _sculpted_light_head(tmp_path)
    refined = _refined_arrays(identity)
    refined["sidecar"]["refinement"] = {"status": "skipped", "reason": "no CLIP weights", "phrases": ["tired"]}
    fake.payload = wire.to_bytes(wire.pack(**refined))
    assert _tick_until(_refine_operator(), _ended) == {"FINISHED"}
    assert_sculpt_kept(head, api.import_wire(_path(tmp_path, refined), name="Refined full"), sculpt, jaw_edit)
    assert writer.sidecar_of(head)["identity"] == identity  # the next refinement starts from it


@pytest.mark.parametrize("identity, match", [
    (None, "its stored TextFace data is damaged: the custom property textface_sidecar has no identity "
           "coefficients; nothing was changed"),
    ([2.5, -1.25, 6.5], "cannot tell how the refinement changed the identity.*does not fit the result.*"
                        "nothing was changed"),
], ids=["gone", "another length"])
def test_a_head_whose_stored_identity_is_gone_is_refused_with_nothing_changed(addon, tmp_path, identity, match):
    head, _, _ = _sculpted_light_head(tmp_path)
    sidecar = writer.sidecar_of(head)
    del sidecar["identity"]  # e.g. the custom property edited by hand
    if identity is not None:
        sidecar["identity"] = identity
    head["textface_sidecar"] = json.dumps(sidecar)
    before = _state(head)
    result = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    with pytest.raises(importer.ImportFailed, match=match):
        refine.apply_refinement(head, result)
    assert _same_state(_state(head), before)


def test_a_result_planned_from_another_identity_than_the_head_holds_is_refused(addon, tmp_path):
    """The head's identity changed between the request and the result (an undo of an earlier refinement,
    a refinement by script): moving its Basis by the planned change would give a wrong head."""
    head, _, _ = _sculpted_light_head(tmp_path)
    result = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    plan = refine.result_reader(head)([result])[0]
    sidecar = writer.sidecar_of(head)
    sidecar["identity"] = [1.0, 1.0, 1.0, 1.0]
    head["textface_sidecar"] = json.dumps(sidecar)
    before = _state(head)
    with pytest.raises(importer.ImportFailed, match="another identity than the one it was refined from"):
        refine.apply_refinement(head, plan)
    assert _same_state(_state(head), before)


def test_a_light_head_put_in_edit_mode_during_the_job_drops_the_result_with_a_message(fake, tmp_path):
    """(Behaviour kept from before, which the README states: Edit Mode would overwrite the rewritten mesh.)"""
    from blender_textface import job_state

    head, _, _ = _sculpted_light_head(tmp_path)
    head.select_set(True)
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    before = _state(head)
    fake.hold.clear()
    op = _refine_operator()
    _tick_until(op, lambda _: job_state.current.stage == "refine")
    assert bpy.ops.object.mode_set(mode="EDIT") == {"FINISHED"}
    fake.hold.set()
    try:
        assert _tick_until(op, _ended) == {"CANCELLED"}
        assert "is in Edit Mode" in job_state.current.last_error and "leave Edit Mode" in job_state.current.last_error
    finally:
        bpy.ops.object.mode_set(mode="OBJECT")
    assert _same_state(_state(head), before)
