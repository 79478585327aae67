"""submit --obj-units cm|m, as generate's: the service writes every OBJ of the head (head.obj, hair.obj) in
those units, head.sha256 lists the files as written, head.npz (what the add-on reads) is in centimetres
either way.  Through a real `python -m backend serve` and the real `submit` command line."""
from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest
from test_service_support import fake_http, send

from backend.io.checksums import checksum_problems
from backend.io.obj import obj_units_of
from test_cli_errors import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
READY = "TEXTFACE_SERVICE_READY "
PROMPT = "a woman with long hair"  # seed 1: a head with a hair mesh (hair.obj)
TOKEN = ["--token", "t" * 20]


def _vertices(path: Path) -> np.ndarray:
    return np.array([[float(x) for x in line.split()[1:4]] for line in path.read_text().splitlines()
                     if line.startswith("v ")])


@pytest.fixture(scope="module")
def serve(tmp_path_factory, face_model):
    data = tmp_path_factory.mktemp("obj-units-svc")
    proc = subprocess.Popen([sys.executable, "-m", "backend", "serve", "--port", "0", "--data-dir", str(data)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        for line in proc.stdout:
            if line.startswith(READY):
                info = json.loads(line[len(READY):])
                break
        else:
            raise AssertionError(f"serve exited with {proc.wait()} before it was ready")
        yield info["url"], Path(info["token_file"]).read_text().strip()
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def _submit(url: str, token: str, out: Path, *options: str) -> subprocess.CompletedProcess:
    run = subprocess.run([sys.executable, "-m", "backend", "submit", PROMPT, "--seed", "1", "--no-refine",
                          "--texture-size", "256", "--out", str(out), "--url", url, f"--token={token}", *options],
                         cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr
    return run


def test_submit_obj_units_m_writes_every_obj_in_metres(serve, tmp_path):
    url, token = serve
    cm, m = tmp_path / "cm", tmp_path / "m"
    _submit(url, token, cm)
    _submit(url, token, m, "--obj-units", "m")
    objs = sorted(p.name for p in m.glob("*.obj"))
    assert objs == ["hair.obj", "head.obj"], sorted(p.name for p in m.iterdir())
    assert sorted(p.name for p in cm.iterdir()) == sorted(p.name for p in m.iterdir())
    for name in objs:
        assert obj_units_of(cm / name) == "cm" and obj_units_of(m / name) == "m", name
        in_cm, in_m = _vertices(cm / name), _vertices(m / name)
        assert in_cm.shape == in_m.shape and len(in_cm) > 100
        np.testing.assert_allclose(in_m, in_cm * 0.01, atol=1.5e-6)  # (6 decimals in the file)
        assert 0.2 < np.ptp(in_m[:, 1]) < 0.6, name  # a head ~0.34 m tall, not 34 m
    # the checksum file lists the files as the service wrote them
    for folder in (cm, m):
        names = [p.name for p in folder.iterdir() if p.name not in ("head.sha256", "head.timings.json")]
        assert checksum_problems(folder, "head.sha256", names) == []
    # head.npz is the model's centimetres either way: the same arrays, whatever the OBJ's units
    with np.load(cm / "head.npz", allow_pickle=False) as a, np.load(m / "head.npz", allow_pickle=False) as b:
        for key in ("neutral", "identity", "expression"):
            np.testing.assert_array_equal(a[key], b[key])


def test_submit_help_names_obj_units(capsys):
    with pytest.raises(SystemExit) as exc:
        cli(capsys, "submit", "--help")
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert "--obj-units {cm,m}" in out and "metres" in out


def test_obj_units_with_job_is_one_line(capsys):
    code, _, err = cli(capsys, "submit", "--job", "a" * 32, "--out", "x", "--obj-units", "m", "--url",
                       "http://127.0.0.1:9", *TOKEN)
    assert code == 2
    one_line_error(err, "--obj-units is a job's option", "--job ID")


def test_obj_units_refused_by_an_older_service_is_one_line(capsys):
    """A service from before the option answers 422 for the unknown field: said as such, not as HTTP 422."""
    sent = []

    def answer(handler):
        sent.append(handler.path)
        send(handler, json.dumps({"detail": "body.obj_units: Extra inputs are not permitted"}).encode(), status=422)

    with fake_http(answer) as url:
        code, _, err = cli(capsys, "submit", "a man", "--obj-units", "m", "--url", url, *TOKEN)
    assert code == 2 and sent == ["/v1/jobs/generate"]
    one_line_error(err, "does not know --obj-units", "older")


def bodies_sent(capsys, *argv):
    """The JSON bodies `submit "a man" ARGV` sends to a stand-in service that queues every job."""
    bodies = []

    def answer(handler):
        send(handler, json.dumps({"id": "c" * 32, "state": "queued"}).encode(), status=202)

    import backend.client as C

    original = C.TextFaceClient._json

    def recording(self, method, path, body=None, query=None):
        if body is not None:
            bodies.append(dict(body))
        return original(self, method, path, body, query)

    with fake_http(answer) as url:
        C.TextFaceClient._json = recording
        try:
            code, _, err = cli(capsys, "submit", "a man", "--url", url, *TOKEN, *argv)
        finally:
            C.TextFaceClient._json = original
    assert code == 0, err
    return bodies


def test_default_units_are_not_sent(capsys):
    """So that submit without --obj-units still works with a service from before the option."""
    bodies = bodies_sent(capsys)
    assert "obj_units" not in bodies[0] and bodies[0]["prompt"] == "a man"


def test_the_bundle_of_a_head_with_hair_carries_its_files(serve, tmp_path):
    """What submit --out unpacks: the hair mesh's OBJ, MTL and albedo travel in the bundle."""
    import backend.client as C

    url, token = serve
    c = C.TextFaceClient(url, token)
    job = c.submit_generate(PROMPT, seed=1, refine=False, texture_size=256, obj_units="m")
    c.wait(job["id"], timeout=900)
    bundle = c.fetch(job["id"], "bundle", tmp_path / "b.zip")
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        assert {"head.obj", "hair.obj", "hair.mtl", "hair_albedo.png"} <= names, names
        assert b"# units: metres" in z.read("hair.obj")[:400]


def test_obj_units_with_cancel_is_one_line(capsys):
    code, _, err = cli(capsys, "submit", "--cancel", "a" * 32, "--obj-units", "m", "--url", "http://127.0.0.1:9",
                       *TOKEN)
    assert code == 2
    one_line_error(err, "--cancel ID does not fetch anything", "--obj-units")
