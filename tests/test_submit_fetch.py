"""submit against a stand-in service: it says what generate says of a head (a skipped refinement), writes
the checksum file generate writes, and a job that outlasted --timeout can be fetched later (--job ID)."""
from __future__ import annotations

import io
import json
import zipfile

import pytest
from test_service_support import fake_http, send

from backend.refine.registry import NO_WEIGHTS_REASON
from test_cli_errors import cli, one_line_error

JOB = "b" * 32
TOKEN = ["--token", "t" * 20]
SIDECAR = {"prompt": "a man, looks kind", "refinement": {"status": "skipped", "phrases": ["looks kind"],
                                                         "reason": NO_WEIGHTS_REASON},  # (the service's own)
           "parsed": {"warnings": []}}


def _bundle() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, body in (("head.obj", b"v 0 0 0\n"), ("head.mtl", b"newmtl m\n"), ("head_albedo.png", b"png"),
                           ("head.json", json.dumps(SIDECAR).encode()), ("preview.png", b"png")):
            z.writestr(name, body)
    return buf.getvalue()


def _service(state: str, calls: list):
    """A job in `state` (done: with its results) whatever is asked; `calls` records method and path."""
    results = {"npz": (b"npz bytes"), "bundle": _bundle(), "json": json.dumps(SIDECAR).encode()}
    status = {"id": JOB, "state": state, "stage": "texture", "step": 2, "total": 5, "message": "painting",
              "results": {"npz": "head.npz", "bundle": "head_bundle.zip", "json": "head.json"}
              if state == "done" else {}}

    def answer(handler):
        calls.append((handler.command, handler.path))
        if "/results/" in handler.path:
            send(handler, results[handler.path.rsplit("/", 1)[1]], content_type="application/octet-stream")
        else:
            send(handler, json.dumps({**status, "state": "queued"} if handler.command == "POST" else status).encode())
    return answer


def test_submit_out_notes_a_skipped_refinement_and_writes_the_checksum_file(tmp_path, capsys):
    from backend.io.checksums import checksum_problems

    out = tmp_path / "out"
    with fake_http(_service("done", [])) as url:
        code, stdout, err = cli(capsys, "submit", "a man, looks kind", "--url", url, *TOKEN, "--out", str(out))
    assert code == 0, err
    assert "note: abstract phrases ['looks kind'] not refined: the service has no CLIP weights configured" in stdout
    assert "`serve --clip-weights PATH`" in stdout and "pass --clip-weights" not in stdout  # submit has no such option
    names = ["head.json", "head.mtl", "head.npz", "head.obj", "head_albedo.png", "preview.png"]
    assert sorted(p.name for p in out.iterdir()) == sorted(names + ["head.sha256"])
    assert checksum_problems(out, "head.sha256", names) == []


def test_the_recorded_reason_starts_as_the_torch_free_readers_expect():
    from backend.refine.weights_file import NO_WEIGHTS

    assert NO_WEIGHTS_REASON.startswith(NO_WEIGHTS + ":")


def test_submit_wait_notes_a_skipped_refinement(capsys):
    with fake_http(_service("done", [])) as url:
        code, stdout, err = cli(capsys, "submit", "a man, looks kind", "--url", url, *TOKEN, "--wait")
    assert code == 0, err
    assert "note: abstract phrases ['looks kind'] not refined" in stdout


def test_submit_timeout_says_how_to_fetch_the_job_later(capsys):
    with fake_http(_service("running", [])) as url:
        code, _, err = cli(capsys, "submit", "a man", "--url", url, *TOKEN, "--wait", "--timeout", "0.2")
    assert code == 2
    one_line_error(err, f"job {JOB} still running", f"submit --job {JOB} --out DIR")


def test_submit_job_fetches_an_earlier_job_without_submitting(tmp_path, capsys):
    calls = []
    with fake_http(_service("done", calls)) as url:
        code, stdout, err = cli(capsys, "submit", "--job", JOB, "--url", url, *TOKEN, "--out", str(tmp_path / "o"))
    assert code == 0, err
    assert not [c for c in calls if c[0] == "POST"]  # nothing new was queued
    assert (tmp_path / "o" / "head.obj").is_file() and (tmp_path / "o" / "head.sha256").is_file()
    assert "wrote" in stdout and "queued" not in stdout


@pytest.mark.parametrize("argv, words", [
    (["--job", JOB], ["--job", "--out"]),
    (["a man", "--job", JOB, "--wait"], ["prompt or --job"]),
    (["--job", "nope", "--wait"], ["job id"]),
    ([], ["no prompt"]),
])
def test_submit_job_options_are_one_line(argv, words, capsys):
    code, _, err = cli(capsys, "submit", *argv, "--url", "http://127.0.0.1:1", *TOKEN)
    assert code == 2
    one_line_error(err, *words)


def test_submit_job_unknown_to_the_service_is_one_line(capsys):
    def answer(handler):
        send(handler, json.dumps({"detail": f"no job {JOB}"}).encode(), status=404)

    with fake_http(answer) as url:
        code, _, err = cli(capsys, "submit", "--job", JOB, "--url", url, *TOKEN, "--wait")
    assert code == 2
    one_line_error(err, f"--job {JOB}", "no job")
