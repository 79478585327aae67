"""The silhouettes of the named shapes as an artist judges them (backend/hair/shape_figures.py): an afro is a volume
all round the head covering the ears with a rounded lower edge, not a cap swollen on top; short curly hair is a
close crop with small curl bumps; a mohawk is a strip rooted on the scalp over the midline that stays over the
head, a faux-hawk a low ridge over the top only."""
from __future__ import annotations

import numpy as np
import pytest

from backend.face_model import blend
from backend.hair.geometry import _Head, build
from backend.hair.shape_figures import afro_figures, crest_figures, extent
from backend.hair.style import HairStyle
from backend.texture.params import params_from_code

AFRO, CURLY, SHORT = HairStyle("short", volume="afro"), HairStyle("short", volume="curly"), HairStyle("short")
MOHAWK, FAUX = HairStyle("short", cut="mohawk"), HairStyle("short", cut="faux_hawk")


@pytest.fixture(scope="module")
def heads(face_model):
    rng = np.random.default_rng(0)
    out = []
    for gender, ident in (("female", np.zeros(100, np.float32)), ("male", rng.normal(0, 1, 100).astype(np.float32))):
        params = params_from_code({"gender": gender, "age": "young"}, seed=4).to_dict()
        params.update(scalp_hair=0.9, scalp_length=1.0, hairline_recession=0.0, crown_thinning=0.0, top_thinning=0.0)
        out.append((blend(face_model, ident[None], None)[0], params))
    return out


def test_an_afro_is_as_thick_over_the_sides_and_back_as_on_top_and_covers_the_ears(face_model, heads):
    for head, params in heads:
        geo = build(face_model, head, params, AFRO, seed=1)
        f = afro_figures(face_model, head, geo.vertices)
        assert f["top"] > 3.5 and f["balance"] > 0.6, f
        assert f["ears_covered"] > 0.8, f
        # the lower edge: round the jaw's height at the sides and back, not hanging to the shoulders
        chin = head[face_model.landmarks[8], 1]
        assert chin - 1.0 < geo.vertices[:, 1].min() < chin + 5.0
        # ... and rounded: the outline at the lower edge curves back in towards the head
        v = geo.vertices
        side = np.abs(v[:, 0])
        low, mid = v[:, 1] < chin + 4.0, (v[:, 1] > chin + 8.0) & (v[:, 1] < chin + 12.0)
        assert side[low].max() < side[mid].max() - 1.0


def test_short_curly_hair_is_a_close_crop_with_small_curl_bumps(face_model, heads):
    # a short coily crop close to the head (acceptance test 2: a Nigerian man's short hair was a swollen helmet):
    # a little thicker than straight hair, not the old 1.6 cm lumpy shell, and bumpy at the curls' scale
    for head, params in heads:
        h = _Head(face_model, head, params)
        a = np.radians(np.arange(-60.0, 61.0, 3.0))
        dirs = np.stack([np.sin(a), np.cos(a), np.zeros_like(a)], 1)  # over the top, ear to ear
        curly, straight = (extent(h.rays, build(face_model, head, params, s, seed=1).vertices, dirs)
                           for s in (CURLY, SHORT))
        assert np.median(straight) + 0.03 < np.median(curly) < np.median(straight) + 0.35
        bumpy = lambda x: np.sqrt(np.mean(np.diff(x, 2) ** 2))  # noqa: E731  (cm, neighbours 3 degrees apart)
        assert bumpy(curly) > 1.8 * bumpy(straight) and bumpy(curly) > 0.045


@pytest.mark.parametrize("style", [MOHAWK, FAUX], ids=lambda s: s.cut)
def test_a_crest_is_rooted_on_the_scalp_and_stays_over_the_head(face_model, heads, style):
    for head, params in heads:
        geo = build(face_model, head, params, style, seed=1)
        f = crest_figures(face_model, head, geo.vertices)
        assert f["root_gap"] < 0.3, f
        assert f["behind"] < (2.5 if style is MOHAWK else 1.5), f
        lo, hi = (4.0, 8.0) if style is MOHAWK else (2.0, 3.2)
        assert lo < f["height"] < hi, f
        width = 2 * np.abs(geo.vertices[:, 0]).max()
        assert (4.0 if style is MOHAWK else 2.5) < width < 6.5


def test_a_crest_is_thicker_at_the_root_than_at_the_tips(face_model, heads):
    head, params = heads[0]
    h = _Head(face_model, head, params)
    v = build(face_model, head, params, MOHAWK, seed=1).vertices.astype(np.float64)
    rel = v - h.centre
    dist, _, _ = h.rays.cast(rel)
    over = np.linalg.norm(rel, axis=1) - dist
    top = v[:, 1] > head[:, 1].max() - 2.0  # over the crown
    root, tips = top & (over < 0.5), top & (over > 4.0)
    base, tip = 2 * np.abs(v[root, 0]).max(), 2 * np.abs(v[tips, 0]).max()
    assert base > 4.0 and tip < base / 2.5, (base, tip)


def test_a_faux_hawk_only_covers_the_top(face_model, heads):
    for head, params in heads:
        mohawk, faux = (build(face_model, head, params, s, seed=1).vertices for s in (MOHAWK, FAUX))
        assert faux[:, 1].min() > mohawk[:, 1].min() + 2.0


def test_shoulder_length_hair_hangs_straight_above_the_shoulders(face_model, heads):
    for head, params in heads:
        v = build(face_model, head, params, HairStyle("shoulder"), seed=1).vertices
        chin = head[face_model.landmarks[8], 1]
        below = v[:, 1] < chin
        assert below.any()  # it reaches past the chin
        assert np.abs(v[below, 0]).max() < np.abs(v[~below, 0]).max() + 0.8  # no A-line flare over the stub


@pytest.mark.parametrize("style,part", [(HairStyle("long", "ponytail"), "tail"), (HairStyle("long", "bun"), "bun")],
                         ids=["ponytail", "bun"])
def test_a_ponytail_and_a_bun_rest_on_the_cap_instead_of_passing_through_it(face_model, heads, style, part):
    from backend.hair.raycast import RayCaster

    for head, params in heads:
        geo = build(face_model, head, params, style, seed=1)
        h = _Head(face_model, head, params)
        lo, hi = geo.parts["cap"]
        f = [geo.face_vertices[geo.face_offsets[i]:geo.face_offsets[i + 1]] for i in range(lo, hi)]
        tris = np.concatenate([x[None, [0, 1, 2]] if len(x) == 3 else x[[[0, 1, 2], [0, 2, 3]]] for x in f])
        cap = RayCaster(geo.vertices, tris, h.centre)
        lo, hi = geo.parts[part]
        ids = np.unique(np.concatenate([geo.face_vertices[geo.face_offsets[i]:geo.face_offsets[i + 1]]
                                        for i in range(lo, hi)]))
        rel = geo.vertices[ids].astype(np.float64) - h.centre
        d, _, _ = cap.cast(rel)
        depth = (d - np.linalg.norm(rel, axis=1))[np.isfinite(d)]  # cm under the cap's outer surface
        assert len(depth) > 5 and depth.max() < 0.25, depth.max()  # it meets the cap: some of it lies over it
        assert depth.max() > 0.0  # ... and sinks into it a little (no gap)
