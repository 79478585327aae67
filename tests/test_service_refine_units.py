"""Refine jobs and OBJ units: the job option obj_units (and `submit --refine-job ID TEXT --obj-units`) sets the
refined head's OBJ units; without it a refined head keeps its source job's units (read from that job's
request.json, where the units a refine job was given are recorded too), cm for an inline head.json.  Before,
refine jobs refused the option and always wrote centimetres."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_service_support import api, submit, wait_for  # noqa: F401 - api: the fixture
from test_submit_obj_units import serve  # noqa: F401 - the fixture: a real `python -m backend serve`

import backend.client as C
from backend.io.obj import obj_units_of
from test_cli_errors import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
TOKEN = ["--token", "t" * 20]


def _request(api, job_id: str) -> dict:
    return json.loads((api.data / "jobs" / job_id / "request.json").read_text(encoding="utf-8"))


def _refine(api, **body) -> str:
    r = api.post("/v1/jobs/refine", json={"text": "looks kind", **body})
    assert r.status_code == 202, r.text
    job_id = r.json()["id"]
    assert wait_for(api, job_id)["state"] == "done"
    return job_id


def test_a_refine_job_keeps_its_source_jobs_units_unless_told(api):
    in_m = submit(api, "a man", obj_units="m")["id"]
    in_cm = submit(api, "a man")["id"]
    for job_id in (in_m, in_cm):
        assert wait_for(api, job_id)["state"] == "done"
    assert _request(api, _refine(api, source_job=in_m))["params"]["obj_units"] == "m"
    assert _request(api, _refine(api, source_job=in_cm))["params"]["obj_units"] == "cm"
    assert _request(api, _refine(api, source_job=in_m, obj_units="cm"))["params"]["obj_units"] == "cm"
    assert _request(api, _refine(api, source_job=in_cm, obj_units="m"))["params"]["obj_units"] == "m"
    # recorded: a refinement of a refined head keeps the units too
    again = _refine(api, source_job=_refine(api, source_job=in_cm, obj_units="m"))
    assert _request(api, again)["params"]["obj_units"] == "m"


def test_an_inline_head_is_refined_in_centimetres_unless_told(api):
    job_id = submit(api, "a man", obj_units="m")["id"]  # (its head.json, sent inline: it records no OBJ units)
    assert wait_for(api, job_id)["state"] == "done"
    head = api.get(f"/v1/jobs/{job_id}/results/json").json()
    assert _request(api, _refine(api, sidecar=head))["params"]["obj_units"] == "cm"
    assert _request(api, _refine(api, sidecar=head, obj_units="m"))["params"]["obj_units"] == "m"


def test_a_source_job_from_before_the_option_wrote_centimetres(api):
    job_id = submit(api, "a man")["id"]
    wait_for(api, job_id)
    path = api.data / "jobs" / job_id / "request.json"
    request = json.loads(path.read_text())
    del request["params"]["obj_units"]  # as a job queued by a service from before the option recorded it
    path.write_text(json.dumps(request))
    assert _request(api, _refine(api, source_job=job_id))["params"]["obj_units"] == "cm"


@pytest.mark.parametrize("units", ["mm", 1, ""])
def test_unknown_units_are_refused(api, units):
    r = api.post("/v1/jobs/refine", json={"text": "kind", "source_job": "0" * 32, "obj_units": units})
    assert r.status_code == 422 and "obj_units" in r.json()["detail"]


def test_submit_refine_job_writes_the_sources_units_or_the_ones_given(serve, tmp_path):  # noqa: F811
    url, token = serve
    c = C.TextFaceClient(url, token)
    source = c.submit_generate("a woman with long hair", seed=1, refine=False, texture_size=256, obj_units="m")["id"]
    c.wait(source, timeout=900)
    for given, expected in ((), "m"), (("--obj-units", "cm"), "cm"):
        out = tmp_path / expected
        run = subprocess.run([sys.executable, "-m", "backend", "submit", "--refine-job", source, "looks kind",
                              "--refine-steps", "1", "--out", str(out), "--url", url, f"--token={token}", *given],
                             cwd=ROOT, capture_output=True, text=True, timeout=900)
        assert run.returncode == 0, run.stderr
        objs = sorted(out.glob("*.obj"))
        assert "head.obj" in [p.name for p in objs], sorted(p.name for p in out.iterdir())
        assert all(obj_units_of(p) == expected for p in objs), given
        assert json.loads((out / "head.json").read_text())["seed"] == 1


def test_refine_job_units_sent_only_when_asked(monkeypatch):
    bodies = []
    monkeypatch.setattr(C.TextFaceClient, "_json", lambda self, method, path, body=None, query=None:
                        bodies.append(body) or {"id": "c" * 32})
    c = C.TextFaceClient("http://127.0.0.1:9", "t" * 20)
    c.submit_refine("kind", source_job="a" * 32)
    c.submit_refine("kind", source_job="a" * 32, obj_units="m")
    assert "obj_units" not in bodies[0] and bodies[1]["obj_units"] == "m"


@pytest.mark.parametrize("argv, words", [
    (["--refine-job", "a" * 32], ["needs the text"]),
    (["kind", "--refine-job", "a" * 32, "--seed", "3"], ["--seed does not apply to --refine-job"]),
    (["kind", "--refine-job", "a" * 32, "--hair", "none", "--texture-size", "256"], ["--texture-size, --hair do not"]),
    (["kind", "--refine-job", "not-an-id"], ["--refine-job: job id must be 32"]),
    (["--cancel", "a" * 32, "--refine-job", "a" * 32], ["--cancel ID takes no prompt, no --job and no --refine-job"]),
])
def test_refine_job_options_are_one_line(capsys, argv, words):
    code, _, err = cli(capsys, "submit", *argv, "--url", "http://127.0.0.1:9", *TOKEN)
    assert code == 2
    one_line_error(err, *words)
