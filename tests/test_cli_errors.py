"""Bad options of eval / train texture / assets / parse: one clear line, exit status 2, checked before
any work starts (the work itself is replaced by a function that fails the test), nothing lost."""
from __future__ import annotations

import json

import pytest


def cli(capsys, *argv):
    """(exit status, stdout, stderr) of `python -m backend ARGV`, in this process."""
    from backend.cli import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str, *words: str) -> None:
    assert "Traceback" not in err and err.startswith("error: ") and err.count("\n") == 1, err
    for w in words:
        assert w in err, err


def _import_the_commands_modules() -> None:
    """Import every module the commands may load, before anything is patched: a module imported for
    the first time under the patch would keep `forbidden` in its own namespace (`from .registry
    import load_clip`) for every later test of the session."""
    import importlib
    import pkgutil

    import backend

    for info in pkgutil.walk_packages(backend.__path__, "backend."):
        if info.name.split(".")[1] in ("commands", "refine", "shape", "texture", "render", "parser", "face_model",
                                       "pipeline", "checks", "measure"):
            importlib.import_module(info.name)


@pytest.fixture
def no_work(monkeypatch):
    """Every evaluation's first piece of real work fails the test."""
    _import_the_commands_modules()
    import backend.face_model
    import backend.parser.evaluate
    import backend.refine.registry
    import backend.shape.model
    from backend.texture.stylegan import synthetic

    def forbidden(*a, **k):
        raise AssertionError("work started before the options were checked")

    monkeypatch.setattr(backend.face_model, "load_face_model", forbidden)
    monkeypatch.setattr(backend.parser.evaluate, "score", forbidden)
    monkeypatch.setattr(backend.refine.registry, "build_clip", forbidden)
    monkeypatch.setattr(backend.refine.registry, "load_clip", forbidden)
    monkeypatch.setattr(backend.shape.model.ShapeModel, "load", classmethod(forbidden))
    monkeypatch.setattr(synthetic, "write_parametric_dataset", forbidden)


EVALS = {"parser": [], "texture": [], "render": [], "refine": ["--random-weights"], "shape": []}


@pytest.mark.parametrize("target", sorted(EVALS))
def test_eval_json_into_a_missing_folder_is_refused_before_the_run(target, tmp_path, capsys, no_work):
    code, _, err = cli(capsys, "eval", target, *EVALS[target], "--json", str(tmp_path / "missing" / "r.json"))
    assert code == 2
    one_line_error(err, "--json", "does not exist")


@pytest.mark.parametrize("target", sorted(EVALS))
def test_eval_json_that_is_a_folder_is_refused_before_the_run(target, tmp_path, capsys, no_work):
    code, _, err = cli(capsys, "eval", target, *EVALS[target], "--json", str(tmp_path))
    assert code == 2
    one_line_error(err, "--json", "is a folder")


def test_report_json_is_written_whole_or_not_at_all(tmp_path, capsys):
    from backend import checks

    out = tmp_path / "r.json"
    assert checks.finish({"a": True}, {"x": 1}, str(out)) == 0
    assert json.loads(out.read_text()) == {"x": 1, "checks": {"a": True}}
    with pytest.raises(TypeError):  # fails part way through the dump: the earlier report survives
        checks.write_json(out, {"x": 2, "y": object()})
    assert json.loads(out.read_text()) == {"x": 1, "checks": {"a": True}}
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"]  # no temporary file left behind
    import os
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~mask  # an ordinary file's mode, not a temp file's 0600


@pytest.mark.parametrize("argv, words", [
    (["render", "--resolutions", "abc"], ["--resolutions", "'abc'"]),
    (["render", "--resolutions", "256,"], ["--resolutions"]),
    (["render", "--resolutions", "0"], ["--resolutions", "8..4096"]),
    (["render", "--directions", "-1"], ["--directions", "1..1000", "-1"]),
    (["render", "--directions", "0"], ["--directions"]),
    (["render", "--grad-resolution", "2"], ["--grad-resolution"]),
    (["texture", "--seeds", "0"], ["--seeds"]),
    (["refine", "--random-weights", "--steps", "0"], ["--steps", "1..10000"]),
    (["refine", "--random-weights", "--views", "99"], ["--views", "1..32"]),
    (["refine", "--random-weights", "--size", "8"], ["--size", "16..1024"]),
    (["refine", "--random-weights", "--heads", "x"], ["--heads", "invalid int"]),
    (["shape", "--codes", "0"], ["--codes", ">= 1"]),
])
def test_eval_bad_numbers_are_one_line_before_the_run(argv, words, capsys, no_work):
    code, _, err = cli(capsys, "eval", *argv)
    assert code == 2
    one_line_error(err, *words)


