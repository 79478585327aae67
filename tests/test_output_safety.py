"""Nothing is lost: a failed command leaves no folder behind and an earlier result stays whole."""
from __future__ import annotations

import errno
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from backend.errors import TextFaceError
from backend.pipeline import GenerateOptions, generate_head, write_head

ROOT = Path(__file__).resolve().parents[1]


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "backend", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=600, env=env)


def one_line_error(r) -> bool:
    return r.returncode == 2 and "Traceback" not in r.stderr and r.stderr.strip().count("\n") == 0 \
        and r.stderr.startswith("error: ")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def heads(face_model):
    opts = GenerateOptions(seed=1, refine=False, texture_size=256)
    return generate_head("a man with a wide nose", opts), generate_head("a woman with a round face",
                                                                        replace(opts, seed=2))


def disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_disk_full_leaves_no_folder_and_no_temporaries(heads, tmp_path, monkeypatch):
    from backend.io import wire

    monkeypatch.setattr(wire, "write_wire", disk_full)  # the last file written: all others are there
    target = tmp_path / "a" / "b" / "head"
    with pytest.raises(TextFaceError, match=f"{target}.*No space left"):
        write_head(heads[0], target, preview=False)
    assert list(tmp_path.iterdir()) == []  # neither the folder, its parents nor a staging folder


def test_failed_write_keeps_the_earlier_head_and_the_users_files(heads, tmp_path, monkeypatch):
    from backend.io import wire

    out = tmp_path / "out"
    write_head(heads[0], out, preview=True)
    (out / "notes.txt").write_text("mine")
    before = snapshot(out)
    real = wire.write_wire
    monkeypatch.setattr(wire, "write_wire", disk_full)
    with pytest.raises(TextFaceError, match="No space left"):
        write_head(heads[1], out, preview=True)
    assert snapshot(out) == before  # not a mix of old and new files
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]

    monkeypatch.setattr(wire, "write_wire", real)
    paths = write_head(heads[1], out, preview=False)
    assert (out / "notes.txt").read_text() == "mine"
    assert not (out / "preview.png").exists()  # the old head's preview would not match the new head
    assert all(p.parent == out and p.is_file() for p in paths.values())
    assert '"seed": 2' in (out / "head.json").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_nan_identity_is_one_clear_error_and_writes_nothing(heads, tmp_path):
    bad = replace(heads[0], identity=np.full_like(heads[0].identity, np.nan))
    with pytest.raises(TextFaceError, match=f"(?i){tmp_path / 'o'}.*nan"):
        write_head(bad, tmp_path / "o", preview=False)
    assert list(tmp_path.iterdir()) == []


def test_output_path_that_is_a_file_is_one_clear_error(heads, tmp_path):
    (tmp_path / "f").write_text("x")
    for target in (tmp_path / "f", tmp_path / "f" / "sub"):
        with pytest.raises(TextFaceError, match="not a folder"):
            write_head(heads[0], target, preview=False)
    assert [p.name for p in tmp_path.iterdir()] == ["f"]


def test_generate_command_disk_full_is_one_line_exit_2(tmp_path, monkeypatch, capsys, face_model):
    from backend import cli as backend_cli
    from backend.io import wire

    monkeypatch.setattr(wire, "write_wire", disk_full)
    code = backend_cli.main(["generate", "a man", "--no-refine", "--no-preview", "--texture-size", "256",
                             "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("error: ") and "No space left" in err and str(tmp_path / "o") in err
    assert list(tmp_path.iterdir()) == []


def test_obj_writer_removes_its_temporary_on_failure(tmp_path):
    from backend.io.obj import write_mtl

    (tmp_path / "head.mtl").mkdir()  # the final rename fails
    with pytest.raises(OSError):
        write_mtl(tmp_path / "head.mtl", "a.png")
    assert [p.name for p in tmp_path.iterdir()] == ["head.mtl"]


@pytest.mark.parametrize("args", [
    ("generate", ""), ("generate", "   "), ("generate", "x" * 110_000), ("generate", "a man", "--seed", "-5"),
    ("generate", "a man", "--texture", "foo"), ("generate", "a man", "--texture", "stylegan:/nonexist"),
    ("generate", "a man", "--refine-steps", "0"),
    ("generate", "a man, looks kind", "--clip-weights", "/nonexist", "--texture-size", "256", "--no-preview"),
    ("sample", "--scale", "-1"), ("sample", "--scale", "nan"), ("sample", "--scale", "inf"),
    ("sample", "--seed", "-1"),
    ("submit", "a man", "--url", "http://127.0.0.1:9", "--token", "t"),
])
def test_failed_command_is_one_line_and_leaves_no_folder(args, tmp_path):
    r = cli(*args, "--out", str(tmp_path / "a" / "b" / "c"))
    assert one_line_error(r), r.stderr[-2000:]
    assert list(tmp_path.iterdir()) == []


def test_batch_file_not_utf8_is_one_line_error(tmp_path):
    batch = tmp_path / "b.jsonl"
    batch.write_bytes(b'{"prompt": "a man"}\n{"prompt": "\xff\xfe"}\n')
    r = cli("generate", "--batch", str(batch), "--out", str(tmp_path / "o"))
    assert one_line_error(r) and "line 2" in r.stderr and "UTF-8" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["b.jsonl"]


def test_bad_archive_leaves_no_cache_folder(tmp_path):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"nope")
    r = cli("assets", "install", "--from", str(bad), "--cache-dir", str(tmp_path / "c" / "d"), "--force")
    assert one_line_error(r) and "not a zip" in r.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["x.zip"]


def test_sample_replaces_its_files_and_keeps_others(tmp_path, face_model):
    out = tmp_path / "s"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    r = cli("sample", "--seed", "5", "--out", str(out))
    assert r.returncode == 0, r.stderr
    assert sorted(p.name for p in out.iterdir()) == ["head.obj", "head_identity.json", "notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["s"]


def test_failure_while_moving_into_place_restores_the_earlier_head(heads, tmp_path, monkeypatch):
    import os

    from backend.io import staging

    out = tmp_path / "out"
    write_head(heads[0], out, preview=True)
    before = snapshot(out)
    calls, real_replace = [], os.replace

    def flaky_replace(src, dst):  # the third new file moved over an earlier one in `out` fails, after two were swapped
        if Path(dst).parent == out and (Path(dst).name in before or calls):
            calls.append(dst)
            if len(calls) == 3:
                raise OSError(errno.EIO, "Input/output error")
        real_replace(src, dst)

    monkeypatch.setattr(staging.os, "replace", flaky_replace)
    with pytest.raises(TextFaceError, match="Input/output error"):
        write_head(heads[1], out, preview=False)
    monkeypatch.undo()
    assert len(calls) > 3  # it failed mid-swap and the undo put the old files back
    assert snapshot(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
