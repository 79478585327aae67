"""Ctrl-C (SIGINT) during `generate` leaves no half-written head: no new folder, no staging folder, and an
earlier head in --out whole, as its head.sha256 records."""
from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def _interrupted_generate(out: Path, at: str) -> tuple[int, str]:
    """Run generate; SIGINT as soon as its progress shows the stage `at`.  -> (exit status, stderr)."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "backend", "generate", "a man with a wide nose", "--seed", "4", "--texture-size",
         "256", "--out", str(out)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        # a shell's background job may inherit SIGINT ignored: a user's Ctrl-C is not
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    err: list[str] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    for line in proc.stdout:
        if f"[{at} " in line:
            proc.send_signal(signal.SIGINT)
            break
    proc.stdout.read()
    code = proc.wait(timeout=300)
    reader.join(timeout=30)
    return code, "".join(err)


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("at", ["texture", "write"])
def test_ctrl_c_leaves_no_new_folder(face_model, tmp_path, at):
    out = tmp_path / "heads" / "new"
    code, err = _interrupted_generate(out, at)
    assert code == 130 and err.strip().endswith("interrupted") and "Traceback" not in err, err
    assert not (tmp_path / "heads").exists()  # the folders made for it are gone too
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_keeps_an_earlier_head_whole(face_model, tmp_path):
    out = tmp_path / "head"
    done = subprocess.run([sys.executable, "-m", "backend", "generate", "a woman", "--seed", "1", "--texture-size",
                           "256", "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    before = _sums(out)
    code, err = _interrupted_generate(out, "write")
    assert code == 130, err
    assert _sums(out) == before  # no staging folder inside, no file replaced
    check = subprocess.run(["sha256sum", "-c", "head.sha256"], cwd=out, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
