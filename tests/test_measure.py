"""Measurement sanity: invariance, symmetry, numpy/torch agreement, labels covering the population."""
from __future__ import annotations

import numpy as np
import pytest

from backend import measure as M
from backend.schema import BY_NAME

# Multi-PIE 68-point left/right correspondence (a mirrored face swaps these landmarks).
MIRROR = np.array(
    list(range(16, -1, -1)) + list(range(26, 16, -1)) + [27, 28, 29, 30] + [35, 34, 33, 32, 31]
    + [45, 44, 43, 42, 47, 46, 39, 38, 37, 36, 41, 40]
    + [54, 53, 52, 51, 50, 49, 48, 59, 58, 57, 56, 55] + [64, 63, 62, 61, 60, 67, 66, 65])


@pytest.fixture(scope="module")
def heads(face_model):
    coeffs = np.random.default_rng(5).standard_normal((16, face_model.identity_basis.shape[0]))
    return M.landmarks_for(face_model, coeffs)


def test_mirror_table_is_a_permutation():
    assert sorted(MIRROR) == list(range(68)) and np.all(MIRROR[MIRROR] == np.arange(68))


def test_scale_and_translation_leave_measures_unchanged_but_face_size(heads, face_model):
    moved = 1.7 * heads + np.array([3.0, -20.0, 5.5])
    ratios = [k for k, name in enumerate(M.MEASURES) if name != "face_size"]
    np.testing.assert_allclose(M.measure(moved)[:, ratios], M.measure(heads)[:, ratios], rtol=1e-9, atol=1e-9)
    size = M.IDX["face_size"]
    np.testing.assert_allclose(M.measure(moved)[:, size], 1.7 * M.measure(heads)[:, size], rtol=1e-9)
    pop = M.population(face_model)
    drop = lambda rows: [{a: v for a, v in r.items() if a != "gender"} for r in rows]  # noqa: E731
    assert drop(M.label(M.measure(moved), pop)) == drop(M.label(M.measure(heads), pop))


def test_a_larger_face_is_more_masculine(heads, face_model):
    """Size is the largest difference between men's and women's faces; the ratios alone could not see it, and
    "a woman" and "a man" came out nearly the same head (backend/shape/dimorphism.py)."""
    pop = M.population(face_model)
    score = lambda lm: M.scores(pop.z(M.measure(lm)))["gender"]  # noqa: E731
    grown = heads * 1.06  # men's faces are 5-8 % larger on average
    assert np.all(score(grown) > score(heads) + 0.15)
    assert dict(M.GENDER_TERMS)["face_size"] > 0 and dict(M.GENDER_TERMS)["eye_size"] < 0


def test_mirrored_head_measures_the_same(heads):
    mirrored = heads[:, MIRROR] * np.array([-1.0, 1.0, 1.0])
    np.testing.assert_allclose(M.measure(mirrored), M.measure(heads), rtol=1e-9, atol=1e-9)


def test_symmetric_neutral_has_equal_eye_tilts(face_model):
    lm = face_model.neutral[face_model.landmarks].astype(np.float64)
    right = np.arctan2(lm[36, 1] - lm[39, 1], lm[39, 0] - lm[36, 0])
    left = np.arctan2(lm[45, 1] - lm[42, 1], lm[45, 0] - lm[42, 0])
    assert right == pytest.approx(left, abs=1e-3)  # symmetric to float32 precision
    assert M.measure(lm)[M.IDX["eye_tilt"]] == pytest.approx(np.degrees(right + left) / 2, abs=1e-6)


