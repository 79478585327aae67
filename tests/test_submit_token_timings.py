"""submit takes the token from $TEXTFACE_SERVICE_TOKEN as serve does, and writes what generate writes: the
run's head.timings.json beside the head, left out of head.sha256 (so a re-run's checksums match)."""
from __future__ import annotations

import io
import json
import zipfile

from test_service_support import fake_http, send

from test_cli_errors import cli

JOB = "c" * 32
TOKEN = "e" * 24
SIDECAR = {"prompt": "a man", "refinement": {"status": "not requested"}, "parsed": {"warnings": []}}


def _service(seen_tokens: list):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in (("head.obj", b"v 0 0 0\n"), ("head.json", json.dumps(SIDECAR).encode()),
                           ("head.timings.json", b'{"timings": {"shape": 0.1}}\n')):
            z.writestr(name, body)
    results = {"npz": b"npz bytes", "bundle": buf.getvalue(), "json": json.dumps(SIDECAR).encode()}
    status = {"id": JOB, "state": "done", "stage": "write", "step": 5, "total": 5, "message": "done",
              "results": {"npz": "head.npz", "bundle": "head_bundle.zip", "json": "head.json"}}

    def answer(handler):
        seen_tokens.append(handler.headers.get("Authorization"))
        if "/results/" in handler.path:
            send(handler, results[handler.path.rsplit("/", 1)[1]], content_type="application/octet-stream")
        else:
            send(handler, json.dumps({**status, "state": "queued"} if handler.command == "POST" else status).encode())
    return answer


def test_the_token_comes_from_the_environment_as_serve_takes_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TEXTFACE_SERVICE_TOKEN", TOKEN)
    seen: list = []
    with fake_http(_service(seen)) as url:  # no --token, and no token file in --data-dir
        code, _, err = cli(capsys, "submit", "a man", "--url", url, "--data-dir", str(tmp_path / "none"),
                           "--out", str(tmp_path / "out"))
    assert code == 0, err
    assert seen and set(seen) == {f"Bearer {TOKEN}"}


def test_a_bad_token_in_the_environment_is_named(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("TEXTFACE_SERVICE_TOKEN", "has a space")
    code, _, err = cli(capsys, "submit", "a man", "--url", "http://127.0.0.1:9", "--data-dir", str(tmp_path))
    assert code == 2 and err.startswith("error: $TEXTFACE_SERVICE_TOKEN: ")


def test_timings_are_written_beside_the_head_not_checksummed(tmp_path, capsys, monkeypatch):
    from backend.io.checksums import checksum_problems

    monkeypatch.delenv("TEXTFACE_SERVICE_TOKEN", raising=False)
    out = tmp_path / "out"
    with fake_http(_service([])) as url:
        code, _, err = cli(capsys, "submit", "a man", "--url", url, "--token", TOKEN, "--out", str(out))
    assert code == 0, err
    assert (out / "head.timings.json").is_file()
    sums = (out / "head.sha256").read_text()
    assert "head.timings.json" not in sums and "head.obj" in sums
    assert checksum_problems(out, "head.sha256", ["head.obj", "head.json", "head.npz"]) == []


def test_the_service_bundles_the_timings(tmp_path, face_model):
    from backend.pipeline import GenerateOptions, generate_head
    from backend.service.kinds import _finish

    head = generate_head("a man", GenerateOptions(seed=1, refine=False, texture_size=256, hair="none"))
    names = _finish(head, tmp_path, {"preview": False}, lambda *a, **k: None, __import__("threading").Event())
    from backend.service.store import RESULT_DIR

    with zipfile.ZipFile(tmp_path / RESULT_DIR / names["bundle"]) as z:
        assert "head.timings.json" in z.namelist()
