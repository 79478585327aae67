"""Refine Selected on a head linked from a library .blend (File > Link, as production scenes use character
assets) is refused before any job: Blender saves no change of linked data in the file that links it, so the
refined identity and albedo were lost on reopening without a word (before: it "refined", in memory only)."""
from __future__ import annotations

import bpy
import pytest

from backend.io import wire
from blender_textface import api, job_state

from test_export import _linked_head
from test_light_heads import _refine_operator, _refined_arrays
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture

SETTINGS = api.BackendSettings()


def test_a_linked_head_is_refused_before_the_job_and_refined_once_made_local(fake, synthetic_wire, tmp_path):
    head = _linked_head(tmp_path, synthetic_wire)
    with pytest.raises(ValueError, match=r"Library head is linked from library\.blend: .* make it local first"):
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks wise"
    from test_operators import _harness

    op = _harness(bpy.types.TEXTFACE_OT_refine_selected)
    assert op._begin(bpy.context) is None and "is linked from library.blend" in job_state.current.last_error
    assert fake.submitted == [] and len(bpy.data.images) == 1
    bpy.ops.object.select_all(action="DESELECT")
    head.select_set(True)
    assert bpy.ops.object.make_local(type="ALL") == {"FINISHED"}
    head = bpy.data.objects["Library head"]
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    assert api.refine_head(head, "looks wise", steps=2, settings=SETTINGS) is head
    assert head.data.shape_keys.key_blocks["id_000"].value == pytest.approx(-4.0)