def test_measures_move_the_right_way(face_model):
    lm = face_model.neutral[face_model.landmarks].astype(np.float64)
    wider = lm.copy()
    wider[[31, 35], 0] *= 1.2  # push the nostril wings out
    assert M.measure(wider)[M.IDX["nose_width"]] > M.measure(lm)[M.IDX["nose_width"]]
    opened = lm.copy()
    opened[[37, 38, 43, 44], 1] += 0.1  # raise the upper lids
    assert M.measure(opened)[M.IDX["eye_size"]] > M.measure(lm)[M.IDX["eye_size"]]
    humped = lm.copy()
    humped[[28, 29], 2] += 0.2  # the bridge forward: a hump
    assert M.measure(humped)[M.IDX["nose_dorsum"]] > M.measure(lm)[M.IDX["nose_dorsum"]] + 0.02
    drooped = lm.copy()
    drooped[30, 1] -= 0.3  # the tip down
    assert M.measure(drooped)[M.IDX["tip_droop"]] > M.measure(lm)[M.IDX["tip_droop"]]


def test_nose_tip_reads_the_bridge_and_the_tip_together(face_model):
    """hooked = a humped bridge and a tip pointing down: its score is the mean of both z-scores, so neither
    alone reaches the top third (the tip alone once did: hooked heads had straight bridges)."""
    pop = M.population(face_model)
    z = np.zeros(len(M.MEASURES))
    z[M.IDX["nose_dorsum"]], z[M.IDX["tip_droop"]] = 1.0, 0.5
    assert M.scores(z)["nose_tip"] == pytest.approx(0.75)
    low, high = pop.cuts["nose_tip"]
    only_tip = np.zeros(len(M.MEASURES))
    only_tip[M.IDX["tip_droop"]] = 2 * high - 0.01  # a drooping tip under a straight bridge
    assert M.scores(only_tip)["nose_tip"] < high


def test_vertices_and_landmarks_agree_and_torch_matches(face_model, heads):
    import torch

    full = face_model.neutral.astype(np.float64)[None]
    np.testing.assert_allclose(M.measure(full, face_model.landmarks),
                               M.measure(full[:, face_model.landmarks]))
    t = torch.tensor(heads, requires_grad=True)
    mt = M.measure(t)
    np.testing.assert_allclose(mt.detach().numpy(), M.measure(heads), rtol=1e-9, atol=1e-9)
    mt.sum().backward()
    assert torch.isfinite(t.grad).all() and t.grad.abs().sum() > 0


def test_population_labels_cover_every_value(face_model):
    pop = M.population(face_model)
    for attr in M.LABELLED:
        shares = pop.shares[attr]
        assert set(shares) == set(BY_NAME[attr].values)
        assert min(shares.values()) > 0.1, (attr, shares)
    again = M.compute_population(face_model)
    np.testing.assert_array_equal(again.mean, pop.mean)  # deterministic from its seed


def test_measure_labels_of_one_head(face_model):
    labels = M.measure_labels(face_model.neutral, face_model)
    assert set(labels) == set(M.LABELLED)
    for attr, value in labels.items():
        assert value in BY_NAME[attr].values


@pytest.mark.parametrize("shape", [(68,), (10, 2), (3, 5, 3)])
def test_bad_points_raise_a_clear_error(shape):
    from backend.errors import TextFaceError

    with pytest.raises(TextFaceError):
        M.measure(np.zeros(shape))


def test_stated_features_leave_the_age_measure(face_model):
    rest = M.age_terms({"nose_length": "long", "gender": "male"})
    assert rest == (("lip_thickness", -1.0), ("eye_size", -1.0))
    assert M.age_terms({"nose_length": "long", "lip_thickness": "thin", "eye_size": "small"}) == ()
    heads = M.measure(M.landmarks_for(face_model, np.random.default_rng(2).standard_normal((50, 100))))
    pop = M.population(face_model)
    everything = {"nose_length": "long", "lip_thickness": "thin", "eye_size": "small"}
    assert "age" not in M.label_indices(heads, pop, everything)  # nothing left to measure age with
    np.testing.assert_array_equal(M.label_indices(heads, pop)["age"], M.label_indices(heads, pop, {})["age"])
    # one feature left: age's thirds are that feature's own (shape.code.conditions relies on it)
    only_nose = M.label_indices(heads, pop, {"lip_thickness": "thin", "eye_size": "small"})
    np.testing.assert_array_equal(only_nose["age"], M.label_indices(heads, pop)["nose_length"])
