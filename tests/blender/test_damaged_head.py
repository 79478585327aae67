"""A head whose stored TextFace data (its custom properties: textface_sidecar, textface_identity_baked,
textface_unit_scale) is damaged, e.g. edited by hand: Refine Selected and api.refine_head refuse it with
api.DamagedHead (an ImportFailed and a NotAHead) naming the property and what to do, before any job, with
nothing of the head changed; a head damaged while its job runs drops the result the same way.
Before: a bare JSONDecodeError or AttributeError, or the job ran and failed only when its result came."""
from __future__ import annotations

import json
import re

import bpy
import numpy as np
import pytest

from backend.io import wire
from blender_textface import api, job_state, refine

from test_light_heads import _co, _mesh_co, _path, _refine_operator, _refined_arrays
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture

SETTINGS = api.BackendSettings()
SIDECAR = "textface_sidecar"


def _spoil_sidecar(text_of):
    return lambda head: head.__setitem__(SIDECAR, text_of(head[SIDECAR]))


def _with(**changes):
    return _spoil_sidecar(lambda text: json.dumps(dict(json.loads(text), **changes)))


def _without(key):
    return _spoil_sidecar(lambda text: json.dumps({k: v for k, v in json.loads(text).items() if k != key}))


# (what is done to the head, the property named, what the message says of it); both kinds of head
DAMAGE = {
    "truncated JSON": (_spoil_sidecar(lambda text: text[:40]), SIDECAR, r"is not valid JSON \(Unterminated string"),
    "a JSON array": (_spoil_sidecar(lambda text: "[1, 2]"), SIDECAR, r"holds an array, not a JSON object"),
    "a number property": (lambda head: head.__setitem__(SIDECAR, 5), SIDECAR, r"holds int 5, not the head's JSON"),
    "a group property": (lambda head: head.__setitem__(SIDECAR, {"identity": [1.0]}), SIDECAR,
                         r"holds IDPropertyGroup .*not the head's JSON text"),
    "no identity": (_without("identity"), SIDECAR, r"has no identity coefficients"),
    "identity a string": (_with(identity="2.5 -1.25"), SIDECAR, r"has identity '2.5 -1.25', not a list"),
    "identity item text": (_with(identity=[2.5, "x", 6.5, 0.0]), SIDECAR, r"identity coefficient 1 = 'x', not a"),
    "identity item NaN": (_spoil_sidecar(lambda text: text.replace('"identity": [2.5', '"identity": [NaN')),
                          SIDECAR, r"identity coefficient 0 = nan, not a finite number"),
    "identity item true": (_with(identity=[True, 0.5, 0.5, 0.5]), SIDECAR, r"coefficient 0 = True"),
    "light marker text": (lambda head: head.__setitem__("textface_identity_baked", "yes"),
                          "textface_identity_baked", r"holds 'yes', not True or False"),
}
LIGHT_ONLY = {  # (a full head's refinement does not read them)
    "unit scale text": (lambda head: head.__setitem__("textface_unit_scale", "0.01"), "textface_unit_scale",
                        r"holds '0.01', not a positive number of metres per unit"),
    "unit scale negative": (lambda head: head.__setitem__("textface_unit_scale", -0.01), "textface_unit_scale",
                            r"holds -0.01, not a positive"),
    "unit scale NaN": (lambda head: head.__setitem__("textface_unit_scale", float("nan")), "textface_unit_scale",
                       r"holds nan, not a positive"),
    # (sent as stored: the service refuses it with HTTP 422; a full head sends its sliders, which stop at 10)
    "identity beyond the limit": (_with(identity=[2.5, -12.5, 6.5, 0.0]), SIDECAR,
                                  r"has identity coefficient 1 = -12.5, beyond the -10..10 standard deviations"),
}
FULL_ONLY = {
    "identity shorter than the keys": (_with(identity=[2.5, -1.25]), SIDECAR,
                                       r"holds 2 identity coefficients, but the head has identity keys up to id_003"),
    "light marker gone": (lambda head: [head.shape_key_remove(b) for b in list(head.data.shape_keys.key_blocks)
                                        if b.name.startswith("id_")],
                          "textface_identity_baked", r"is missing, yet the head has no identity keys"),
}
CASES = ([(False, name) for name in {**DAMAGE, **FULL_ONLY}] + [(True, name) for name in {**DAMAGE, **LIGHT_ONLY}])


def _state(head):
    """Everything a refinement could change: keys (points, values, sliders), mesh, custom properties, images."""
    blocks = head.data.shape_keys.key_blocks
    keys = [(b.name, b.value, b.slider_min, b.slider_max, _co(b).tobytes()) for b in blocks]
    props = {k: repr(head[k].to_dict() if hasattr(head[k], "to_dict") else head[k]) for k in head.keys()}
    return keys, _mesh_co(head).tobytes(), props, sorted((i.name, i.users) for i in bpy.data.images)


