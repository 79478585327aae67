"""refine reports what it did honestly: text read as concrete attributes ("with a red beard") is named as not
applied (CLI, head.json warnings, the refinement record), and a CLIP score that did not rise is said so."""
from __future__ import annotations

import json

import pytest

from tests.test_refine_cli import _sidecar


def _status(before: dict, after: dict):
    from backend.refine.status import RefineStatus

    return RefineStatus(status="done", steps=2, views_per_step=3, loss_first=1.3157, loss_last=1.3357,
                        similarity_before=before, similarity_after=after, identity_rms_change=0.01,
                        identity_bound=0.8)


@pytest.mark.parametrize("after, verdict, words", [
    ({"front": 0.19, "left": 0.29}, "fell", "refinement done, but the CLIP score did not improve (it fell): "
                                            "0.2500 -> 0.2400 (mean of 2 fixed views)"),
    ({"front": 0.2, "left": 0.30001}, "unchanged", "refinement done, but the CLIP score did not improve (unchanged)"),
    ({"front": 0.22, "left": 0.31}, "improved", "refinement done: CLIP score improved: 0.2500 -> 0.2650"),
])
def test_the_summary_says_whether_the_clip_score_rose(after, verdict, words):
    record = _status({"front": 0.2, "left": 0.3}, after).to_dict()
    assert record["score_verdict"] == verdict and record["improved"] == (verdict == "improved")
    assert record["score_before"] == pytest.approx(0.25)
    assert record["summary"].startswith(words), record["summary"]
    assert "CLIP loss of the random views 1.3157 -> 1.3357" in record["summary"]


def test_refine_text_read_as_concrete_attributes_is_named_without_weights(face_model, tmp_path, capsys):
    from backend.cli import main

    head = _sidecar(tmp_path / "head.json")
    out = tmp_path / "out"
    assert main(["refine", str(head), "with a red beard", "--out", str(out), "--no-preview"]) == 0
    err = capsys.readouterr().err
    warning = [ln for ln in err.splitlines() if ln.startswith("warning: ")]
    assert len(warning) == 1, err
    assert "beard_color 'red'" in warning[0] and "refinement does not set concrete attributes" in warning[0]
    assert "generate 'a young woman with a wide nose, with a red beard' --seed 2" in warning[0]
    written = json.loads((out / "head.json").read_text())
    assert written["refinement"]["concrete_not_applied"] == {"beard": "full", "beard_color": "red"}
    assert written["refinement"]["concrete_note"] == warning[0][len("warning: "):]
    assert written["parsed"]["warnings"][-1] == written["refinement"]["concrete_note"]  # the add-on shows these


def test_a_stated_attribute_the_head_already_has_is_said_so(face_model, tmp_path, capsys):
    from backend.cli import main

    head = _sidecar(tmp_path / "head.json")
    assert main(["refine", str(head), "looks kind, with a wide nose", "--out", str(tmp_path / "o"), "--no-preview"]) == 0
    record = json.loads((tmp_path / "o" / "head.json").read_text())["refinement"]
    assert record["concrete_not_applied"] == {"nose_width": "wide"}
    assert "(the head already states nose_width)" in record["concrete_note"]


def test_abstract_text_gets_no_concrete_note(face_model, tmp_path, capsys):
    from backend.cli import main

    head = _sidecar(tmp_path / "head.json")
    assert main(["refine", str(head), "looks kind and wise", "--out", str(tmp_path / "o"), "--no-preview"]) == 0
    assert "warning:" not in capsys.readouterr().err
    written = json.loads((tmp_path / "o" / "head.json").read_text())
    assert "concrete_note" not in written["refinement"] and written["parsed"]["warnings"] == []


def test_refine_with_weights_reports_the_score_and_the_concrete_words(face_model, tmp_path, capsys):
    from backend.cli import main
    from tests.test_refine_clip import TINY_NAME, tiny_weights_file

    (tmp_path / "clip").mkdir()
    weights = tiny_weights_file(tmp_path / "clip")
    head = _sidecar(tmp_path / "head.json")
    out = tmp_path / "out"
    assert main(["refine", str(head), "with a red beard", "--out", str(out), "--no-preview", "--steps", "2",
                 "--clip-model", TINY_NAME, "--clip-weights", str(weights)]) == 0
    captured = capsys.readouterr()
    record = json.loads((out / "head.json").read_text())["refinement"]
    assert record["status"] == "done" and record["score_verdict"] in ("improved", "unchanged", "fell")
    views = record["similarity_before"]
    assert record["score_before"] == pytest.approx(sum(views.values()) / len(views), abs=1e-6)
    line = [ln for ln in captured.out.splitlines() if ln.startswith("refinement done")]
    assert line == [record["summary"]]
    said = "CLIP score improved" if record["improved"] else "the CLIP score did not improve"
    assert said in line[0] and f"{record['score_before']:.4f} -> {record['score_after']:.4f}" in line[0]
    assert record["concrete_not_applied"] == {"beard": "full", "beard_color": "red"}
    assert f"warning: {record['concrete_note']}" in captured.err
