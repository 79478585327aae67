"""Stated gender makes clearly different heads (backend/shape/dimorphism.py), and every other stated
attribute still measures as stated beside it."""
from __future__ import annotations

import pytest

from backend import measure as M
from backend.shape import ShapeModel
from backend.shape.dimorphism import draw, gender_contrast


@pytest.fixture(scope="module")
def shape():
    return ShapeModel.load()


@pytest.fixture(scope="module")
def contrast(shape, face_model):
    return gender_contrast(face_model, shape, range(16))


def test_a_man_and_a_woman_of_one_seed_are_different_heads(contrast):
    """The weights before the size term and the score aims: 1.7 mm between the man and the woman of one
    seed against 7.0 mm between two seeds (2.9 mm when their draws were checked against this score)."""
    assert contrast["same_seed_mm"] >= 4.0, contrast
    assert contrast["same_seed_mm"] >= 0.6 * contrast["seed_mm"], contrast


def test_men_have_larger_faces_and_every_head_reads_as_stated(contrast):
    """Men's faces are 5-8 % larger on average (before: 1.4 %)."""
    assert 1.05 <= contrast["size_ratio"] <= 1.10, contrast
    assert contrast["labelled_as_stated"] == 1.0
    z = contrast["z_difference"]
    for name in ("brow_ridge", "nose_width", "jaw_ratio", "chin_ratio"):
        assert z[name] > 0.5, (name, z)
    assert z["lip_thickness"] < -0.5 and z["eye_size"] < -0.5, z


def test_gender_leaves_the_diversity_within_a_gender(contrast):
    assert contrast["seed_mm"] >= 5.0, contrast  # the goal of `eval shape` is 2 mm; the noise gives ~7


# a stated feature against the gender's usual one ("a woman with a wide nose", "a man with a receding chin")
AGAINST = [
    {"gender": "female", "nose_width": "wide"},
    {"gender": "female", "face_shape": "square"},
    {"gender": "female", "eye_size": "small", "lip_thickness": "thin"},
    {"gender": "male", "chin": "receding"},
    {"gender": "male", "face_width": "narrow", "nose_width": "narrow"},
    {"gender": "male", "lip_thickness": "full", "eye_size": "big"},
    {"gender": "male", "face_shape": "heart"},
]


@pytest.mark.parametrize("code", AGAINST, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_stated_features_hold_beside_the_gender(shape, face_model, code):
    heads = draw(shape, face_model, code, range(8))
    met = M.labels_met(face_model, heads, code)
    rates = {a: float(m.mean()) for a, m in met.items()}
    assert all(r >= 7 / 8 for r in rates.values()), rates
