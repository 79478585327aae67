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


def test_parts_time_the_occlusion_test_and_the_texture_lookup_of_both_trees(tmp_path):
    shutil.copytree(ROOT / "backend", tmp_path / "other" / "backend", ignore=shutil.ignore_patterns("__pycache__"))
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    r = subprocess.run([sys.executable, "-m", "backend", "bench", "render_ab", "--against", str(tmp_path / "other"),
                        "--resolutions", "32", "--repeat", "1", "--parts"], capture_output=True, text=True,
                       cwd=ROOT, env=env)
    assert r.returncode == 0, r.stderr
    for part in ("occlusion test", "texture fwd+bwd"):
        line = next(x for x in r.stdout.splitlines() if f"32^2 part {part}, thread CPU time" in x)
        assert "paired median difference" in line and "(n=4; bit-identical)" in line


def test_capture_leaves_the_parts_as_they_were():
    import importlib

    import torch

    import backend.render as pkg
    from backend.bench.render_ab import capture_parts
    from backend.render import Renderer, RenderSettings, views
    from backend.render.visibility import _unoccluded

    tex_mod = importlib.import_module("backend.render.texture")
    vis_mod = importlib.import_module("backend.render.visibility")
    apply = tex_mod._Bilinear.apply
    # a cube seen from the front: a back face to test against the occluder's depths
    v = torch.tensor([[x, y, z] for x in (-5.0, 5.0) for y in (-5.0, 5.0) for z in (-5.0, 5.0)])
    quads = [(0, 1, 3, 2), (4, 6, 7, 5), (0, 4, 5, 1), (2, 3, 7, 6), (0, 2, 6, 4), (1, 5, 7, 3)]
    tris = torch.tensor([t for a, b, c, d in quads for t in ((a, b, c), (a, c, d))])
    uvs = torch.rand(8, 2)
    r = Renderer(RenderSettings(resolution=32))
    got = capture_parts(pkg, lambda: r.render(v, tris, uvs, tris, torch.rand(8, 8, 3), views(("front",))))
    assert set(got) == {"unoccluded", "bilinear"}
    assert vis_mod._unoccluded is _unoccluded and tex_mod._Bilinear.apply == apply
    assert "apply" not in vars(tex_mod._Bilinear)