def test_eval_shape_weights_message_names_what_weights_expects(tmp_path, capsys, monkeypatch):
    import backend.face_model

    monkeypatch.setattr(backend.face_model, "load_face_model",
                        lambda *a, **k: pytest.fail("the weights are checked before the model loads"))
    (tmp_path / "bad.safetensors").write_bytes(b"garbage")
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    code, _, err = cli(capsys, "eval", "shape", "--weights", str(tmp_path / "bad.safetensors"))
    assert code == 2
    one_line_error(err, f"--weights {tmp_path / 'bad.safetensors'}", "pair of files", "bad.json (config)")
    (tmp_path / "plain.bin").write_bytes(b"x")
    code, _, err = cli(capsys, "eval", "shape", "--weights", str(tmp_path / "plain.bin"))
    assert code == 2
    one_line_error(err, "--weights", "neither a folder nor a .json/.safetensors file")
    code, _, err = cli(capsys, "eval", "shape", "--weights", str(tmp_path))
    assert code == 2
    one_line_error(err, "--weights", "expected a folder holding shape_regressor.json")


@pytest.mark.parametrize("extra, words", [
    (["--resolution", "100"], ["--resolution 100", "power of two"]),
    (["--resolution", "4096"], ["--resolution", "2048"]),
    (["--out", "{tmp}"], ["--out", "is a folder"]),
    (["--resume", "{tmp}/none.safetensors"], ["--resume", "no such checkpoint"]),
])
def test_train_texture_checks_every_option_before_synthesising(extra, words, tmp_path, capsys, no_work):
    data = tmp_path / "data"
    extra = [x.replace("{tmp}", str(tmp_path)) for x in extra]
    code, _, err = cli(capsys, "train", "texture", "--data", str(data), "--synthesize", "2", *extra)
    assert code == 2
    one_line_error(err, *words)
    assert not data.exists()  # nothing written: a corrected rerun is not refused


@pytest.mark.parametrize("content", [b"not a checkpoint at all", b"\x80\x04\x95 pickled"])
def test_train_texture_reads_the_resume_checkpoint_before_synthesising(content, tmp_path, capsys, no_work):
    # a corrupt --resume file is found before --synthesize writes its images (`no_work` fails the
    # test if the dataset writer is reached)
    data, ckpt = tmp_path / "data", tmp_path / "broken.safetensors"
    ckpt.write_bytes(content)
    code, _, err = cli(capsys, "train", "texture", "--data", str(data), "--synthesize", "2", "--resume", str(ckpt))
    assert code == 2
    one_line_error(err, str(ckpt))
    assert not data.exists()


def test_train_texture_synthesize_into_a_folder_with_images_or_a_file(tmp_path, capsys, no_work):
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.png").write_bytes(b"")
    code, _, err = cli(capsys, "train", "texture", "--data", str(data), "--synthesize", "2")
    assert code == 2
    one_line_error(err, "--synthesize", "already holds images")
    code, _, err = cli(capsys, "train", "texture", "--data", str(data / "a.png"), "--synthesize", "2")
    assert code == 2
    one_line_error(err, "--data", "is a file")
    code, _, err = cli(capsys, "train", "texture", "--data", str(data), "--steps", "many")
    assert code == 2
    one_line_error(err, "--steps", "'many'")


def test_assets_uninstall_says_what_it_did(tmp_path, capsys):
    from backend.face_model.assets import LICENSE_NAME
    from backend.face_model.model import model_path

    code, out, err = cli(capsys, "assets", "uninstall", "--cache-dir", str(tmp_path))
    assert code == 0 and out.strip() == f"nothing installed at {tmp_path}" and "removed" not in out
    model_path(tmp_path).write_bytes(b"x")
    (tmp_path / LICENSE_NAME).write_text("MIT")
    code, out, err = cli(capsys, "assets", "uninstall", "--cache-dir", str(tmp_path))
    assert code == 0 and out.startswith("removed ") and str(model_path(tmp_path)) in out
    assert not model_path(tmp_path).exists() and not (tmp_path / LICENSE_NAME).exists()
    afile = tmp_path / "cache.txt"
    afile.write_text("keep me")
    code, out, err = cli(capsys, "assets", "uninstall", "--cache-dir", str(afile))
    assert code == 2 and afile.read_text() == "keep me"
    one_line_error(err, str(afile), "is a file")


