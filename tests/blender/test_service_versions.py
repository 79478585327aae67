"""A service this add-on cannot use (another API version, a wire format it cannot read: a remote one of another
version) is refused before any job is submitted, with the versions of both sides; Check Backend flags it.
Before: the job ran to the end and only the import failed ("wire format version 99; this side reads 1, 2"),
and Check Backend showed "API 2" without a warning."""
from __future__ import annotations

import re

import bpy
import pytest

from backend.io import wire
from blender_textface import api, health, job_state, session

from conftest import REPO, synthetic_arrays
from stand_in_http import JsonHandler, StandInService, serving
from test_operators import _ended, _harness, _tick_until, fake  # noqa: F401 - fake: the fixture

SETTINGS = api.BackendSettings()
REFUSED = {
    # (the formats this add-on reads: the wire module's, 1, 2, 3 since hair meshes; not written out here to go stale)
    "API 2": ((2, 2), r"it speaks API 2 and writes wire format 2, but this add-on speaks API 1 and reads wire "
                      rf"format {', '.join(map(str, wire.READABLE_VERSIONS))}: install the add-on and the backend "
                      r"from the same version"),
    "wire 99": ((1, 99), r"it speaks API 1 and writes wire format 99, but this add-on speaks API 1"),
    "API 2, wire 99": ((2, 99), r"it speaks API 2 and writes wire format 99"),
    "no versions": ((None, None), r"it speaks API \? and writes wire format \?"),
    "API true": ((True, 2), r"it speaks API True and"),
}


def _health_with(client, api_version, wire_version):
    answer = client.health()
    answer.update(api_version=api_version, wire_version=wire_version)
    if api_version is None:
        del answer["api_version"], answer["wire_version"]
    client.health = lambda: answer


def test_the_api_version_is_the_services_and_the_clients():
    source = (REPO / "backend" / "service" / "app.py").read_text(encoding="utf-8")
    assert health.API_VERSIONS == (int(re.search(r"^API_VERSION = (\d+)$", source, re.M).group(1)),)
    paths = set(re.findall(r'"/v(\d+)/', (REPO / "backend" / "client.py").read_text(encoding="utf-8")))
    assert paths == {str(v) for v in health.API_VERSIONS}


@pytest.mark.parametrize("case", list(REFUSED))
def test_generate_refuses_a_service_of_another_version_before_submitting(fake, case):
    versions, match = REFUSED[case]
    _health_with(fake, *versions)
    with pytest.raises(api.BackendError, match=r"^the backend at http://fake cannot be used: " + match):
        api.generate_head("an old man", settings=SETTINGS)
    assert fake.submitted == [] and len(bpy.data.objects) == 0


def test_refine_refuses_it_too_and_the_head_is_left_alone(fake, tmp_path):
    head = api.import_wire(wire.write_wire(tmp_path / "h.npz", wire.pack(**synthetic_arrays())))
    stored = head["textface_sidecar"]
    _health_with(fake, 1, 99)
    with pytest.raises(api.BackendError, match="writes wire format 99.*no job was submitted$"):
        api.refine_head(head, "looks wise", settings=SETTINGS)
    assert fake.submitted == [] and head["textface_sidecar"] == stored


def test_the_generate_button_reports_it(fake):
    _health_with(fake, 2, 99)
    op = _harness(bpy.types.TEXTFACE_OT_generate)
    assert op._begin(bpy.context) is not None
    assert _tick_until(op, _ended) == {"CANCELLED"}
    assert "cannot be used: it speaks API 2 and writes wire format 99" in job_state.current.last_error
    assert fake.submitted == [] and not job_state.current.running


def test_a_usable_service_passes(fake):
    assert health.incompatibility(fake.health(), (1, 2)) is None
    assert api.generate_head("an old man", settings=SETTINGS) is not None and len(fake.submitted) == 1


@pytest.mark.parametrize("versions, warned", [((2, 2), "it speaks API 2 and writes wire format 2"),
                                              ((1, 99), "writes wire format 99"), ((1, 2), None)])
def test_check_backend_flags_an_unsupported_api_or_wire_version(fake, monkeypatch, versions, warned):
    monkeypatch.setattr(session, "endpoint", lambda settings: ("http://fake", "token"))
    _health_with(fake, *versions)
    assert bpy.ops.textface.check_backend() == {"FINISHED"}
    report = job_state.current.backend_report
    warnings = [line for line in report if line.startswith("WARNING")]
    if warned is None:
        assert warnings == []
    else:
        assert len(warnings) == 1 and warnings[0].startswith("WARNING: this add-on cannot use the service: ")
        assert warned in warnings[0]
    assert f"service 0.1.0, API {versions[0]}, wire format {versions[1]}" in report


class _Service(StandInService):
    """A service of another version over real HTTP: health says wire format 99; it counts the jobs posted."""

    def __init__(self):
        super().__init__(_Handler)
        self.posts: list[str] = []


class _Handler(JsonHandler):
    def do_GET(self):
        if self.path == "/v1/health":
            self.answer(200, {"status": "ok", "service_version": "9.0", "api_version": 1, "wire_version": 99,
                              "models": {}})
        else:
            self.answer(404, {"detail": "not found"})

    def do_POST(self):
        self.server.posts.append(self.path)
        self.answer(202, {"id": "0" * 32, "state": "queued"})


def test_a_remote_service_of_another_version_over_http_gets_no_job(addon):
    with serving(_Service()) as server:
        url = server.url
        with pytest.raises(api.BackendError, match=f"^the backend at {url} cannot be used: .*wire format 99"):
            api.generate_head("an old man", settings=api.BackendSettings(mode="REMOTE", url=url, token="t"))
    assert server.posts == [] and len(bpy.data.objects) == 0
