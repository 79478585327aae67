"""`python -m backend eval render` on the real head: runs, passes, and reports what it measured."""
from __future__ import annotations

import json

import pytest


@pytest.mark.slow
def test_eval_render_passes_on_the_ict_head(face_model, tmp_path, capsys):
    from backend.render import evaluate

    out = tmp_path / "render.json"
    assert evaluate.main(["--resolutions", "256", "--directions", "3", "--json", str(out)]) == 0
    report = json.loads(out.read_text())
    assert report["coverage"]["256"] == {"covered": report["coverage"]["256"]["covered"], "winner_outside": 0,
                                        "missed_centres": 0}
    assert report["coverage"]["256"]["covered"] > 60000  # three views of a head at 256^2
    assert len(report["gradient_relative_difference"]) == 3 and all(report["checks"].values())
    assert "PASS  every covered centre inside its triangle, no holes" in capsys.readouterr().out


def test_coverage_errors_counts_a_wrong_winner_and_a_hole(monkeypatch):
    # one big triangle over the image; the check is fed a rasterization that gives one pixel to a
    # triangle that does not contain it and leaves another uncovered
    import importlib

    import torch

    from backend.render import evaluate
    from backend.render.topology import Topology

    rasterize_module = importlib.import_module("backend.render.rasterize")

    clip = torch.tensor([[-3.0, -3.0, 0.0, 1.0], [3.0, -3.0, 0.0, 1.0], [0.0, 3.0, 0.0, 1.0],
                         [0.9, 0.9, 0.5, 1.0], [0.95, 0.9, 0.5, 1.0], [0.9, 0.95, 0.5, 1.0]], dtype=torch.float64)
    topo = Topology(torch.tensor([[0, 1, 2], [3, 4, 5]]), 6)
    real = rasterize_module.rasterize

    def broken(c, t, res, **kw):
        r = real(c, t, res, **kw)
        tri = r.triangles.clone()
        tri[0] = 1  # pixel 0 (top-left corner) given the small triangle far from it
        keep = torch.ones_like(r.pixels, dtype=torch.bool)
        keep[res * 4 + 4] = False  # a hole in the middle of the big triangle
        return type(r)(r.batch, r.height, r.width, r.pixels[keep], tri[keep], r.bary[keep], r.depth[keep])

    monkeypatch.setattr(rasterize_module, "rasterize", broken)
    covered, outside, missed = evaluate.coverage_errors(clip, topo, 8)
    assert (covered, outside, missed) == (63, 1, 1)
