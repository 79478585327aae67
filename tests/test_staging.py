"""staged_output: a result written into a mount point's root, and the leftovers of killed writers."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backend.io import staging
from backend.io.pids import pid_alive
from backend.io.staging import staged_output


def _dead_pid() -> int:
    p = subprocess.Popen([sys.executable, "-c", "pass"])
    p.wait()
    return p.pid


def test_pid_alive_tells_running_from_finished_processes():
    p = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert pid_alive(p.pid) and pid_alive(os.getpid())
    finally:
        p.kill()
        p.wait()
    assert not pid_alive(p.pid) and not pid_alive(0)


def test_an_existing_folder_on_its_own_file_system_is_written(tmp_path, monkeypatch):
    """`out` a mount point (USB disk, network share): no rename may cross into it from its parent."""
    out = tmp_path / "mnt"
    out.mkdir()
    (out / "keep.txt").write_text("the user's")
    (out / "r.txt").write_text("old result")

    def one_file_system(real):
        def move(src, dst):
            if (Path(src).resolve() == out or out in Path(src).resolve().parents) != \
                    (Path(dst).resolve() == out or out in Path(dst).resolve().parents):
                raise OSError(errno.EXDEV, "Invalid cross-device link")
            return real(src, dst)
        return move

    monkeypatch.setattr(staging.os, "replace", one_file_system(os.replace))
    monkeypatch.setattr(staging.os, "rename", one_file_system(os.rename))
    with staged_output(out, replaces=("r.txt", "gone.txt")) as stage:
        (stage / "r.txt").write_text("new result")
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt", "r.txt"]
    assert (out / "r.txt").read_text() == "new result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mnt"]


def test_a_killed_writers_staging_folders_are_removed_a_running_ones_kept(tmp_path):
    out = tmp_path / "head"
    out.mkdir()
    dead, token = _dead_pid(), "c8805e43"
    left = [tmp_path / f".head.{dead}-{token}.tmp", out / f".head.{dead}-{token}.tmp"]
    runner = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        running = out / f".head.{runner.pid}-0badcafe.tmp"
        others = [tmp_path / f".other.{dead}-{token}.tmp", out / "user_folder"]  # not this output's staging
        for d in left + [running] + others:
            d.mkdir()
            (d / "head.npz").write_bytes(b"half")
        with staged_output(out) as stage:
            (stage / "head.obj").write_text("v 0 0 0\n")
        assert not any(d.exists() for d in left)
        assert running.exists() and all(d.exists() for d in others)
    finally:
        runner.kill()
        runner.wait()


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions, not root")
def test_a_read_only_existing_folder_says_so(tmp_path):
    out = tmp_path / "ro"
    out.mkdir()
    out.chmod(0o555)
    try:
        with pytest.raises(staging.OutputError, match="Permission denied"):
            with staged_output(out) as stage:
                (stage / "a.txt").write_text("x")
    finally:
        out.chmod(0o755)
    assert list(out.iterdir()) == []
