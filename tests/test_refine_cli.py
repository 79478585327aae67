"""`python -m backend refine HEAD.json "TEXT" --out DIR`: the command around pipeline.refine_head."""
from __future__ import annotations

import json

import numpy as np


def _sidecar(path):
    from backend.texture.params import TextureParams

    data = {"schema_version": 1, "prompt": "a young woman with a wide nose", "seed": 2,
            "parsed": {"concrete": {"nose_width": "wide"}, "abstract": [], "warnings": []},
            "identity": [0.1] * 100, "expression": {},
            "texture": {"model": "parametric", "params": TextureParams().to_dict(), "size": 256},
            "refinement": {"status": "not needed"}, "timings": {}, "backend_version": "test"}
    path.write_text(json.dumps(data))
    return path


def test_missing_head_file_is_a_clear_error(tmp_path, capsys):
    from backend.cli import main

    assert main(["refine", str(tmp_path / "nope.json"), "kind", "--out", str(tmp_path / "o")]) == 2
    assert "head file not found" in capsys.readouterr().err


def test_without_weights_writes_head_and_says_why(face_model, tmp_path, capsys):
    from backend.cli import main
    from backend.refine import NO_WEIGHTS_REASON

    head = _sidecar(tmp_path / "head.json")
    out = tmp_path / "out"
    assert main(["refine", str(head), "looks kind and wise", "--out", str(out), "--no-preview"]) == 0
    captured = capsys.readouterr()
    assert "not refined (skipped)" in captured.err and "--clip-weights" in captured.err
    # no progress line claims a refinement that does not run
    assert "with CLIP" not in captured.out + captured.err
    assert "[refine 3/5] abstract phrases not refined: no CLIP weights configured" in captured.out + captured.err
    written = json.loads((out / "head.json").read_text())
    assert written["refinement"]["status"] == "skipped" and written["refinement"]["reason"] == NO_WEIGHTS_REASON
    np.testing.assert_allclose(written["identity"], [0.1] * 100, rtol=1e-6)


def test_a_bad_out_folder_is_refused_before_any_refinement(face_model, tmp_path, monkeypatch, capsys):
    # like generate, sample and submit: not after minutes of CLIP refinement
    import backend.pipeline
    from backend.cli import main

    calls = []
    monkeypatch.setattr(backend.pipeline, "refine_head", lambda *a, **k: calls.append(a))
    head = _sidecar(tmp_path / "head.json")
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    for out in (blocker, blocker / "sub"):
        assert main(["refine", str(head), "looks kind", "--out", str(out), "--no-preview"]) == 2
        err = capsys.readouterr().err
        assert f"{blocker} exists and is not a folder" in err and "Traceback" not in err
    assert calls == []
    # a missing head file is still the first thing reported
    assert main(["refine", str(tmp_path / "nope.json"), "kind", "--out", str(blocker)]) == 2
    assert "head file not found" in capsys.readouterr().err


def test_progress_shows_every_stage_line_and_thins_only_the_steps(capsys):
    from backend.cli import print_progress
    from backend.refine.status import step_report

    print_progress("refine", 3, 5, "refining abstract phrases with CLIP")  # the pipeline's stage line
    print_progress("refine", 0, 25, "loading CLIP ViT-B-32 (w.safetensors) on cpu")
    for step in range(1, 26):
        print_progress("refine", step, 25, step_report(step, 25, "CLIP loss 0.9"))
    print_progress("refine", 25, 25, "scoring the refined head in 5 fixed views")
    lines = capsys.readouterr().out.splitlines()
    assert lines == ["  [refine 3/5] refining abstract phrases with CLIP",
                     "  [refine 0/25] loading CLIP ViT-B-32 (w.safetensors) on cpu",
                     "  [refine 10/25] step 10/25: CLIP loss 0.9",
                     "  [refine 20/25] step 20/25: CLIP loss 0.9",
                     "  [refine 25/25] step 25/25: CLIP loss 0.9",
                     "  [refine 25/25] scoring the refined head in 5 fixed views"]


def test_refine_announces_loading_clip_and_the_scoring(face_model, tmp_path, capsys):
    # before: the first line came at step 10, after CLIP had loaded and the starting head was scored
    from backend.cli import main
    from tests.test_refine_clip import TINY_NAME, tiny_weights_file

    (tmp_path / "clip").mkdir()
    weights = tiny_weights_file(tmp_path / "clip")
    head = _sidecar(tmp_path / "head.json")
    assert main(["refine", str(head), "looks kind", "--out", str(tmp_path / "out"), "--no-preview",
                 "--steps", "11", "--clip-model", TINY_NAME, "--clip-weights", str(weights)]) == 0
    lines = [ln.strip() for ln in capsys.readouterr().out.splitlines() if ln.startswith("  [")]
    assert lines[:3] == ["[refine 3/5] refining abstract phrases with CLIP",
                         f"[refine 0/11] loading CLIP {TINY_NAME} ({weights}) on cpu",
                         "[refine 0/11] scoring the starting head in 5 fixed views"]
    steps = [ln for ln in lines if "] step " in ln]
    assert [ln.split("]")[0] for ln in steps] == ["[refine 10/11", "[refine 11/11"]
    assert "[refine 11/11] scoring the refined head in 5 fixed views" in lines


def test_a_head_refined_in_place_can_be_restored_from_its_record(face_model, tmp_path):
    # --out = the head's own folder replaces head.json; its refinement record keeps the starting
    # identity and texture parameters, and copying them back rebuilds the original head
    from backend.cli import main
    from backend.texture.params import TextureParams
    from tests.test_refine_clip import TINY_NAME, tiny_weights_file

    (tmp_path / "clip").mkdir()
    weights = tiny_weights_file(tmp_path / "clip")
    folder = tmp_path / "head"
    folder.mkdir()
    head = _sidecar(folder / "head.json")
    start = json.loads(head.read_text())
    start["identity"] = [float(np.float32(x)) for x in np.linspace(-2, 2, 100)]
    start["texture"]["params"] = TextureParams(melanin=0.3).to_dict()
    head.write_text(json.dumps(start))
    assert main(["refine", str(head), "looks kind", "--out", str(folder), "--no-preview"]) == 0  # its files
    start, albedo = json.loads(head.read_text()), (folder / "head_albedo.png").read_bytes()
    assert main(["refine", str(head), "looks kind", "--out", str(folder), "--no-preview", "--steps", "2",
                 "--clip-model", TINY_NAME, "--clip-weights", str(weights)]) == 0
    refined = json.loads(head.read_text())
    record = refined["refinement"]
    assert record["status"] == "done" and refined["identity"] != start["identity"]
    assert refined["texture"]["params"] != start["texture"]["params"]
    assert record["identity_before"] == start["identity"]
    assert record["texture_before"] == start["texture"]["params"]
    restored = {**refined, "identity": record["identity_before"],
                "texture": {**refined["texture"], "params": record["texture_before"]}}
    head.write_text(json.dumps(restored))
    assert main(["refine", str(head), "looks kind", "--out", str(folder), "--no-preview"]) == 0
    again = json.loads(head.read_text())
    assert again["identity"] == start["identity"] and again["texture"]["params"] == start["texture"]["params"]
    assert (folder / "head_albedo.png").read_bytes() == albedo
