"""One prompt and seed written twice is the same bytes (`head.sha256` equal), so a pipeline can tell a
re-run made the same head; what varies by run (seconds per stage) is in head.timings.json, unchecksummed."""
from __future__ import annotations

import json

import pytest

from backend.io import wire
from backend.pipeline import GenerateOptions, generate_head, write_head


@pytest.fixture(scope="module")
def two_runs(face_model, tmp_path_factory):
    opts = GenerateOptions(seed=3, refine=False, texture_size=256)
    folders = []
    for run in range(2):
        head = generate_head("a young woman with long black hair", opts)  # hair: every file kind
        head.timings["shape"] = 1.0 + run  # two runs never take the same time
        out = tmp_path_factory.mktemp(f"run{run}")
        write_head(head, out)
        folders.append(out)
    return folders


def test_two_runs_write_the_same_bytes(two_runs):
    a, b = two_runs
    listed = [line.split("  ", 1)[1] for line in (a / "head.sha256").read_text().splitlines()]
    assert {"head.json", "head.npz", "head.obj", "hair.obj", "preview.png"} <= set(listed)
    assert (a / "head.sha256").read_bytes() == (b / "head.sha256").read_bytes()
    for name in listed:
        assert (a / name).read_bytes() == (b / name).read_bytes(), name


def test_timings_are_beside_the_head_not_in_it(two_runs):
    a, b = two_runs
    assert "head.timings.json" not in (a / "head.sha256").read_text()
    runs = [json.loads((f / "head.timings.json").read_text()) for f in two_runs]
    assert runs[0]["timings"]["shape"] == 1.0 and runs[1]["timings"]["shape"] == 2.0
    assert "preview" in runs[0]["timings"]
    sidecar = json.loads((a / "head.json").read_text())
    assert "timings" not in sidecar
    assert "timings" not in wire.sidecar_of(wire.read_wire(a / "head.npz"))


def test_an_earlier_heads_timings_go_with_it():
    from backend.pipeline import result_names

    assert "head.timings.json" in result_names()
    assert "face.timings.json" in result_names("face")
