"""A stated gender reads as it on every seed and beside other attributes (backend/shape/gender_read.py): not
only the masculinity score's mean but the jaw, chin, brow and the neck (mesh widths the landmarks do not
see); and the neck sits centred under the face.  The draws before: 48 of 50 "a woman" heads had a man's
neck or jaw terms behind a feminine score, the tester's five seed-5 prompts among them; shoulder cuts up to
1.2 cm off the face's midline."""
from __future__ import annotations

import numpy as np
import pytest

from backend import measure as M
from backend.face_model import blend
from backend.shape import ShapeModel
from backend.shape import gender_read as G
from backend.shape.dimorphism import draw

# what the parser makes of the tester's prompts ("a woman with a heart-shaped face", "an elderly woman of 85",
# "a woman with a double chin", "a woman with very big eyes and a tiny nose", "a Swedish woman, 35")
TESTER = [
    {"gender": "female", "face_shape": "heart"},
    {"gender": "female", "age": "old"},
    {"gender": "female", "face_width": "wide"},
    {"gender": "female", "eye_size": "big", "nose_length": "short", "nose_width": "narrow"},
    {"gender": "female", "age": "middle-aged"},
    {"gender": "male", "age": "young", "face_shape": "heart"},
    {"gender": "male", "lip_thickness": "full", "eye_size": "big"},
]


@pytest.fixture(scope="module")
def shape():
    return ShapeModel.load()


def _z(face_model, heads):
    return M.population(face_model).z(M.measure(M.landmarks_for(face_model, heads)))


@pytest.mark.parametrize("gender", ["female", "male"])
def test_every_plain_head_reads_as_its_gender(shape, face_model, gender):
    """Before: 96 % of "a woman" and 98 % of "a man" over 50 seeds missed a limit (their necks the population's)."""
    code = {"gender": gender}
    heads = draw(shape, face_model, code, range(24))
    assert G.reads_as_stated(face_model, heads, code).all()
    assert M.labels_match(face_model, heads, code).all()
    sign = 1.0 if gender == "female" else -1.0
    z, build = _z(face_model, heads), G.build_z(face_model, heads)
    for m in ("jaw_ratio", "chin_ratio", "brow_ridge"):
        assert (sign * z[:, M.IDX[m]] <= G.TERM_LIMITS[m] + 0.05).all(), m
    assert (sign * build["neck_width"] <= -1.4).all() and (sign * build["jaw_angle_width"] <= -1.15).all()
    pct = np.interp(M.scores(z)["gender"], M.population(face_model).percentiles["gender"], np.arange(101))
    assert (pct <= 25.0).all() if gender == "female" else (pct >= 75.0).all()


@pytest.mark.parametrize("code", TESTER, ids=lambda c: ",".join(f"{k}={v}" for k, v in c.items()))
def test_heads_with_other_attributes_read_as_their_gender(shape, face_model, code):
    heads = draw(shape, face_model, code, range(8))
    assert G.reads_as_stated(face_model, heads, code).all()
    met = M.labels_met(face_model, heads, code)
    assert all(m.mean() >= 7 / 8 for m in met.values()), {a: float(m.mean()) for a, m in met.items()}


def test_a_stated_face_shape_keeps_its_jaw_and_chin():
    """A square face states its jaw and chin ratios: the gender's limits leave those to it."""
    terms, build, sign = G.limits({"gender": "female", "face_shape": "square"})
    assert set(terms) == {"brow_ridge"} and sign == 1.0 and build
    assert G.limits({"age": "old"}) == ({}, {}, 0.0)


def test_the_neck_base_is_centred_under_the_face(shape, face_model):
    """Measured on the blended mesh: the shoulder cut's left and right edges against the face's midline
    (ICT mode 9 leans the neck 0.7 cm per unit; before, cuts up to 1.2 cm off over 50 seeds)."""
    heads = np.concatenate([draw(shape, face_model, {"gender": g}, range(16)) for g in ("female", "male")])
    v = blend(face_model, heads)
    skin = np.union1d(face_model.regions["face"], face_model.regions["head_and_neck"])
    ring = skin[face_model.neutral[skin, 1] < face_model.neutral[skin, 1].min() + 1.0]
    mid = v[:, np.asarray(face_model.landmarks)[[27, 28, 29, 30, 33, 51, 57, 8]], 0].mean(1)
    cut = 0.5 * (v[:, ring, 0].max(1) + v[:, ring, 0].min(1))
    assert np.abs(cut - mid).max() < 0.45, np.abs(cut - mid).max()
    # the face itself is not flattened: seeds still differ as much as before (~7 mm, test_shape_gender)
    face = face_model.regions["face"]
    assert np.linalg.norm(v[1:16, face] - v[:15, face], axis=-1).mean() * 10 > 5.0


def test_fit_moves_only_what_it_must(shape, face_model):
    code = {"gender": "female"}
    raw = shape._coefficients(shape_idx(code), shape.noise(5, 1), code, None)  # the draw before the fit
    fitted = G.fit(face_model, raw, code)
    assert not G.reads_as_stated(face_model, raw, code)[0] and G.reads_as_stated(face_model, fitted, code)[0]
    # every measure without a limit stays as it was (first order: within 0.05 z)
    held = [i for i, m in enumerate(M.MEASURES) if m not in G.TERM_LIMITS]
    assert np.abs(_z(face_model, fitted)[:, held] - _z(face_model, raw)[:, held]).max() < 0.05
    assert np.abs(G.fit(face_model, fitted, code) - fitted).max() < 1e-3  # a head within is left as it is
    # a head that misses (here the unfitted draw) gets the pipeline's warning: unmet says what reads male
    missed = M.unmet(face_model, raw[0], code)
    assert "gender" in missed and "neck_width" in missed["gender"], missed


def shape_idx(code):
    from backend.shape.code import conditions, values_to_indices

    return values_to_indices(conditions(code))[None]


def test_fit_keeps_the_lips_shape(shape, face_model):
    """The expressions' closed lips are tuned on the identities' rest lips: the fit keeps their shape (vertices
    within 1 cm of the mouth landmarks, centroid removed) within 0.8 mm RMS on 16 plain heads (without the
    lips in its metric: up to 1.85 mm, and eval shape's closed laugh 0.73 mm from rest against its 0.66)."""
    lips = face_model.neutral[np.asarray(face_model.landmarks)[48:68]]
    face = np.asarray(face_model.regions["face"])
    near = face[np.min(np.linalg.norm(face_model.neutral[face, None] - lips[None], axis=-1), 1) < 1.0]
    worst = 0.0
    for gender in ("female", "male"):
        code = {"gender": gender}
        raw = np.concatenate([shape._coefficients(shape_idx(code), shape.noise(s, 1), code, None) for s in range(8)])
        va, vb = blend(face_model, raw)[:, near], blend(face_model, G.fit(face_model, raw, code))[:, near]
        d = (va - va.mean(1, keepdims=True)) - (vb - vb.mean(1, keepdims=True))
        worst = max(worst, float(np.sqrt((d ** 2).sum(-1).mean(1)).max() * 10))
    assert worst < 0.8, worst
