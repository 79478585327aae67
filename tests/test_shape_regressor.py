"""The trained regressor (backend/shape/weights): stated attributes hold, determinism, diversity,
strength, and a tiny training run that is deterministic for a seed."""
from __future__ import annotations

import numpy as np
import pytest

from backend import measure as M
from backend.shape import ShapeModel
from backend.shape.code import IDENTITY_ATTRIBUTES

CODES = [
    {"nose_width": "wide"},
    {"gender": "female", "eye_size": "big", "lip_thickness": "full"},
    {"face_shape": "long", "nose_length": "long", "chin": "prominent"},
    {"face_width": "narrow", "eye_distance": "close", "mouth_width": "wide", "nose_tip": "upturned"},
    {"face_shape": "round", "eye_tilt": "up", "nose_bridge": "high", "age": "young"},
    {"face_shape": "heart", "nose_width": "narrow", "eye_size": "small", "mouth_width": "narrow"},
]


@pytest.fixture(scope="module")
def shape():
    return ShapeModel.load()


def _labels(model, coeffs):
    return M.label(M.measure(M.landmarks_for(model, coeffs)), M.population(model))


def test_stated_attributes_hold(shape, face_model):
    from backend.face_model import blend

    held = total = 0
    for code in CODES:
        coeffs = shape.sample_identity(code, seed=11, n=4)
        assert coeffs.shape == (4, 100) and coeffs.dtype == np.float32
        for v in blend(face_model, coeffs):
            got = M.measure_labels(v, face_model)
            held += sum(got[a] == want for a, want in code.items())
            total += len(code)
    assert held / total >= 0.9, f"{held}/{total} stated attributes hold"


def test_same_seed_same_head_and_seeds_differ(shape, face_model):
    from backend.face_model import blend

    code = CODES[1]
    a = shape.sample_identity(code, seed=3)
    np.testing.assert_array_equal(a, shape.sample_identity(code, seed=3))
    b = shape.sample_identity(code, seed=4)
    face = face_model.regions["face"]
    va, vb = blend(face_model, np.concatenate([a, b]))[:, face]
    assert np.linalg.norm(va - vb, axis=-1).mean() * 10 >= 2.0  # mm, the diversity goal


def test_unstated_attributes_vary(shape, face_model):
    labels = _labels(face_model, shape.sample_identity({"nose_width": "wide"}, seed=0, n=40))
    assert len({row["eye_size"] for row in labels}) == 3
    assert len({row["face_shape"] for row in labels}) >= 3


def test_strength_reaches_further(shape, face_model):
    from backend.shape.model import StrengthError

    code = {"nose_width": "wide"}
    k = M.IDX["nose_width"]
    plain = M.measure(M.landmarks_for(face_model, shape.sample_identity(code, seed=2, n=8)))[:, k]
    strong = M.measure(M.landmarks_for(face_model, shape.sample_identity(code, seed=2, n=8,
                                                                         strength={"nose_width": 2.0})))[:, k]
    assert np.all(strong > plain)
    with pytest.raises(StrengthError):
        shape.sample_identity(code, seed=2, strength={"eye_size": 2.0})  # not stated
    with pytest.raises(StrengthError):
        shape.sample_identity(code, seed=2, strength={"nose_width": 50.0})


def test_bad_codes_are_rejected(shape):
    from backend.schema import SchemaError

    with pytest.raises(SchemaError):
        shape.sample_identity({"nose_width": "enormous"}, seed=0)
    with pytest.raises(SchemaError):
        shape.sample_identity({"ears": "big"}, seed=0)


def test_code_layout_matches_the_schema():
    from backend.schema import BY_NAME, CONDITION_ATTRIBUTES, SHAPE_ATTRIBUTES

    assert set(IDENTITY_ATTRIBUTES) == (set(SHAPE_ATTRIBUTES) - {"expression", "eyelids", "mouth"}) | set(CONDITION_ATTRIBUTES)
    assert set(IDENTITY_ATTRIBUTES) <= set(BY_NAME)


