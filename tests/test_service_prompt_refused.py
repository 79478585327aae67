"""A prompt the parser refuses (not English, empty, too long, a NUL) is refused when it is submitted: HTTP 422
with the one line `generate` prints, no job made, nothing written; `submit` prints that line and exits 2.
Before, the service queued it and the job failed later.  The worker's own parse still refuses it."""
from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_service_support import TOKEN, api, live_server  # noqa: F401 - api: the fixture

import backend.client as C
from backend.parser import ParseError, parse
from backend.service.prompt_check import refusal
from test_cli_errors import cli, one_line_error

ROOT = Path(__file__).resolve().parents[1]
GERMAN = "ein alter Mann mit einer breiten Nase und grauem Bart"
REFUSED = [GERMAN, "zzzz qqqq", "\u4e00\u4e2a\u8001\u4eba", "", "   \n\t", "x" * 2001, "a man\x00"]
READ = ["an old man with a wide nose", "looks kind", "x" * 2000, "steps:3:0.01", "Ein alter Mann? no: an old man"]


def _parser_says(text: str) -> str | None:
    try:
        parse(text)
    except ParseError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("text", REFUSED + READ)
def test_the_check_says_what_the_parser_says(text):
    """The cheap check (no reading, no model) refuses exactly what parse() refuses, with its message."""
    assert refusal(text) == _parser_says(text)


@pytest.mark.parametrize("prompt", REFUSED)
def test_a_refused_prompt_is_a_422_with_the_cli_line_and_no_job(api, prompt, capsys, tmp_path):
    r = api.post("/v1/jobs/generate", json={"prompt": prompt, "seed": 3, "refine": False})
    assert r.status_code == 422, r.text
    code, _, err = cli(capsys, "generate", prompt, "--out", str(tmp_path / "out"), "--no-refine")
    assert code == 2
    one_line_error(err)
    assert r.json() == {"detail": err[len("error: "):-1],
                        "errors": [{"field": "body.prompt", "message": err[len("error: "):-1]}]}
    assert api.get("/v1/jobs").json()["jobs"] == []
    assert list((api.data / "jobs").iterdir()) == []  # no folder, no request.json: nothing written


@pytest.mark.parametrize("text", [GERMAN, "", "x" * 2001])
def test_a_refused_refine_text_is_a_422_before_the_source_is_read(api, text):
    r = api.post("/v1/jobs/refine", json={"text": text, "source_job": "0" * 32})  # (no such job: 404 if read)
    assert r.status_code == 422, r.text
    assert r.json() == {"detail": _parser_says(text), "errors": [{"field": "body.text", "message": _parser_says(text)}]}
    assert api.get("/v1/jobs").json()["jobs"] == []


def test_other_bad_fields_beside_a_refused_prompt_are_all_named(api):
    r = api.post("/v1/jobs/generate", json={"prompt": "", "seed": -1})
    detail = r.json()["detail"]
    assert r.status_code == 422 and detail.startswith("invalid request: body.prompt: the description is empty")
    assert "body.seed:" in detail


def test_the_client_tells_a_refused_prompt_from_other_422s(tmp_path):
    with live_server(tmp_path) as url:
        c = C.TextFaceClient(url, TOKEN)
        with pytest.raises(C.BadRequest) as refused:
            c.submit_generate(GERMAN)
        assert refused.value.refused_text == "body.prompt" and refused.value.detail == _parser_says(GERMAN)
        with pytest.raises(C.BadRequest) as other:
            c.submit_generate("a man", texture="stylegan")  # this service has no StyleGAN checkpoint
        assert other.value.status == 422 and other.value.refused_text is None
        with pytest.raises(C.BadRequest) as text:
            c.submit_refine("zzzz qqqq", source_job="0" * 32)
        assert text.value.refused_text == "body.text"


def test_submit_prints_the_generate_line_and_exits_2(tmp_path):
    with live_server(tmp_path / "data") as url:
        run = subprocess.run([sys.executable, "-m", "backend", "submit", GERMAN, "--out", str(tmp_path / "out"),
                              "--url", url, "--token", TOKEN], cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert run.returncode == 2, run
        assert run.stderr == f"error: {_parser_says(GERMAN)}\n" and run.stdout == ""
        assert C.TextFaceClient(url, TOKEN).list_jobs() == []
    assert not (tmp_path / "out").exists()


def test_the_worker_still_refuses_it(tmp_path):
    """Defence in depth: a job queued without the route's check (an older service's queue, a script on the
    store) fails in its worker as a user error, with the same line, before any model is loaded."""
    from backend.parser.language import NotEnglish
    from backend.service.kinds import run_generate

    request = {"params": {"prompt": GERMAN, "seed": 0, "refine": False, "refine_steps": 1, "texture_size": 256},
               "server": {"clip_model": "ViT-B-32", "device": "cpu", "clip_weights": None, "stylegan": None}}
    with pytest.raises(NotEnglish, match="does not look like English"):
        run_generate(request, tmp_path, lambda *a, **k: None, threading.Event())
    assert not (tmp_path / "result").exists()
