"""The nose profile on generated vertices (backend/shape/profile.py): "hooked" is a humped bridge with a
tip pointing down, "upturned" a scooped bridge with a raised tip, "straight" in between; degree words
order them.  (Before the profile measure and aims, hooked and straight heads had the same bridge.)"""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.shape import ShapeModel
from backend.shape.profile import NASION, SUBNASALE, TIP, UPPER_LIP, midline, nose_profile

SEEDS = range(6)
VALUES = ("upturned", "straight", "hooked")


def test_midline_runs_down_the_nose(face_model):
    ids, at = midline(face_model)
    assert np.all(np.diff(face_model.neutral[ids, 1]) < 0)  # top to bottom
    assert at[NASION] < at[TIP] < at[SUBNASALE] < at[UPPER_LIP]
    assert np.allclose(face_model.neutral[ids, 0], 0.0, atol=1e-4)


def test_profile_figures_move_the_right_way(face_model):
    ids, at = midline(face_model)
    v = face_model.neutral.astype(np.float64)
    flat = nose_profile(face_model, v)
    humped = v.copy()
    humped[ids[at[NASION] + 1:at[TIP]], 2] += 0.2  # the bridge 2 mm forward
    assert nose_profile(face_model, humped)["convexity_mm"][0] - flat["convexity_mm"][0] > 1.0
    raised = v.copy()
    raised[ids[at[TIP]], 1] += 0.2  # the tip up
    assert nose_profile(face_model, raised)["tip_deg"][0] > flat["tip_deg"][0] + 2.0
    assert nose_profile(face_model, np.stack([v, humped]))["convexity_mm"].shape == (2,)


@pytest.fixture(scope="module")
def profiles(face_model):
    """(gender, nose_tip value) -> figures of SEEDS checked draws (as the pipeline draws them)."""
    shape = ShapeModel.load()
    out = {}
    for gender in ("male", "female"):
        for value in VALUES:
            x = np.concatenate([shape.sample_identity({"gender": gender, "nose_tip": value}, seed=s, verify=face_model)
                                for s in SEEDS])
            out[gender, value] = nose_profile(face_model, blend(face_model, x))
    return out


@pytest.mark.parametrize("gender", ["male", "female"])
def test_hooked_is_humped_and_upturned_scooped(profiles, gender):
    hooked, straight, upturned = (profiles[gender, v] for v in ("hooked", "straight", "upturned"))
    # a clear margin, seed for seed and in the median (1 mm: a bridge that reads as bent in profile)
    assert np.median(hooked["convexity_mm"]) > np.median(straight["convexity_mm"]) + 1.0
    assert np.all(hooked["convexity_mm"] > straight["convexity_mm"])
    assert np.all(upturned["convexity_mm"] < 0.0)  # concave
    assert np.all(np.abs(straight["convexity_mm"]) < 1.0)


@pytest.mark.parametrize("gender", ["male", "female"])
def test_the_tip_points_down_when_hooked_and_up_when_upturned(profiles, gender):
    tip = {v: profiles[gender, v]["tip_deg"] for v in VALUES}
    assert np.all(tip["hooked"] < tip["straight"]) and np.all(tip["straight"] < tip["upturned"])
    assert np.all(profiles[gender, "upturned"]["nasolabial_deg"] > 100.0)


@pytest.mark.parametrize("value", ["hooked", "upturned"])
def test_degree_words_order_the_profile(face_model, value):
    """"slightly hooked" < "hooked" < "very hooked" in convexity, seed for seed (upturned: the other way);
    every head still measures as stated (the pipeline's checked draw)."""
    from backend.measure import labels_match
    from backend.pipeline import GenerateOptions, generate_head

    convexity = {}
    for degree in ("slightly ", "", "very "):
        heads = [generate_head(f"a man with a {degree}{value} nose",
                               GenerateOptions(seed=s, refine=False, texture_size=256)) for s in (1, 2, 3)]
        for h in heads:
            assert h.parsed["concrete"]["nose_tip"] == value
            assert labels_match(face_model, h.identity[None], h.parsed["concrete"])[0]
        convexity[degree] = nose_profile(face_model, blend(face_model, np.stack([h.identity for h in heads])))[
            "convexity_mm"]
    sign = 1.0 if value == "hooked" else -1.0
    assert np.all(sign * convexity["very "] > sign * convexity[""]), convexity
    assert np.all(sign * convexity[""] > sign * convexity["slightly "]), convexity
