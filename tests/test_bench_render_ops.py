"""`bench render_ops`: tensor ops dispatched per renderer step, counted and attributed."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import torch

from backend.bench.render_ops import count_ops
from backend.render.soa import dot_rows

ROOT = Path(__file__).resolve().parents[1]


def test_counts_ops_by_kind_and_by_the_render_function_that_called_them():
    a, b = torch.rand(3, 10), torch.rand(3, 10)
    kinds, where = count_ops(lambda: dot_rows(a, b))
    # two unbinds (views), one product and two addcmul_ (computing), all from soa.dot_rows
    assert kinds == {"view": 2, "compute": 3}
    assert where == {"soa.py:dot_rows": 5}
    kinds, where = count_ops(lambda: a + b)
    assert kinds == {"compute": 1} and where == {"other": 1}


def test_the_bench_prints_a_count_per_resolution():
    r = subprocess.run([sys.executable, "-m", "backend", "bench", "render_ops", "--resolutions", "24,32", "--top", "3"],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    for res in (24, 32):
        m = re.search(rf"{res}\^2: (\d+) ops dispatched per step \((\d+) computing, (\d+) views\)", r.stdout)
        assert m, r.stdout
        total, compute, view = (int(x) for x in m.groups())
        assert total == compute + view and compute > 100
    listed = re.findall(r"^\s+\d+\s+(\S+)$", r.stdout, re.M)
    assert len(listed) == 6 and all(".py:" in x or x == "other" for x in listed)
    assert "visibility.py:_draw" in listed  # the rasterizer's span set-up: the most ops of any function
