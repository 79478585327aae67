"""`generate --batch FILE --skip-existing`: a crowd run that stopped part-way resumes without redoing
the heads already written (a 100-head crowd is ~8 minutes of work on this machine)."""
from __future__ import annotations

import json


def _run(capsys, *argv):
    from backend.cli import main

    code = main(list(argv))
    return code, capsys.readouterr()


def test_skip_existing_resumes_a_batch(tmp_path, capsys, monkeypatch, face_model):
    import backend.pipeline as pipeline

    batch = tmp_path / "crowd.jsonl"
    lines = [{"name": "a", "prompt": "an old man", "seed": 1}, {"name": "b", "prompt": "a young woman", "seed": 2}]
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines))
    out = tmp_path / "out"
    args = ["generate", "--batch", str(batch), "--out", str(out), "--texture-size", "256", "--no-preview"]
    code, _ = _run(capsys, *args, "--skip-existing")
    assert code == 0 and (out / "a" / "head.npz").is_file() and (out / "b" / "head.npz").is_file()
    stamp = (out / "a" / "head.npz").stat().st_mtime_ns

    made = []
    real = pipeline.generate_head
    monkeypatch.setattr(pipeline, "generate_head", lambda prompt, *a, **k: made.append(prompt) or real(prompt, *a, **k))
    code, cap = _run(capsys, *args, "--skip-existing")
    assert code == 0 and made == [] and "2 of 2 heads already written, skipped" in cap.out
    assert (out / "a" / "head.npz").stat().st_mtime_ns == stamp

    # a changed line, a head with a file missing and a different texture size are made again
    lines[0]["prompt"] = "an old man with a beard"
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines))
    (out / "b" / "head.obj").unlink()
    code, cap = _run(capsys, *args, "--skip-existing")
    assert code == 0 and made == ["an old man with a beard", "a young woman"], made
    code, cap = _run(capsys, *args[:-3], "--texture-size", "512", "--no-preview", "--skip-existing")
    assert code == 0 and len(made) == 4
    # without the option every head is made again, as before
    made.clear()
    code, _ = _run(capsys, *args)
    assert code == 0 and len(made) == 2


def test_a_preview_asked_for_must_exist(tmp_path, face_model):
    from backend.commands.generate import already_written
    from backend.pipeline import GenerateOptions, generate_head, write_head

    head = generate_head("a man", GenerateOptions(seed=3, refine=False, texture_size=256))
    write_head(head, tmp_path / "h", preview=False)
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False)
    assert not already_written(tmp_path / "h", "a man", 3, 256, preview=True)
    assert not already_written(tmp_path / "h", "a man", 4, 256, preview=False)
    (tmp_path / "h" / "head.json").write_text("{not json")
    assert not already_written(tmp_path / "h", "a man", 3, 256, preview=False)