@pytest.mark.slow
def test_tiny_training_is_deterministic(tmp_path, face_model):
    from safetensors.numpy import load_file

    from backend.shape import train

    argv = ["--pairs", "64", "--pool", "300", "--project-steps", "3", "--steps", "3", "--batch", "32"]
    for name in ("a", "b"):
        assert train.main(argv + ["--out", str(tmp_path / name)]) == 0
    a = load_file(str(tmp_path / "a" / "shape_regressor.safetensors"))
    b = load_file(str(tmp_path / "b" / "shape_regressor.safetensors"))
    assert a.keys() == b.keys() and all(np.array_equal(a[k], b[k]) for k in a)
    ShapeModel.load(tmp_path / "a")


def test_checked_sampling_holds_every_attribute_and_is_deterministic(shape, face_model):
    from backend.measure import labels_match

    code = CODES[3]
    a = shape.sample_identity(code, seed=5, n=6, verify=face_model)
    assert labels_match(face_model, a, code).all()
    np.testing.assert_array_equal(a, shape.sample_identity(code, seed=5, n=6, verify=face_model))


@pytest.mark.slow
def test_eval_command_reports_every_figure(tmp_path, face_model):
    import json

    from backend.shape import evaluate

    out = tmp_path / "eval.json"
    assert evaluate.main(["--codes", "40", "--pairs", "20", "--baseline-codes", "3", "--json", str(out)]) == 0
    figures = json.loads(out.read_text())
    assert figures["satisfaction_shape"] >= 0.9 and figures["diversity_face_mm"] >= 2.0
    assert figures["contrast_min"] >= 0.9 and figures["baseline"]["codes"] == 3
    assert set(figures["goals"]) >= {"satisfaction >= 95%", "diversity >= 2 mm"}
    lids = figures["closed_lids"]
    assert lids["heads"] == 3 and lids["covered_with"] == 1.0 and 0.0 <= lids["covered_without"] <= 1.0
    nose = figures["nose_profile"]
    assert nose["male hooked x1"]["convexity_mm"] > nose["male straight x1"]["convexity_mm"] > nose[
        "male upturned x1"]["convexity_mm"]


# A description that states age's proxy features (backend.measure.age_terms) against the age it states.
AGE_CONFLICTS = [
    {"gender": "female", "age": "young", "nose_length": "long", "lip_thickness": "thin", "eye_size": "small"},
    {"gender": "male", "age": "old", "nose_length": "short", "lip_thickness": "full", "eye_size": "big"},
    {"gender": "male", "age": "old", "lip_thickness": "full", "eye_size": "big"},
]
FEATURES = ("nose_length", "lip_thickness", "eye_size")


@pytest.mark.parametrize("code", AGE_CONFLICTS)
def test_stated_features_outrank_the_age_proxy(shape, face_model, code):
    """'a young woman with a long nose, thin lips and small eyes': the stated features hold on every seed
    (the age check once pulled them back: thin lips failed on 19 seeds of 20)."""
    missed = []
    for seed in range(10):
        got = _labels(face_model, shape.sample_identity(code, seed=seed, verify=face_model))[0]
        missed += [(seed, a, got[a]) for a in FEATURES if a in code and got[a] != code[a]]
    assert missed == []


def test_checked_sampling_keeps_the_draw_meeting_the_most_attributes(shape, face_model, monkeypatch):
    """When no draw meets every stated attribute, the best (earliest of equals) is kept, not the last."""
    code = {"nose_width": "wide", "eye_size": "big"}
    first = shape.sample_identity(code, seed=4)  # the seed's first draw, unchecked
    real, calls = M.label_indices, []

    def fake(m, pop, *args, **kwargs):  # the first draw meets nose_width only, every later draw neither
        out = real(m, pop, *args, **kwargs)
        bad = np.zeros(np.shape(m)[:-1], int)
        out["eye_size"] = bad
        if calls:
            out["nose_width"] = bad
        calls.append(1)
        return out

    M.population(face_model)  # computed before the fake is in place
    monkeypatch.setattr(M, "label_indices", fake)
    kept = shape.sample_identity(code, seed=4, verify=face_model)
    assert len(calls) >= 2
    np.testing.assert_array_equal(kept, first)
