"""`eval shape` end to end at a small size: every figure block and goal is in its report and JSON."""
import json

import pytest

pytestmark = pytest.mark.usefixtures("face_model")


def test_eval_shape_reports_gender_beside_the_other_goals(tmp_path, capsys):
    from backend.shape.evaluate import main

    out = tmp_path / "shape.json"
    assert main(["--codes", "20", "--pairs", "10", "--baseline-codes", "4", "--baseline-budget", "2000",
                 "--json", str(out)]) == 0
    fig = json.loads(out.read_text())
    assert {"same_seed_mm", "seed_mm", "size_ratio", "labelled_as_stated"} <= set(fig["gender"])
    assert fig["gender"]["heads"] == 40
    gender_goals = [g for g in fig["goals"] if ("women" in g or "woman" in g or "gender" in g)
                    and not g.startswith(("hollow cheeks", "past 70", "an old face"))]  # cheek / age goals
    assert len(gender_goals) == 4 and all(isinstance(fig["goals"][g], bool) for g in gender_goals)
    assert fig["goals"]["every head's jaw, chin, brow and neck read as its gender"] is True  # gender_read.py
    assert fig["goals"]["every neck base within 0.5 cm of the face's midline"] is True
    printed = capsys.readouterr().out
    assert "man vs woman of one seed" in printed and "[PASS] men's faces 5-10 % larger" in printed
    # the expression looks (backend/shape/expression_looks.py): figures, goals and their lines
    assert fig["expression_looks"]["heads"] == 4 and "yawn_gap_over_open_mm" in fig["expression_looks"]
    assert sum(g.startswith(("sad smile:", "yawn:", "frown:", "laugh, mouth closed:")) for g in fig["goals"]) == 4
    assert "expression looks (4 heads" in printed and "[PASS] yawn: lips > 4 mm" in printed
    # hollow cheeks (backend/shape/cheek_hollow_goal.py): its figures, three goals and report lines
    assert fig["cheek_hollow"]["seeds"] == 4 and "a gaunt man [as parsed]" in fig["cheek_hollow"]["prompts"]
    assert sum(g.startswith(("cheek hollow depth", "a lean face's cheeks", "hollow cheeks read")) for g in fig["goals"]) == 3
    assert "cheek hollow (4 seeds" in printed
    # old-age shape (backend/shape/age_shape_goal.py): its figures, three goals and report lines
    assert fig["age_shape"]["seeds"] == 4 and "a 95 year old woman" in fig["age_shape"]["prompts"]
    assert sum(g.startswith(("old-age cues", "past 70", "an old face")) for g in fig["goals"]) == 3
    assert "old-age shape (4 seeds" in printed
    # face words and grey hair's implied age (face_words_goal.py, implied_age_goal.py): figures, one goal each
    assert fig["face_words"]["seeds"] == 4 and any(c["measure"] == "cheekbone_mm" for c in fig["face_words"]["cases"])
    assert fig["implied_age"]["seeds"] == 4 and "a wizard with a long white beard" in fig["implied_age"]["prompts"]
    assert sum(g.startswith(("face words move", "grey hair's implied years")) for g in fig["goals"]) == 2
    assert "face words (4 seeds" in printed and "implied age (4 seeds" in printed
