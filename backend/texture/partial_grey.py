"""Partly grey hair (params version 19): the parser's hair_grey amounts (backend/parser/greying.py) drawn as a share of
grey hairs among the person's pigmented ones, not as a grey or white head.

The code's hair_color / beard_color "gray" is one value for white hair and for a few grey hairs among dark ones; up to
params version 18 every one drew hair_grey 0.5-0.92 (0.7 + 0.4 (age - 0.45)) at the ages of white hair (beard_age.py).
The amounts reach params_from_code as looks ("grey_scalp", "grey_beard": `looks_of`, the pipeline adds them to
look_words.stated_looks), and each sets the share of grey hairs, drawn in its range from its own stream (SALT), so every
other field stays as it was:
- salt_pepper: 0.25-0.5 grey (Panhard et al. 2012: 45-65-year-olds' scalps are on average 27 % grey, a third at
  56-60; above half a scalp reads grey, not a mix: params.SCALP_GREY_GIVEN_BEARD's note);
- some ("greying", "a touch of grey"): 0.08-0.25; mostly: 0.6-0.8;
- temples: the scalp mostly pigmented (0.02-0.08) and temple_grey 0.6-0.9, the share at the temples and sideburns
  (scalp_hair.temple_zone), blending into the pigmented hair above (Tobin & Paus 2001: greying starts at the temples).
The ranges were set by hand from those figures (`python -m backend.texture.grey_hair_measures`).  Brows follow the
scalp as they do for any grey (BROW_GREY_LAG); an unstated beard colour follows it too (BEARD_GREY_LAG, from the
scalp's share: "grey at the temples" leaves a mostly pigmented beard, about a third grey); a partly grey stated beard with the
scalp unstated keeps a scalp greyer than its age alone gives but less than the beard (SCALP_GIVEN_PARTIAL_BEARD).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

import numpy as np

AMOUNTS = ("salt_pepper", "some", "mostly", "temples")
SCALP_SHARE = {"salt_pepper": (0.25, 0.5), "some": (0.08, 0.25), "mostly": (0.6, 0.8), "temples": (0.02, 0.08)}
BEARD_SHARE = {"salt_pepper": (0.25, 0.5), "some": (0.08, 0.25), "mostly": (0.6, 0.8), "temples": (0.25, 0.5)}
TEMPLE_SHARE = (0.6, 0.9)  # temple_grey for "grey at the temples"
SCALP_GIVEN_PARTIAL_BEARD = 2.5  # hair_grey = beard_grey ** this (SCALP_GREY_GIVEN_BEARD's low end; set by hand)
SALT = 0x6E1  # the amounts' own stream
LOOK_KEYS = {"scalp": "grey_scalp", "beard": "grey_beard"}


def looks_of(hair_grey: Mapping | None) -> dict[str, str]:
    """The parser's ParseResult.hair_grey -> the looks params_from_code reads ({"grey_scalp": amount, ...})."""
    return {LOOK_KEYS[k]: v for k, v in (hair_grey or {}).items() if k in LOOK_KEYS and v in AMOUNTS}


def amounts_of(looks: Mapping | None) -> dict[str, str]:
    """looks -> {"scalp"?: amount, "beard"?: amount} (beard_age.posterior's `grey`)."""
    looks = looks or {}
    return {part: looks[key] for part, key in LOOK_KEYS.items() if key in looks}


def with_partial_grey(p, concrete: Mapping[str, str], looks: Mapping | None, seed: int, brow_lag: float,
                      beard_lag: float, denied_grey: bool = False):
    """TextureParams -> the same with the stated amounts' grey shares, each only where the code says that hair is gray
    (no amount: `p` itself, unchanged)."""
    said = amounts_of(looks)
    # grey temples also beside a stated pigment ("brown hair and greying temples": the parser keeps the brown)
    scalp = said.get("scalp") if concrete.get("hair_color") == "gray" or said.get("scalp") == "temples" else None
    beard = said.get("beard") if concrete.get("beard_color") == "gray" else None
    if scalp is None and beard is None:
        return p
    rng = np.random.default_rng([int(seed) & 0xFFFFFFFF, SALT])
    u = rng.random(3)  # one draw of each share, whichever are said: the others stay the same
    out = {}
    if scalp is not None:
        lo, hi = SCALP_SHARE[scalp]
        grey = lo + (hi - lo) * float(u[0])
        out.update(hair_grey=grey, brow_grey=grey ** brow_lag)
        if scalp == "temples":
            out["temple_grey"] = TEMPLE_SHARE[0] + (TEMPLE_SHARE[1] - TEMPLE_SHARE[0]) * float(u[2])
        if concrete.get("beard_color") is None and not denied_grey:  # the beard follows the scalp, as for any grey
            out["beard_grey"] = grey ** beard_lag
    if beard is not None:
        lo, hi = BEARD_SHARE[beard]
        out["beard_grey"] = lo + (hi - lo) * float(u[1])
        if concrete.get("hair_color") is None and not denied_grey:
            grey = min(p.hair_grey, out["beard_grey"] ** SCALP_GIVEN_PARTIAL_BEARD)
            out.update(hair_grey=grey, brow_grey=grey ** brow_lag)
    return replace(p, **out)
