"""Refine Selected on a full head whose identity keys are animated (keyframes, a driver) is refused, nothing
sent or changed: Blender would put the animated values back over the refined ones at the next frame, and the
refinement would vanish without a word (before: it did).  Animated expression keys are refined from the
pose at the current frame, and keep their animation."""
from __future__ import annotations

import bpy
import pytest

from blender_textface import api, job_state

from test_light_heads import _path, _refine_operator, _refined_arrays
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture
from backend.io import wire

SETTINGS = api.BackendSettings()


def _values(head):
    return [(b.name, b.value) for b in head.data.shape_keys.key_blocks]


def test_keyframed_identity_keys_are_refused_before_the_job(fake, tmp_path):
    head = api.import_wire(_path(tmp_path))
    blocks = head.data.shape_keys.key_blocks
    blocks["id_001"].keyframe_insert("value", frame=1)
    before = _values(head)
    with pytest.raises(ValueError, match=r"its identity keys id_001 are animated \(keyframes or a driver\).*"
                                         r"Nothing was changed"):
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert fake.submitted == [] and _values(head) == before


def test_a_driven_identity_key_is_refused_and_a_muted_curve_is_not(fake, tmp_path):
    head = api.import_wire(_path(tmp_path))
    blocks = head.data.shape_keys.key_blocks
    driver = blocks["id_002"].driver_add("value")
    with pytest.raises(ValueError, match=r"identity keys id_002 are animated"):
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    driver.mute = True  # a muted driver animates nothing
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    assert api.refine_head(head, "looks wise", steps=2, settings=SETTINGS) is head
    assert blocks["id_000"].value == pytest.approx(-4.0)


def test_animated_expression_keys_are_sent_as_posed_now_and_keep_their_animation(fake, tmp_path):
    head = api.import_wire(_path(tmp_path))
    blocks = head.data.shape_keys.key_blocks
    for frame, value in ((1, 0.0), (10, 0.6)):
        blocks["jawOpen"].value = value
        blocks["jawOpen"].keyframe_insert("value", frame=frame)
    bpy.context.scene.frame_set(10)
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert fake.submitted[0][1]["expression"]["jawOpen"] == pytest.approx(0.6)
    bpy.context.scene.frame_set(1)
    assert blocks["jawOpen"].value == pytest.approx(0.0) and blocks["id_000"].value == pytest.approx(-4.0)


def test_identity_keys_animated_while_the_job_runs_drop_the_result(fake, tmp_path):
    head = api.import_wire(_path(tmp_path))
    bpy.context.view_layer.objects.active = head
    before = _values(head)
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    op = _refine_operator()  # (begun)
    head.data.shape_keys.key_blocks["id_003"].keyframe_insert("value", frame=1)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert "identity keys id_003 are animated" in job_state.current.last_error and _values(head) == before
