"""Grey temples beside a stated pigment are drawn (parser greying._temples keeps the brown; texture
partial_grey.with_partial_grey takes the temples' share with any stated hair colour)."""
from __future__ import annotations

from backend.parser import parse
from backend.texture.params import params_from_code
from backend.texture.partial_grey import looks_of


def _params(prompt: str, seed: int):
    r = parse(prompt)
    return params_from_code(r.concrete, seed, r.denied, r.facial_hair, age_years=r.age_years,
                            looks=looks_of(r.hair_grey))


def test_brown_hair_with_grey_temples_is_brown_with_grey_temples():
    for s in range(10):
        p = _params("a man with brown hair and greying temples", s)
        plain = _params("a man with brown hair", s)
        assert p.temple_grey >= 0.6 and p.hair_grey <= 0.08, (s, p.temple_grey, p.hair_grey)
        assert p.hair_eumelanin == plain.hair_eumelanin  # the brown pigment kept
