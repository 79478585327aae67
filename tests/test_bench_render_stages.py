"""`bench render_stages`: CPU time per render stage, with the stage wrappers removed afterwards."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys
from pathlib import Path

import pytest
import torch

import backend.render.renderer  # noqa: F401  (the modules the bench wraps)
from backend.bench.render_stages import NODES, STAGES, stage_times
from backend.render import Renderer, RenderSettings, views

ROOT = Path(__file__).resolve().parents[1]
render_mod = lambda name: sys.modules[f"backend.render.{name}"]  # noqa: E731


def _originals():
    fns = {(m, n): getattr(render_mod(m), n) for m, names in STAGES for n in names}
    fns.update({(m, c): getattr(render_mod(m), c).__dict__["backward"] for m, c in NODES})
    return fns


def test_every_stage_and_node_is_timed_and_the_wrappers_are_removed():
    g = torch.Generator().manual_seed(0)
    v = (torch.rand(40, 3, generator=g) * 10 - 5).requires_grad_()
    tris = torch.randint(0, 40, (60, 3), generator=g)
    tex = torch.rand(8, 8, 3, generator=g, requires_grad=True)
    r = Renderer(RenderSettings(resolution=32))
    before = _originals()
    ticks = itertools.count()  # a fake clock: every reading one unit later than the last
    times = stage_times(lambda: r.render(v, tris, torch.rand(40, 2), tris, tex, views(("front",))).sum(), 2,
                        clock=lambda: float(next(ticks)))
    assert _originals() == before
    expected = {n for _, names in STAGES for n in names} | {f"{c} backward" for _, c in NODES}
    assert expected | {"FORWARD", "BACKWARD"} <= set(times), set(times) ^ expected
    assert all(t > 0 for t in times.values())
    # nested stages inside their parents, the halves around everything
    assert times["FORWARD"] > times["rasterize"] > times["visible"] > times["_draw"]


def test_a_failing_step_still_removes_the_wrappers():
    before = _originals()

    def step():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError, match="boom"):
        stage_times(step, 1)
    assert _originals() == before


def test_the_bench_lists_the_stages():
    r = subprocess.run([sys.executable, "-m", "backend", "bench", "render_stages", "--resolutions", "32",
                        "--repeat", "2"], capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stderr
    assert re.search(r"32\^2: forward \d+\.\d+ ms, backward \d+\.\d+ ms", r.stdout), r.stdout
    assert re.search(r"^\s+\d+\.\d+\s+_draw$", r.stdout, re.M) and "_Bilinear backward" in r.stdout
