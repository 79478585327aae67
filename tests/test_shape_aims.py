"""Aims (backend/shape/aims.py): what a stated value asks beyond its label band."""
from __future__ import annotations

import numpy as np

from backend import measure as M
from backend.shape.aims import AIMS, OPEN, SCORE_AIMS, aim_tables, aimed, score_aim_tables
from backend.shape.code import CODE_OPTIONS, IDENTITY_ATTRIBUTES


def test_a_head_just_meeting_an_end_value_aim_measures_as_that_value(face_model):
    """One-sided aims (the ends of an ordinal attribute) lie inside their value's label band, so reaching
    them never costs the label (straight's two-sided aim asks for a straight bridge, its band for the rest)."""
    pop = M.population(face_model)
    for (attr, value), ranges in AIMS.items():
        if any(lo is not None and hi is not None for lo, hi in ranges.values()):
            continue
        z = np.zeros(len(M.MEASURES))
        for m, (lo, hi) in ranges.items():
            z[M.IDX[m]] = lo if lo is not None else hi
        cuts = (-np.inf, *pop.cuts[attr], np.inf)
        j = M.BY_NAME[attr].values.index(value)
        assert cuts[j] < M.scores(z)[attr] < cuts[j + 1], (attr, value)


def test_aim_tables_hold_each_range_at_its_measure():
    lo, hi = aim_tables(IDENTITY_ATTRIBUTES, CODE_OPTIONS)
    assert lo.shape == hi.shape == (len(IDENTITY_ATTRIBUTES), CODE_OPTIONS, len(M.MEASURES))
    a, k = IDENTITY_ATTRIBUTES.index("nose_tip"), M.IDX["nose_dorsum"]
    assert lo[a, 2, k] == 2.0 and hi[a, 2, k] == OPEN  # hooked: a humped bridge
    assert hi[a, 0, k] == -2.0 and lo[a, 0, k] == -OPEN  # upturned: a scooped one
    assert (lo[IDENTITY_ATTRIBUTES.index("nose_width")] == -OPEN).all()  # no aims: the band alone


def test_score_aims_lie_beyond_the_label_cut_and_count_as_aims(face_model):
    """A stated gender asks for the outer quarter of the masculinity score (its label is a half): the
    hinge's band (backend/shape/losses.py, gender negated there) is narrower than the label's."""
    from backend.shape.losses import AttributeHinge

    pop = M.population(face_model)
    lo, hi = score_aim_tables(pop, IDENTITY_ATTRIBUTES, CODE_OPTIONS)
    g = IDENTITY_ATTRIBUTES.index("gender")
    median = pop.cuts["gender"][0]
    assert SCORE_AIMS[("gender", "male")] == (75.0, None) and SCORE_AIMS[("gender", "female")] == (None, 25.0)
    assert hi[g, 0] == -pop.percentile("gender", 75) < -median and lo[g, 0] == -OPEN  # male: negated
    assert lo[g, 1] == -pop.percentile("gender", 25) > -median and hi[g, 1] == OPEN
    hinge = AttributeHinge(pop)
    assert float(hinge.hi[g, 0]) == np.float32(hi[g, 0]) and float(hinge.lo[g, 1]) == np.float32(lo[g, 1])
    idx = np.full((3, len(IDENTITY_ATTRIBUTES)), -1)
    idx[0, g], idx[1, g] = 0, 1
    assert aimed(idx, IDENTITY_ATTRIBUTES).tolist() == [True, True, False]
