"""scripts/setup.sh: a venv whose creation was interrupted (no pip) is made again; a good one is kept.

Only the venv-making function runs (setup.sh, sourced, defines its functions and does nothing else);
the venvs are made by this interpreter in tmp_path, with no network."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SETUP = Path(__file__).resolve().parents[1] / "scripts" / "setup.sh"
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")


def ensure_venv(tmp_path: Path, venv: str) -> subprocess.CompletedProcess:
    script = f'source "{SETUP}"; ensure_venv "{venv}"'
    return subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={"PATH": "/usr/bin:/bin", "PYTHON": sys.executable})


def has_pip(venv: Path) -> bool:
    return subprocess.run([venv / "bin" / "python", "-m", "pip", "--version"], capture_output=True).returncode == 0


def test_sourcing_defines_the_functions_and_does_nothing_else(tmp_path):
    r = subprocess.run(["bash", "-c", f'source "{SETUP}"; type ensure_venv stamp_ok >/dev/null; pwd'],
                       cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.strip() == str(tmp_path), r.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("venv", [".venv", ".venv-blender"])
def test_interrupted_venv_without_pip_is_made_again(tmp_path, venv):
    # the state an interrupted creation leaves (killed during ensurepip): bin/python, no pip
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(tmp_path / venv)], check=True)
    (tmp_path / venv / ".textface-stamp").write_text("stale")
    assert not has_pip(tmp_path / venv)
    r = ensure_venv(tmp_path, venv)
    assert r.returncode == 0, r.stderr
    assert has_pip(tmp_path / venv) and not (tmp_path / venv / ".textface-stamp").exists()
    # a good venv is kept as it is (set-up stays fast and idempotent)
    (tmp_path / venv / "marker").write_text("kept")
    assert ensure_venv(tmp_path, venv).returncode == 0 and (tmp_path / venv / "marker").exists()


def test_missing_venv_is_made(tmp_path):
    assert ensure_venv(tmp_path, ".venv").returncode == 0 and has_pip(tmp_path / ".venv")