def test_parse_indent_is_bounded(capsys):
    code, out, err = cli(capsys, "parse", "a man", "--indent", "100000000")
    assert code == 2 and out == ""
    one_line_error(err, "--indent", "0..16")
    code, out, err = cli(capsys, "parse", "a man", "--indent", "-1")
    assert code == 2
    code, out, err = cli(capsys, "parse", "a man", "--indent", "16")
    assert code == 0 and json.loads(out)["concrete"]["gender"] == "male"


def test_atomic_write_leaves_no_temporary_file_when_the_rename_fails(tmp_path, monkeypatch):
    import os

    from backend.io import atomic

    target = tmp_path / "r.json"
    target.write_text("earlier")

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        atomic.write_json(target, {"x": 1})
    assert [p.name for p in tmp_path.iterdir()] == ["r.json"] and target.read_text() == "earlier"


@pytest.mark.parametrize("extra, words", [
    (["--seed", "2147483647", "--variations", "2"], ["--seed 2147483647", "2147483648", "0..2147483647"]),
    (["--seed", "2147483600", "--variations", "64"], ["--variations 64"]),
    (["--clip-weights", "/no/such/clip.safetensors"],
     ["CLIP weights file not found", "/no/such/clip.safetensors"]),
])
def test_generate_checks_every_option_before_any_work(extra, words, tmp_path, capsys, no_work):
    """A bad option is one line, exit 2, before the first head (no seed_N folder left behind)."""
    out = str(tmp_path / "o")
    code, _, err = cli(capsys, "generate", "a man, looks kind", "--no-preview", "--out", out, *extra)
    assert code == 2
    one_line_error(err, *words)
    assert list(tmp_path.iterdir()) == []


