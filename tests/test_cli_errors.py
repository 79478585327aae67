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
