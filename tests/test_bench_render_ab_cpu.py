"""`bench render_ab` prints the steps' CPU time beside their wall time (thread CPU time at one torch
thread: the figure that stays comparable when other processes load the host)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_one_thread_reports_thread_cpu_time(tmp_path):
    shutil.copytree(ROOT / "backend", tmp_path / "other" / "backend", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, "-m", "backend", "bench", "render_ab", "--against", str(tmp_path / "other"),
                        "--resolutions", "24", "--repeat", "2"], capture_output=True, text=True, cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr
    line = next(x for x in r.stdout.splitlines() if "the same steps' thread CPU time" in x)
    assert "this tree" in line and "paired median difference" in line
