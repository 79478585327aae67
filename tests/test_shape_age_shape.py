"""Old age past 70 in the shape (backend/shape/age_cues.py, age_shape.py): stated years keep moving the face along
the measured ageing cues (jowls, thin lips, hollow temples, nasolabial folds, a drooping tip)."""
import numpy as np
import pytest

from backend.parser import parse

pytestmark = pytest.mark.usefixtures("face_model")


def test_cues_are_directions_of_the_identity_space(face_model):
    from backend.shape.age_cues import CUES, age_cues, population_stats

    st = population_stats(face_model)
    assert set(st) == set(CUES) and all(st[c]["r2"] > 0.98 and st[c]["sd"] > 0 for c in CUES)
    mean = age_cues(face_model, np.zeros(100))
    assert 7.0 < mean["upper_lip_mm"] < 10.0 and 8.0 < mean["lower_lip_mm"] < 11.5  # ICT's mean head's red lips
    assert 35.0 < mean["tip_deg"] < 60.0


def test_age_step_grows_past_70_and_refuses_non_ages():
    from backend.shape.age_shape import PER_YEAR, AgeShapeError, age_step

    assert age_step(None) == age_step(40) == age_step(70) == 0.0
    assert age_step(85) == pytest.approx(15 * PER_YEAR) and age_step(95) == pytest.approx(25 * PER_YEAR)
    assert age_step(125) == age_step(100)  # capped
    for bad in (-1, 131, 80.5, True, "90"):
        with pytest.raises(AgeShapeError, match="age_years must be"):
            age_step(bad)


def test_offset_ages_each_cue_and_holds_the_other_measures(face_model):
    from backend import measure as M
    from backend.shape.age_cues import age_cues, population_stats
    from backend.shape.age_shape import OLDER, age_offset, age_step

    assert age_offset(face_model, 70, {}) is None and age_offset(face_model, None, {}) is None
    x = np.random.default_rng(3).standard_normal((12, 100)).astype(np.float32)
    st, pop = population_stats(face_model), M.population(face_model)
    d = age_offset(face_model, 95, {})
    before, after = age_cues(face_model, x), age_cues(face_model, x + d)
    for c, sign in OLDER.items():
        got = sign * (after[c] - before[c]) / st[c]["sd"]
        assert np.all(np.abs(got - age_step(95)) < 0.5), (c, got)  # near linear: the asked SDs on every head
    z0, z1 = (pop.z(M.measure(M.landmarks_for(face_model, v))) for v in (x, x + d))
    moved = np.abs(z1 - z0).max(0)
    for m, dz in zip(M.MEASURES, moved):
        if m not in ("lip_thickness", "nose_length", "tip_droop"):
            assert dz < 0.35, (m, dz)  # the stated labels and the gender terms stay
    # a stated lip thickness wins: the lips keep their measure, the other cues still age
    full = age_offset(face_model, 95, {"lip_thickness": "thick"})
    z2 = pop.z(M.measure(M.landmarks_for(face_model, x + full)))
    assert np.abs(z2 - z0)[:, M.IDX["lip_thickness"]].max() < 0.35  # held to first order (1.4 z unstated)
    assert np.all(age_cues(face_model, x + full)["jowl_mm"] - before["jowl_mm"] > 1.0)


def _drawn(face_model, prompt, seeds):
    from backend.shape import load_shape_model
    from backend.shape.request import shape_request

    parsed = parse(prompt)
    shape, xs = load_shape_model(), []
    for seed in seeds:
        drawn, offset, _ = shape_request(parsed, seed, face_model)
        xs.append(shape.sample_identity(drawn, seed=seed, verify=face_model, offset=offset)[0])
    return parsed, np.stack(xs)


def test_a_95_year_old_looks_older_than_a_70_year_old_and_reads_as_stated(face_model):
    from backend.measure import unmet
    from backend.shape.age_cues import age_cues
    from backend.shape.age_shape import OLDER

    seeds = range(6)
    for subject in ("woman", "man"):
        _, seventy = _drawn(face_model, f"a 70 year old {subject}", seeds)
        parsed, ninety_five = _drawn(face_model, f"a 95 year old {subject}", seeds)
        a, b = age_cues(face_model, seventy), age_cues(face_model, ninety_five)
        for c, sign in OLDER.items():
            # medians: a head whose draw misses a check is redrawn from other noise, so heads are not paired
            assert sign * (np.median(b[c]) - np.median(a[c])) > 0, (subject, c, a[c], b[c])
        assert b["jowl_mm"].mean() - a["jowl_mm"].mean() > 1.0
        assert (a["upper_lip_mm"] - b["upper_lip_mm"]).mean() > 1.5
        assert not any(unmet(face_model, x, parsed.concrete) for x in ninety_five)


def test_no_stated_years_past_70_no_offset(face_model):
    from backend.shape.request import shape_request

    for prompt in ("an old woman", "a 70-year-old Chinese woman", "a man"):
        assert shape_request(parse(prompt), 0, face_model)[1] is None
