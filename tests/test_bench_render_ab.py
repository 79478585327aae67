"""`bench render_ab`: this tree's renderer against another tree's, alternating steps in one process."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args):
    return subprocess.run([sys.executable, "-m", "backend", "bench", "render_ab", *args], capture_output=True,
                          text=True, cwd=ROOT)


def test_against_a_folder_times_both_trees(tmp_path):
    shutil.copytree(ROOT / "backend", tmp_path / "other" / "backend", ignore=shutil.ignore_patterns("__pycache__"))
    r = run("--against", str(tmp_path / "other"), "--resolutions", "24", "--repeat", "2")
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if x.strip().startswith("24^2"))
    assert "this tree median" in line and "paired median difference" in line and "(n=2)" in line
    # two copies of one renderer give the same image and gradients, bit for bit
    assert "24^2 image, vertex and texture gradients: bit-identical" in r.stdout


def test_against_a_revision_of_this_checkout():
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        import pytest

        pytest.skip("not a git checkout")
    r = run("--against", "HEAD", "--resolutions", "16", "--repeat", "1")
    assert r.returncode == 0, r.stderr
    assert "paired median difference" in r.stdout


def test_bad_against_is_a_clear_error(tmp_path):
    r = run("--against", "no-such-revision-xyz", "--resolutions", "16", "--repeat", "1")
    assert r.returncode == 2 and "no-such-revision-xyz" in r.stderr and "Traceback" not in r.stderr
    (tmp_path / "empty").mkdir()
    r = run("--against", str(tmp_path / "empty"), "--resolutions", "16", "--repeat", "1")
    assert r.returncode == 2 and "no backend/render package" in r.stderr and "Traceback" not in r.stderr
    r = run("--against", "--upload-pack=x", "--resolutions", "16", "--repeat", "1")
    assert r.returncode == 2 and "Traceback" not in r.stderr


def test_a_renderer_that_draws_differently_is_reported(tmp_path):
    other = tmp_path / "other" / "backend"
    shutil.copytree(ROOT / "backend", other, ignore=shutil.ignore_patterns("__pycache__"))
    renderer = other / "render" / "renderer.py"
    text = renderer.read_text()
    assert "background: Vec3 = (1.0, 1.0, 1.0)" in text
    renderer.write_text(text.replace("background: Vec3 = (1.0, 1.0, 1.0)", "background: Vec3 = (0.5, 0.5, 0.5)"))
    r = run("--against", str(tmp_path / "other"), "--resolutions", "24", "--repeat", "1")
    assert r.returncode == 0, r.stderr
    assert "24^2 image, vertex and texture gradients differ: largest |difference| 0.5, " in r.stdout
