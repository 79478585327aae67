"""`bench cancel`: a real service, one job cancelled in each stage; the output's shape and its checks
(every job cancelled or missed, nothing left behind, the next head made), not its timings."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("parse", "shape", "texture", "refine", "write")


def _bench(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "backend", "bench", "cancel", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.slow
@pytest.mark.timeout(1000)
def test_one_cancel_per_stage_at_the_smallest_size(face_model, tmp_path):
    out = tmp_path / "cancel.json"
    r = _bench("--per-stage", "1", "--texture-size", "256", "--refine-steps", "3", "--json", str(out))
    assert r.returncode == 0, r.stdout + r.stderr
    assert "result: PASS" in r.stdout and "problem:" not in r.stdout
    summary = json.loads(re.search(r"per stage: (\{.*\})", r.stdout).group(1))
    assert list(summary) == list(STAGES)
    for stage, row in summary.items():
        assert row["n"] == 1 and row["cancelled"] + row["missed"] == 1, (stage, row)
        assert all(seen in STAGES and STAGES.index(seen) >= STAGES.index(stage) for seen in row["seen"])
        if row["cancelled"]:
            assert 0 < row["median_ms"] <= row["max_ms"]
    rows = json.loads(out.read_text())["rows"]
    assert {r["label"] for r in rows} == {f"cancel in {s}" for s, row in summary.items() if row["cancelled"]}
    assert all(r["n"] == 1 and r["median_ms"] > 0 for r in rows)


@pytest.mark.parametrize("args, said", [(("--stages", "shape,nose"), "argument --stages"),
                                        (("--into", "nan"), "argument --into"),
                                        (("--per-stage", "0"), "argument --per-stage")])
def test_bad_options_are_refused_before_a_service_starts(args, said):
    r = _bench(*args, timeout=60)
    assert r.returncode == 2 and said in r.stderr and "Traceback" not in r.stderr, r.stderr
    assert "== bench cancel" not in r.stdout
