"""A prompt (or refine text) the service refuses at submission (HTTP 422 naming that text alone: empty, too long,
not English) is reported in the artist's terms, "TextFace could not read the prompt: <the parser's reason>", not as a
request the backend rejected; other 422s keep "the backend rejected the request: HTTP 422: ..."."""
from __future__ import annotations

import re

import bpy
import pytest

from backend.client import BadRequest
from backend.io import wire
from blender_textface import api, job_state, tasks
from conftest import synthetic_arrays
from stand_in_http import JsonHandler, StandInService, serving
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture

GERMAN = "ein alter Mann mit einem langen Bart"
NOT_ENGLISH = "the description does not look like English; nothing could be read from it (write it in English)"


def _exactly(text):
    return f"^{re.escape(text)}$"


def _refused(field, message):
    return BadRequest(422, message, [{"field": field, "message": message}])


def test_describe_names_the_text_refused_and_nothing_else():
    assert tasks.describe(_refused("body.prompt", NOT_ENGLISH)) == f"TextFace could not read the prompt: {NOT_ENGLISH}"
    assert tasks.describe(_refused("body.text", "the description is empty")) == \
        "TextFace could not read the refine text: the description is empty"
    other = BadRequest(422, "sidecar: identity must have 100 values", [])
    assert tasks.describe(other) == "the backend rejected the request: HTTP 422: sidecar: identity must have 100 values"
    two = BadRequest(422, "invalid request: body.prompt: x; body.seed: y",
                     [{"field": "body.prompt", "message": "x"}, {"field": "body.seed", "message": "y"}])
    assert tasks.describe(two).startswith("the backend rejected the request: HTTP 422: invalid request")


class _Service(StandInService):
    def __init__(self):
        super().__init__(_Handler)


class _Handler(JsonHandler):
    def do_GET(self):
        if self.path == "/v1/health":
            self.answer(200, {"status": "ok", "service_version": "0.1.0", "api_version": 1,
                              "wire_version": wire.WIRE_VERSION, "models": {}})
        else:
            self.answer(404, {"detail": "not found"})

    def do_POST(self):  # as backend/service/app.py answers a prompt its parser refuses
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.answer(422, {"detail": NOT_ENGLISH, "errors": [{"field": "body.prompt", "message": NOT_ENGLISH}]})


def test_a_prompt_refused_over_http_says_so_in_one_line(addon):
    with serving(_Service()) as server:
        with pytest.raises(api.BackendError, match=_exactly(f"TextFace could not read the prompt: {NOT_ENGLISH}")):
            api.generate_head(GERMAN, settings=api.BackendSettings(mode="REMOTE", url=server.url, token="t"))
    assert len(bpy.data.objects) == 0


def test_the_generate_button_reports_it(fake):
    fake.refuse_at_submission = True
    bpy.context.scene.textface.prompt = GERMAN
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    op._begin(bpy.context)
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert job_state.current.last_error == f"TextFace could not read the prompt: {NOT_ENGLISH}"
    assert op.reports[-1] == ({"ERROR"}, job_state.current.last_error)


def test_a_refine_text_refused(fake, tmp_path, monkeypatch):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))

    def refuse(*_args, **_kwargs):
        raise _refused("body.text", NOT_ENGLISH)

    monkeypatch.setattr(fake, "submit_refine", refuse)
    with pytest.raises(api.BackendError, match=_exactly(f"TextFace could not read the refine text: {NOT_ENGLISH}")):
        api.refine_head(head, "sieht müde aus")
