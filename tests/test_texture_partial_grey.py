"""Partly grey hair (params version 19: parser hair_grey -> partial_grey.py, beard_age.PARTIAL_AGES, scalp_hair's
temple_grey).  Before, salt-and-pepper, greying and grey at the temples drew as white hair does: hair_grey 0.5-0.92
evenly over the scalp at a mean implied age of ~69 (`python -m backend.texture.beard_grey_measures --only scalp`,
`python -m backend.texture.grey_hair_measures --before`)."""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from backend.parser import parse
from backend.parser.age import age_class
from backend.shape.request import shape_request
from backend.texture import scalp_hair
from backend.texture.beard_age import shape_parsed
from backend.texture.params import TextureParams, added_after, params_from_code
from backend.texture.partial_grey import looks_of

SEEDS = range(60)


def _params(prompt: str, seed: int) -> TextureParams:
    """As generate draws them (pipeline: the parser's hair_grey as looks)."""
    r = parse(prompt)
    return params_from_code(r.concrete, seed, r.denied, r.facial_hair, age_years=r.age_years,
                            looks=looks_of(r.hair_grey))


def test_salt_and_pepper_is_a_mix_not_a_grey_head():
    greys = np.array([_params("a man with salt-and-pepper hair", s).hair_grey for s in SEEDS])
    assert greys.min() >= 0.25 and greys.max() <= 0.5, (greys.min(), greys.max())
    white = np.array([_params("a man with white hair", s).hair_grey for s in SEEDS])
    assert white.min() >= 0.5  # full grey stays as it was


def test_grey_at_the_temples_keeps_the_rest_pigmented():
    for s in range(10):
        p = _params("a man grey at the temples", s)
        assert p.hair_grey <= 0.08 and p.temple_grey >= 0.6, (s, p.hair_grey, p.temple_grey)
        assert p.beard_grey < 0.5  # the unstated beard follows the mostly pigmented scalp


@pytest.mark.parametrize("prompt, lo, hi", [("a man with salt-and-pepper hair", 45, 58),
                                            ("a man grey at the temples", 38, 50),
                                            ("a woman with greying hair", 40, 54),
                                            ("a man with a salt-and-pepper beard", 40, 52)])
def test_partial_grey_implies_a_younger_person_than_white_hair(prompt, lo, hi):
    years = np.array([100.0 * _params(prompt, s).age for s in SEEDS])
    white = np.array([100.0 * _params("a man with white hair", s).age for s in SEEDS])
    assert lo <= years.mean() <= hi, years.mean()
    assert years.mean() <= white.mean() - 10, (years.mean(), white.mean())


def test_a_stated_age_still_wins():
    for s in range(10):
        assert _params("a 30 year old man with salt-and-pepper hair", s).age == pytest.approx(0.30)
        assert _params("an old man grey at the temples", s).age > 0.7


@pytest.mark.parametrize("prompt", ["a man with salt-and-pepper hair", "a man grey at the temples"])
def test_the_shape_draws_the_texture_s_years(prompt):
    r = parse(prompt)
    for s in range(20):
        shape_in, record = shape_parsed(r, s)
        concrete = shape_request(shape_in, s, None)[0]
        years = round(100.0 * _params(prompt, s).age)
        assert concrete["age"] == age_class(years) == record["implied_age"]["age"], (s, concrete, years)
        assert record["implied_age"]["years"] == years


@pytest.mark.parametrize("prompt", ["a man with grey hair", "a man with white hair", "a man with a grey beard",
                                    "a man with black hair", "a woman"])
def test_no_partial_grey_draws_as_before(prompt):
    r = parse(prompt)
    assert r.hair_grey == {} and shape_parsed(r, 0) == (r, {})
    for s in range(5):
        p = _params(prompt, s)
        assert p.temple_grey == 0.0
        # the same as version 18 drew: its dict loads with temple_grey 0 and every other value the same
        # (version 19's other fields, such as an everyday make-up's nude_depth, are other draws: not compared)
        kept = lambda q: {k: v for k, v in q.to_dict().items() if k not in added_after(18) and k != "version"}  # noqa: E731
        old = {k: v for k, v in p.to_dict().items() if k not in added_after(18)} | {"version": 18}
        assert kept(TextureParams.from_dict(old)) == kept(p)


def test_older_versions_load_without_temple_grey():
    d = TextureParams().to_dict()
    d = {k: v for k, v in d.items() if k not in added_after(18)} | {"version": 18}
    assert TextureParams.from_dict(d).temple_grey == 0.0


@pytest.fixture(scope="module")
def model():
    from backend.face_model import load_face_model

    return load_face_model()


def test_temple_grey_zero_never_enters_the_temple_path(model, monkeypatch):
    """temple_grey 0 (every head without "grey at the temples"): the scalp is painted as before, bit for bit."""
    from backend.texture.parametric import albedo

    p = _params("a man with salt-and-pepper hair", 1)
    before = albedo(p, 256, 1, model).detach()

    def refuse(*_):
        raise AssertionError("temple path entered at temple_grey 0")

    monkeypatch.setattr(scalp_hair, "_temple_grey", refuse)
    assert bool((albedo(p, 256, 1, model).detach() == before).all())


def test_grey_at_the_temples_is_painted_there_not_on_the_crown(model):
    from backend.texture.grey_hair_measures import grey_share
    from backend.texture.parametric import albedo

    p = _params("a man grey at the temples", 0)
    img = albedo(p, 256, 0, model).detach()
    temple, crown = grey_share(img, model, "temple")[0], grey_share(img, model, "crown")[0]
    assert temple >= 0.7 and crown <= 0.15, (temple, crown)
    even = albedo(replace(p, temple_grey=0.0), 256, 0, model).detach()  # the same head without it: no grey there
    assert grey_share(even, model, "temple")[0] <= 0.1
    mix = albedo(_params("a man with salt-and-pepper hair", 0), 256, 0, model).detach()
    # a mix: at 256 px its fine strands average between dark hair (L* ~17-35) and a grey head's (~69)
    assert 40.0 <= grey_share(mix, model, "crown")[1] <= 60.0, grey_share(mix, model, "crown")
