"""`generate --batch FILE --skip-existing`: a crowd run that stopped part-way resumes without redoing
the heads already written (a 100-head crowd is ~8 minutes of work on this machine)."""
from __future__ import annotations

import json

from test_cli_errors import no_work  # noqa: F401  (a fixture)


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
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False) is None
    assert "preview.png missing" in already_written(tmp_path / "h", "a man", 3, 256, preview=True)
    assert already_written(tmp_path / "h", "a man", 4, 256, preview=False)
    (tmp_path / "h" / "head.json").write_text("{not json")
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False) == "head.json unreadable"


def test_a_damaged_or_mixed_head_is_made_again(tmp_path, capsys, face_model):
    """A truncated file (a disk that filled, a copy cut short) or a file of another head (an older
    head.npz beside a new head.json) is no complete head: --skip-existing makes it again."""
    import shutil

    from backend.commands.generate import already_written
    from backend.io.checksums import file_sha256
    from backend.pipeline import GenerateOptions, generate_head, write_head

    head = generate_head("a man", GenerateOptions(seed=3, refine=False, texture_size=256))
    write_head(head, tmp_path / "h", preview=False)
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False) is None
    good = (tmp_path / "h" / "head.npz").read_bytes()
    (tmp_path / "h" / "head.npz").write_bytes(good[:1000])
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False) == "head.npz differs from the file written"
    (tmp_path / "h" / "head.npz").write_bytes(good)
    write_head(generate_head("a man", GenerateOptions(seed=4, refine=False, texture_size=256)), tmp_path / "h4",
               preview=False)
    shutil.copy(tmp_path / "h4" / "head_albedo.png", tmp_path / "h" / "head_albedo.png")  # another head's file
    assert "head_albedo.png differs" in already_written(tmp_path / "h", "a man", 3, 256, preview=False)
    (tmp_path / "h" / "head.sha256").unlink()  # a head written before checksums: cannot be confirmed
    assert "no head.sha256" in already_written(tmp_path / "h", "a man", 3, 256, preview=False)

    # the CLI says why it makes a head again, and the new head is whole
    batch = tmp_path / "b.jsonl"
    batch.write_text('{"name": "h", "prompt": "a man", "seed": 3}\n')
    code, cap = _run(capsys, "generate", "--batch", str(batch), "--out", str(tmp_path), "--texture-size", "256",
                     "--no-preview", "--no-refine", "--skip-existing")
    assert code == 0 and "making h again: no head.sha256" in cap.out, cap.out
    assert already_written(tmp_path / "h", "a man", 3, 256, preview=False) is None
    sums = (tmp_path / "h" / "head.sha256").read_text().splitlines()
    hair = 3 if (tmp_path / "h" / "hair.obj").is_file() else 0  # hair.obj, hair.mtl, hair_albedo.png with a hair mesh
    assert f"{file_sha256(tmp_path / 'h' / 'head.npz')}  head.npz" in sums and len(sums) == 5 + hair


def test_a_batch_file_reports_every_bad_line_at_once_and_reads_a_bom(tmp_path, capsys):
    """A crowd file with several mistakes is fixed in one round, not one run per line; a file saved by a
    Windows editor (UTF-8 with a byte-order mark) reads as written."""
    from backend.commands.generate import read_batch

    batch = tmp_path / "crowd.jsonl"
    batch.write_bytes('\ufeff{"name": "a", "prompt": "an old man", "seed": 1}\n'.encode("utf-8")
                      + b'{"name": "b", "prompt": "a woman", "seed": -4}\n'
                      + b'{"name": "a", "prompt": "a boy"}\n'
                      + b'not json\n\n{"prompt": "ok"}\n')
    code, cap = _run(capsys, "generate", "--batch", str(batch), "--out", str(tmp_path / "o"))
    assert code == 2 and "3 bad lines" in cap.err, cap.err
    for said in ("line 2: seed must be", "line 3: name 'a' is a duplicate of line 1", "line 4: not JSON"):
        assert said in cap.err
    assert cap.err.strip().count("\n") == 0 and not (tmp_path / "o").exists()
    batch.write_bytes('\ufeff{"name": "a", "prompt": "an old man", "seed": 1}\n'.encode("utf-8"))
    assert read_batch(str(batch)) == [{"name": "a", "prompt": "an old man", "seed": 1}]


def test_batch_prompts_the_parser_refuses_are_reported_with_the_other_bad_lines(tmp_path, capsys, no_work):
    """Empty, over-long, NUL-holding and non-text prompts are bad lines, all reported up front in one
    line (before: each failed later, one head at a time, after the earlier heads were made)."""
    from test_cli_errors import cli, one_line_error

    batch = tmp_path / "b.jsonl"
    lines = [{"prompt": "a man"}, {"prompt": ""}, {"prompt": "   "}, {"prompt": "a man\u0000"},
             {"prompt": "x" * 2001}, {"prompt": 5}, {"name": "bad/name", "prompt": "a woman"}]
    batch.write_text("".join(json.dumps(x) + "\n" for x in lines))
    code, _, err = cli(capsys, "generate", "--batch", str(batch), "--out", str(tmp_path / "o"))
    assert code == 2
    one_line_error(err, "6 bad lines", "line 2: the description is empty", "line 3: the description is empty",
                   "line 4: the description contains a NUL", "line 5: the description is 2001 characters",
                   "line 6: the description must be text", "line 7: name")
    assert [p.name for p in tmp_path.iterdir()] == ["b.jsonl"]
