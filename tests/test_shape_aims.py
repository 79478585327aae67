"""Aims (backend/shape/aims.py): what a stated value asks beyond its label band."""
from __future__ import annotations

import numpy as np

from backend import measure as M
from backend.shape.aims import AIMS, OPEN, aim_tables
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
