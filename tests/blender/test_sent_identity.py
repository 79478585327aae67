"""A head whose stored identity the service's head check would refuse (HTTP 422, once the backend has started):
another number of coefficients than the ICT model's 100 (a hand edit, a head file of another tool), refused by
Refine Selected and api.refine_head before any job, naming the head, with nothing changed; and what of the stored
data the add-on cannot foresee, refused by the service, names the head the same way.  Before: the job was
submitted and the service's words came back ("the backend rejected the request: HTTP 422: sidecar: identity must
be a list of 100 finite numbers (got 60 items)"), or a stand-in service took it and the result failed to apply."""
from __future__ import annotations

import json
import re

import bpy
import pytest

from backend.io.sidecar import validate
from backend.service.config import ServiceConfig
from backend.service.refine_source import BadSidecar, check_sidecar
from blender_textface import api, backend_source, job_state, sent_identity
from conftest import REPO

from test_damaged_head import SIDECAR, _assert_damaged_message, _state
from test_light_heads import _path, _refine_operator
from test_operators import _ended, _tick_until, fake  # noqa: F401 - fake: the fixture

SETTINGS = api.BackendSettings()


def test_the_model_facts_are_the_backends():
    model = (REPO / "backend" / "face_model" / "model.py").read_text(encoding="utf-8")
    assert sent_identity.ICT_VERTICES == int(re.search(r"^N_VERTICES = (\d+)$", model, re.M).group(1))
    assert sent_identity.ICT_IDENTITY_MODES == int(re.search(r"^N_IDENTITY = (\d+)$", model, re.M).group(1))
    limits = {}
    exec((REPO / "backend" / "limits.py").read_text(), limits)  # (standard library only)
    assert sent_identity.IDENTITY_LIMIT == limits["IDENTITY_LIMIT"]


def _shortened(head, n: int) -> None:
    sidecar = json.loads(head[SIDECAR])
    sidecar["identity"] = sidecar["identity"][:n]
    head[SIDECAR] = json.dumps(sidecar)


def test_the_service_refuses_such_an_identity():
    """(The premise: the backend's head check takes exactly 100 coefficients; no padding.)"""
    sidecar = {"schema_version": 1, "prompt": "", "seed": 0, "parsed": {}, "identity": [0.5] * 60,
               "expression": {}, "texture": {}}
    with pytest.raises(Exception, match=r"identity must be a list of 100 finite numbers \(got 60 items\)"):
        validate(sidecar)


@pytest.mark.parametrize("light", [True, False], ids=["light", "full, its last keys deleted"])
def test_a_real_head_with_a_shortened_identity_is_refused_before_any_job(fake, real_wire, light):
    head = api.import_wire(real_wire, name="Crowd 7", identity_keys=not light)
    _shortened(head, 60)
    if not light:  # the keys past the stored coefficients deleted too, so that the keys agree with it
        for block in [b for b in head.data.shape_keys.key_blocks if b.name >= "id_060" and b.name < "id_100"]:
            head.shape_key_remove(block)
    before = _state(head)
    with pytest.raises(api.DamagedHead) as caught:
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    _assert_damaged_message(str(caught.value), "Crowd 7", SIDECAR, r"holds only 60 identity coefficients, but the "
                            r"ICT face model \(whose 26,719 vertices the head has\) has 100, as many as the backend")
    assert fake.submitted == [] and _state(head) == before
    # the button says the same, in one line, before any job
    bpy.context.view_layer.objects.active = head
    bpy.context.scene.textface.refine_text = "looks wise"
    with pytest.raises(RuntimeError):  # bpy.ops raises the operator's ERROR report
        bpy.ops.textface.refine_selected()
    assert job_state.current.last_error == str(caught.value)
    assert fake.submitted == [] and _state(head) == before and not job_state.current.running


def test_a_real_light_head_with_a_longer_identity_is_refused_too(fake, real_wire):
    head = api.import_wire(real_wire, identity_keys=False)
    sidecar = json.loads(head[SIDECAR])
    sidecar["identity"] += [0.0, 0.0]
    head[SIDECAR] = json.dumps(sidecar)
    with pytest.raises(api.DamagedHead, match=r"holds 102 identity coefficients, but the ICT face model"):
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert fake.submitted == []


def test_an_intact_real_light_head_is_sent(fake, real_wire):
    head = api.import_wire(real_wire, identity_keys=False)
    with pytest.raises(api.ImportFailed):  # (the fake's result is a synthetic head: it does not fit)
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    assert len(fake.submitted) == 1 and len(fake.submitted[0][1]["identity"]) == 100


@pytest.fixture
def checking_service(fake, monkeypatch, tmp_path):
    """The fake service refusing a head as the real one does: its head check, its 422 through the real client's
    error class (backend/service/app.py: `_ApiError(422, str(exc))`)."""
    bad_request = backend_source.load("client").BadRequest
    cfg = ServiceConfig(data_dir=tmp_path, token="t")
    submit = fake.submit_refine

    def submit_refine(text, sidecar=None, **options):
        try:
            check_sidecar(sidecar, cfg)
        except BadSidecar as exc:
            raise bad_request(422, str(exc)) from None
        return submit(text, sidecar=sidecar, **options)

    monkeypatch.setattr(fake, "submit_refine", submit_refine)
    return fake


@pytest.mark.parametrize("light", [False, True], ids=["full", "light"])
def test_stored_data_the_service_refuses_names_the_head(checking_service, tmp_path, light):
    """A synthetic head's sidecar lacks what a backend head file has (`parsed`, `texture`): the service refuses
    it, and the message names the head and the property, as for damage the add-on finds itself."""
    head = api.import_wire(_path(tmp_path), name="Lead", identity_keys=not light)
    before = _state(head)
    with pytest.raises(api.DamagedHead) as caught:
        api.refine_head(head, "looks wise", steps=2, settings=SETTINGS)
    _assert_damaged_message(str(caught.value), "Lead", SIDECAR,
                            r"was refused by the backend: not a TextFace head file \(missing parsed, texture\)")
    assert _state(head) == before
    bpy.context.view_layer.objects.active = head
    op = _refine_operator()
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert job_state.current.last_error == str(caught.value) and _state(head) == before
