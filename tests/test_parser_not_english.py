"""A description not in English (or with no English word) is an error the user can fix, not a warning: before, it
wrote a random head and exited 0, so a crowd script checking exit codes put a wrong person in the crowd."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from test_cli_errors import cli, no_work, one_line_error  # noqa: F401  (no_work: a fixture)

from backend.errors import TextFaceError
from backend.parser import ParseError, parse
from backend.parser.language import MESSAGE, NO_WORDS, NotEnglish

FOREIGN = ["ein alter Mann mit grauem Bart und Glatze", "un hombre viejo con barba gris y ojos azules",
           "白髪の老人、灰色のひげ", "un vieil homme avec une barbe grise", "رجل عجوز بلحية رمادية",
           "una mujer joven con el pelo rizado"]


@pytest.mark.parametrize("text", FOREIGN)
def test_another_language_is_an_error(text):
    with pytest.raises(NotEnglish) as caught:
        parse(text)
    assert str(caught.value) == MESSAGE and "write it in English" in MESSAGE
    assert isinstance(caught.value, ParseError) and isinstance(caught.value, TextFaceError)


@pytest.mark.parametrize("text", ["zzzz qqqq", "xkcd vbnm qwrt"])
def test_gibberish_is_an_error(text):
    with pytest.raises(NotEnglish, match="no English words were recognised"):
        parse(text)
    assert "\n" not in NO_WORDS


@pytest.mark.parametrize("text, concrete, phrase", [
    ("a señor with a moustache", {"beard": "mustache"}, "señor"),
    ("a café owner", {}, "café owner"),
    ("an über-cool DJ", {}, "über-cool DJ"),
    ("José María, 40, with a beard", {"age": "middle-aged", "beard": "full"}, "José María"),
    ("a man named Jürgen Müller with blue eyes", {"gender": "male", "eye_color": "blue"}, "Jürgen Müller"),
    ("looks like Frida Kahlo", {}, "Frida Kahlo"),
])
def test_english_with_a_few_foreign_words_is_read(text, concrete, phrase):
    r = parse(text)
    assert all(r.concrete.get(k) == v for k, v in concrete.items()), r.to_dict()
    assert any(phrase in p for p in r.abstract), r.to_dict()
    assert not any("English" in w for w in r.warnings)


def test_parse_command_says_so_in_one_line():
    out = subprocess.run([sys.executable, "-m", "backend", "parse", FOREIGN[0]], capture_output=True, text=True)
    assert out.returncode == 2 and out.stdout == "" and "Traceback" not in out.stderr
    assert out.stderr == f"error: {MESSAGE}\n"


def test_generate_refuses_it_and_writes_nothing(tmp_path, capsys, no_work):  # noqa: F811
    code, out, err = cli(capsys, "generate", FOREIGN[0], "--out", str(tmp_path / "o"), "--no-refine")
    assert code == 2
    one_line_error(err, MESSAGE)
    assert list(tmp_path.iterdir()) == []


def test_a_batch_line_fails_as_a_failed_head_and_the_others_are_made(tmp_path, capsys, face_model):
    batch = tmp_path / "crowd.jsonl"
    lines = [{"name": "hans", "prompt": FOREIGN[0], "seed": 1}, {"name": "ann", "prompt": "an old woman", "seed": 2},
             {"name": "zz", "prompt": "zzzz qqqq", "seed": 3}]
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out"
    code, _, err = cli(capsys, "generate", "--batch", str(batch), "--out", str(out), "--texture-size", "256",
                       "--no-preview", "--no-refine")
    assert code == 1
    assert f"error: hans: {MESSAGE}" in err and "error: zz: no English words were recognised" in err
    assert "2 of 3 heads failed" in err and "Traceback" not in err
    assert sorted(p.name for p in out.iterdir()) == ["ann"] and (out / "ann" / "head.npz").is_file()


def test_a_service_refuses_it_at_submission_with_the_message(tmp_path):
    """With the real job kinds the service refuses it when it is submitted (HTTP 422, the same line), no job
    made (tests/test_service_prompt_refused.py has the rest; the worker's own parse still refuses it)."""
    from test_service_support import service

    from backend.service.kinds import KINDS

    with service(tmp_path, kinds=KINDS) as client:
        r = client.post("/v1/jobs/generate", json={"prompt": FOREIGN[1], "seed": 1, "refine": False})
        assert r.status_code == 422 and r.json()["detail"] == MESSAGE
        assert client.get("/v1/jobs").json()["jobs"] == []


def test_eval_scores_a_refused_line_as_nothing_read_and_names_why(tmp_path, capsys):
    from backend.parser.evaluate import main

    data = tmp_path / "mixed.jsonl"
    data.write_text(json.dumps({"text": FOREIGN[0], "expect": {"gender": "male"}}) + "\n"
                    + json.dumps({"text": "an old man", "expect": {"gender": "male", "age": "old"}}) + "\n")
    assert main(["--data", str(data), "--show-failures"]) == 0  # before: the run stopped at the refused line
    out = capsys.readouterr().out
    assert "2 prompts, 3 expected values, recall 66.7%" in out and f"refused: {MESSAGE}" in out