def _damaged_head(tmp_path, light: bool, case: str):
    head = api.import_wire(_path(tmp_path), identity_keys=not light)
    if light:
        head["textface_unit_scale"] = 0.5  # (a head built in a scene of 0.5 m units keeps it)
    spoil, prop, reason = {**DAMAGE, **LIGHT_ONLY, **FULL_ONLY}[case]
    spoil(head)
    return head, prop, reason


def _assert_damaged_message(message: str, head_name: str, prop: str, reason: str) -> None:
    assert message.startswith(f"{head_name}: its stored TextFace data is damaged: the custom property {prop} ")
    assert re.search(reason, message), message
    assert "nothing was changed" in message and "Ctrl+Z" in message and "head.npz" in message
    assert "\n" not in message and "Traceback" not in message


@pytest.mark.parametrize("light, case", CASES, ids=[f"{'light' if lt else 'full'}: {c}" for lt, c in CASES])
def test_refine_head_refuses_a_damaged_head_before_any_job(fake, tmp_path, light, case):
    head, prop, reason = _damaged_head(tmp_path, light, case)
    before = _state(head)
    with pytest.raises(api.DamagedHead) as caught:
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert isinstance(caught.value, api.ImportFailed) and isinstance(caught.value, api.NotAHead)
    _assert_damaged_message(str(caught.value), head.name, prop, reason)
    assert fake.submitted == [] and _state(head) == before


@pytest.mark.parametrize("light", [False, True], ids=["full", "light"])
def test_refine_selected_reports_a_damaged_head_in_one_line(fake, tmp_path, light):
    head, prop, reason = _damaged_head(tmp_path, light, "truncated JSON")
    bpy.context.view_layer.objects.active = head
    before = _state(head)
    bpy.context.scene.textface.refine_text = "looks wise"
    with pytest.raises(RuntimeError) as caught:  # bpy.ops raises the operator's ERROR report
        bpy.ops.textface.refine_selected()
    _assert_damaged_message(job_state.current.last_error, head.name, prop, reason)
    assert job_state.current.last_error in str(caught.value)
    assert fake.submitted == [] and not job_state.current.running and _state(head) == before


@pytest.mark.parametrize("light", [False, True], ids=["full", "light"])
def test_a_head_damaged_while_its_job_runs_drops_the_result(fake, tmp_path, light):
    head = api.import_wire(_path(tmp_path), identity_keys=not light)
    bpy.context.view_layer.objects.active = head
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    fake.hold.clear()
    op = _refine_operator()
    _tick_until(op, lambda _: job_state.current.stage == "refine")
    head[SIDECAR] = head[SIDECAR][:40]
    before = _state(head)
    fake.hold.set()
    assert _tick_until(op, _ended) == {"CANCELLED"}
    _assert_damaged_message(job_state.current.last_error, head.name, SIDECAR, r"is not valid JSON")
    assert _state(head) == before


def test_a_full_head_with_deleted_identity_keys_is_refused_before_the_job(fake, tmp_path):
    """Before: the job ran and its result was refused ("does not match ... keys ['id_001']")."""
    head = api.import_wire(_path(tmp_path))
    blocks = head.data.shape_keys.key_blocks
    head.shape_key_remove(blocks["id_001"])
    head.shape_key_remove(blocks["id_002"])
    before = _state(head)
    with pytest.raises(ValueError, match=r"its identity keys id_001, id_002 were deleted.*Nothing was changed"):
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert fake.submitted == [] and _state(head) == before


def test_an_intact_head_is_still_refined(fake, tmp_path):
    """(The checks refuse only damage: a head built in a 0.5 m scene, with a muted identity key, refines.)"""
    head = api.import_wire(_path(tmp_path), identity_keys=False)
    head["textface_unit_scale"] = 0.5
    full = api.import_wire(_path(tmp_path))
    full.data.shape_keys.key_blocks["id_002"].mute = True
    fake.payload = wire.to_bytes(wire.pack(**_refined_arrays([-4.0, 0.5, 0.25, 3.0])))
    for obj in (head, full):
        assert api.refine_head(obj, "looks wise", steps=2, settings=SETTINGS) is obj
    assert [s[1]["identity"] for s in fake.submitted] == [[2.5, -1.25, 6.5, 0.0], [2.5, -1.25, 0.0, 0.0]]
    assert refine.stored_identity(head) == [-4.0, 0.5, 0.25, 3.0]
    assert np.isclose(full.data.shape_keys.key_blocks["id_000"].value, -4.0)
