"""`bench refine` on the tiny CLIP config: its figures add up (per-step parts x steps + once-only parts)."""
from __future__ import annotations

import json

from tests.test_refine_clip import TINY_NAME, register_tiny_configs


def test_per_step_figures_exclude_the_once_only_costs(face_model, tmp_path, capsys):
    from backend.bench import refine as bench

    register_tiny_configs(tmp_path)
    out = tmp_path / "bench.json"
    steps = 2
    assert bench.main(["--clip-model", TINY_NAME, "--steps", str(steps), "--views", "1", "--size", "32",
                       "--json", str(out)]) == 0
    rows = {r["label"]: r["median_ms"] for r in json.loads(out.read_text())["rows"]}
    per_step = ["per step: render fwd+bwd", "per step: CLIP fwd+bwd", "per step: rest"]
    once = ["once: text embeddings + optimiser set-up", "once: before/after evaluation (2 x 5 fixed views)"]
    assert rows[once[1]] > 0
    parts = steps * sum(rows[k] for k in per_step) + sum(rows[k] for k in once)
    assert abs(parts - rows["total refinement"]) <= 1e-6 * rows["total refinement"]
    assert "the target" in capsys.readouterr().out