def test_generate_refuses_cuda_without_a_cuda_device(tmp_path, capsys, no_work, monkeypatch):
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    code, _, err = cli(capsys, "generate", "a man", "--device", "cuda", "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, "cuda", "no CUDA device")
    assert list(tmp_path.iterdir()) == []


def test_generate_clip_weights_may_be_an_open_clip_tag():
    from backend.pipeline import GenerateOptions

    GenerateOptions(clip_weights="laion2b_s34b_b79k").validated()  # a tag: read from the cache when used


@pytest.mark.parametrize("lines, extra, words", [
    ('{"prompt": "a man", "seed": 1}\n{"prompt": "a woman", "seed": 2147483648}\n', [],
     ["line 2", "0..2147483647"]),
    ('{"prompt": "a man", "seed": 1}\n{"prompt": "a woman", "seed": -1}\n', [], ["line 2", "0..2147483647"]),
    ('{"prompt": "a man"}\n', ["--variations", "3"], ["--variations", "--batch"]),
    ('{"prompt": "a man"}\n', ["--seed", "5"], ["--seed", "--batch"]),
    ('{"prompt": "a man"}\n', ["--seed", "0"], ["--seed", "--batch"]),
])
def test_generate_batch_options_are_checked_before_any_work(lines, extra, words, tmp_path, capsys, no_work):
    """Batch lines give their own seeds: a seed out of range, or --seed/--variations with --batch, is
    refused up front (not a late failure, not silently ignored)."""
    batch = tmp_path / "b.jsonl"
    batch.write_text(lines)
    code, _, err = cli(capsys, "generate", "--batch", str(batch), "--out", str(tmp_path / "o"), *extra)
    assert code == 2
    one_line_error(err, *words)
    assert [p.name for p in tmp_path.iterdir()] == ["b.jsonl"]


# ---- submit: a client of the service; bad input and broken answers are one line, exit status 2 ----

_JOB = "a" * 32
_DONE = {"id": _JOB, "state": "done", "stage": "done", "step": 5, "total": 5, "message": "done",
         "results": {"npz": "head.npz", "bundle": "head_bundle.zip"}}


def _fake_service(results):
    """An answer function for test_service_support.fake_http: a job that is done at once, whose result
    downloads are given by `results` (kind -> (body, announced length or None))."""
    from test_service_support import send

    def answer(handler):
        if "/results/" in handler.path:
            body, length = results[handler.path.rsplit("/", 1)[1]]
            send(handler, body, length=length, content_type="application/octet-stream")
        else:
            status = {**_DONE, "state": "queued"} if handler.command == "POST" else _DONE
            send(handler, json.dumps(status).encode())
    return answer


@pytest.mark.parametrize("argv, words", [
    (["--url", "http://127.0.0.1:abc"], ["service URL", "'http://127.0.0.1:abc'"]),
    (["--url", "http://127.0.0.1:99999"], ["service URL", "out of range"]),
    (["--url", "http://[::1"], ["service URL"]),
    (["--token", "abc\ndef"], ["--token", "printable ASCII"]),
    (["--token", "\u20ac" * 20], ["--token", "printable ASCII"]),
    (["--token", "two words"], ["--token", "printable ASCII"]),
])
def test_submit_bad_url_or_token_is_one_line(argv, words, capsys):
    argv = ["submit", "x", *(["--token", "t" * 20] if "--token" not in argv else []), *argv]
    code, _, err = cli(capsys, *argv)
    assert code == 2
    one_line_error(err, *words)


@pytest.mark.parametrize("content, words", [(b"abc\ndef\n", ["printable ASCII"]),
                                            (b"tok\xc3\xa9-0123456789abcdef\n", ["non-ASCII"])])
def test_submit_names_a_bad_token_file(content, words, tmp_path, capsys):
    (tmp_path / "service_token").write_bytes(content)
    code, _, err = cli(capsys, "submit", "x", "--url", "http://127.0.0.1:1", "--data-dir", str(tmp_path))
    assert code == 2
    one_line_error(err, str(tmp_path / "service_token"), *words)


def test_submit_to_a_port_that_is_not_http(capsys):
    from test_service_support import not_http_server

    with not_http_server() as url:
        code, _, err = cli(capsys, "submit", "x", "--url", url, "--token", "t" * 20)
    assert code == 2
    one_line_error(err, "did not answer as an HTTP service")


def test_submit_to_a_server_that_does_not_answer_json(capsys):
    from test_service_support import fake_http, send

    with fake_http(lambda h: send(h, b"<html>proxy</html>", content_type="text/html")) as base:
        code, _, err = cli(capsys, "submit", "x", "--url", base, "--token", "t" * 20)
    assert code == 2
    one_line_error(err, "not JSON")


@pytest.mark.parametrize("results, words", [
    ({"npz": (b"n" * 10, 100_000), "bundle": (b"PK", None)}, ["broke off after 10 of 100000 bytes"]),
    ({"npz": (b"n" * 100, None), "bundle": (b"not a zip file at all", None)}, ["damaged head_bundle.zip"]),
])
def test_submit_out_with_a_broken_download_writes_nothing(results, words, tmp_path, capsys):
    from test_service_support import fake_http

    out = tmp_path / "out"
    with fake_http(_fake_service(results)) as base:
        code, stdout, err = cli(capsys, "submit", "x", "--url", base, "--token", "t" * 20, "--out", str(out))
    assert code == 2 and "wrote" not in stdout
    one_line_error(err, *words)
    assert list(tmp_path.iterdir()) == []  # neither the folder nor a staging folder is left


@pytest.mark.parametrize("value", ["nan", "-1", "inf", "-inf"])
def test_serve_cancel_grace_is_checked_before_anything_starts(value, tmp_path, capsys, monkeypatch):
    from backend.commands import serve

    def bound(*a, **k):
        raise AssertionError("serve went on with a bad --cancel-grace")

    monkeypatch.setattr(serve, "_bind", bound)
    code, _, err = cli(capsys, "serve", "--data-dir", str(tmp_path / "d"), "--port", "0",
                       f"--cancel-grace={value}")
    assert code == 2
    one_line_error(err, "--cancel-grace")
    assert not (tmp_path / "d").exists()


def test_supervisor_refuses_a_cancel_grace_that_never_ends(tmp_path):
    from backend.errors import TextFaceError
    from backend.service.runner import Supervisor
    from backend.service.store import JobStore

    for bad in (float("nan"), -1.0, float("inf")):
        with pytest.raises(TextFaceError, match="cancel grace"):
            Supervisor(JobStore(tmp_path), {}, cancel_grace_s=bad)
