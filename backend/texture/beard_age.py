"""The age of a head whose prompt states grey or white hair (the parser's hair_color "gray": grey, white, silver,
salt-and-pepper, greying) or a grey or white beard (full beard, stubble, mustache or goatee: beard_color "gray") and no
age: "a wizard with a long white beard", "a woman with grey hair", "a silver-haired man".  Before, the age was drawn as
for any unstated age (the texture's 10-60 years, the shape from every age), so most such heads were young under white
hair.

Grey hair is rare under ~40.  The age is drawn from an adult prior times the chance that the stated hair reads grey at
that age, a logistic in years:
- Panhard et al. 2012, "Greying of the human hair: a worldwide survey, revisiting the '50' rule of thumb", Br J
  Dermatol 167:865-873 (4192 people, both sexes): between 45 and 65, 74 % had some grey scalp hair, 27 % of it on
  average (about a third at 56-60, 40 % at 61-65); at 50, only 6-23 % had at least half their scalp hair grey.
  SCALP_GREY_AT = 62 with SPREAD 6 gives 12 % at 50 and half by the early sixties.  A stated grey scalp, man or woman,
  multiplies the prior by this logistic.
- Beard hair greys ahead of the scalp (params.BEARD_GREY_LAG: the survey's mean 27 % grey scalp goes with a beard
  about 59 % grey), so a beard reads grey (half its hairs white) about a decade earlier: BEARD_GREY_AT = 50.  The
  survey gives no beard figure: this decade, the SPREAD and the adult prior (ADULT_YEARS, flat to SURVIVAL_FROM then
  falling) were set by hand.
Each stated colour multiplies in its chance: grey, the logistic; pigmented, one minus it ("black hair and a white
beard": a younger man than the beard alone; "grey hair and a black beard": younger than the grey scalp alone).  Heads
with neither a grey scalp nor a grey beard stated draw nothing here.

Partly grey (the parser's hair_grey amounts, backend/parser/greying.py; `grey` below): the chance is a band, the
greying under way but the hair not yet mostly grey, logistic((y - onset) / SPREAD) * (1 - logistic((y - upper) /
SPREAD)), per amount in PARTIAL_AGES:
- Tobin & Paus 2001, "Graying: gerontobiology of the hair follicle pigmentary unit", Exp Gerontol 36:29-54: greying
  starts in white people in the mid-30s (later in Asian and African people), first at the temples, then the crown and
  the rest of the scalp, the occiput last.  "grey at the temples" is that first stage: onset 35, past 55 (the age
  by which most scalps grey further; set by hand) the temples alone are rarer.
- Panhard et al. 2012 (above): between 45 and 65 the scalp is on average 27 % grey, a third at 56-60: a mix of dark and
  grey hairs, salt and pepper, is the 45-65 scalp: onset 44, upper SCALP_GREY_AT (62: half the scalps half grey).
- "greying" / "a touch of grey" (some): between the two, onset 38, upper 58 (set by hand).
- "mostly grey" (mostly): as grey hair (the scalp logistic; most scalps reach it in their sixties).
A partly grey beard greys ahead of the scalp as a grey one does: its band is BEARD_AHEAD years earlier at both ends
(half the 12 years between BEARD_GREY_AT and SCALP_GREY_AT at the onset, where the two start alike; set by hand).
Before (params version <= 18's parser had no amounts), salt-and-pepper, greying and grey at the temples drew the ages
of white hair (mean ~70).  The shape draws the same years (`shape_parsed`, called by the pipeline).

Figures (`python -m backend.texture.beard_age`, the classes young < 35 <= middle-aged < 60 <= old): a grey beard
alone ~1 % young, 34 % middle-aged, 65 % old (mean 64 years); with black hair stated 3 / 63 / 34 %; grey hair alone
0 / 16 / 84 % (mean 70); salt-and-pepper hair 6 / 68 / 26 % (mean 52), grey at the temples 18 / 72 / 10 % (mean 45),
greying hair 12 / 73 / 15 % (mean 48), a salt-and-pepper beard 13 / 74 / 13 % (mean 47), a greying beard 24 / 69 / 7 %
(mean 43); each was grey hair's (or a grey beard's) before.

The draw has its own stream (SALT): every other seeded draw of the head stays as it was, and heads without a stated
grey scalp or beard, or with a stated age, draw nothing here.  The shape (shape/request.py) and the texture
(params.py) each call `implied_years` with the same arguments, so both draw the same person."""
from __future__ import annotations

from typing import Mapping

import numpy as np

BEARD_GREY_AT = 50.0  # years: half of men's beards read grey (see above; set by hand from the scalp figures)
SCALP_GREY_AT = 62.0  # years: half of men's scalps at least half grey (Panhard et al. 2012)
SPREAD = 6.0  # years: the logistics' scale (10 % / 90 % at -13 / +13 years; set by hand)
ADULT_YEARS = (18, 95)  # the prior's span (an adult; set by hand)
SURVIVAL_FROM = 65  # the prior is flat to here, then falls linearly to nothing at ADULT_YEARS[1] (set by hand)
SALT = 0xBEA2D  # the prior's own stream
PIGMENTED = ("black", "brown", "blond", "red")
# Partly grey hair (the parser's hair_grey amounts): (onset, upper) years of its band (see above; "mostly" is grey)
PARTIAL_AGES = {"temples": (35.0, 55.0), "some": (38.0, 58.0), "salt_pepper": (44.0, SCALP_GREY_AT)}
BEARD_AHEAD = 6.0  # years: a partly grey beard's band is this much earlier than the scalp's (set by hand)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _band(years: np.ndarray, amount: str, ahead: float = 0.0) -> np.ndarray:
    """The chance a scalp (ahead 0) or beard (BEARD_AHEAD) is partly grey at `amount` (PARTIAL_AGES)."""
    onset, upper = PARTIAL_AGES[amount]
    return _logistic((years - onset + ahead) / SPREAD) * (1.0 - _logistic((years - upper + ahead) / SPREAD))


def posterior(hair_color: str | None = None, beard_color: str | None = None,
              denied_ages: frozenset[str] | set[str] = frozenset(),
              grey: Mapping[str, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """-> (whole years, their chances) of an adult given the scalp's and the beard's stated colours (None:
    unstated), never in a denied age class.  With neither stated grey this is the bare adult prior.  `grey`: the
    parser's hair_grey ({"scalp"?: amount, "beard"?: amount}); a partial amount of a gray part draws its band."""
    from ..parser.age import age_class

    grey = grey or {}
    years = np.arange(ADULT_YEARS[0], ADULT_YEARS[1] + 1)
    w = np.clip((ADULT_YEARS[1] - years) / (ADULT_YEARS[1] - SURVIVAL_FROM), 0.0, 1.0)
    beard = _logistic((years - BEARD_GREY_AT) / SPREAD)
    if beard_color == "gray" and grey.get("beard") in PARTIAL_AGES:
        w = w * _band(years, grey["beard"], BEARD_AHEAD)
    elif beard_color == "gray":
        w = w * beard
    elif beard_color in PIGMENTED:
        w = w * (1.0 - beard)
    scalp = _logistic((years - SCALP_GREY_AT) / SPREAD)
    if hair_color in PIGMENTED:
        w = w * (1.0 - scalp)
    elif hair_color == "gray" and grey.get("scalp") in PARTIAL_AGES:
        w = w * _band(years, grey["scalp"])
    elif hair_color == "gray":
        w = w * scalp
    w = w * np.array([age_class(int(y)) not in denied_ages for y in years])
    return years, w / w.sum() if w.sum() > 0 else w


def implied_years(concrete: Mapping[str, str], denied: Mapping | None, seed: int,
                  grey: Mapping[str, str] | None = None) -> int | None:
    """The age in years drawn for a stated grey scalp or grey beard and an unstated age (None where neither colour is
    stated grey, the age is stated, or every age class is denied).  Callers pass no stated years: a prompt with
    age_years also has its class in `concrete`.  `grey`: the parser's hair_grey (partly grey: a younger band)."""
    hair, beard = concrete.get("hair_color"), concrete.get("beard_color")
    if "gray" not in (hair, beard) or concrete.get("age") is not None:
        return None
    years, p = posterior(hair, beard, frozenset((denied or {}).get("age", ())), grey)
    if p.sum() <= 0:
        return None
    u = float(np.random.default_rng([int(seed) & 0xFFFFFFFF, SALT]).random())
    return int(years[min(int(np.searchsorted(np.cumsum(p), u, side="right")), len(years) - 1)])


def implied_class(concrete: Mapping[str, str], denied: Mapping | None, seed: int,
                  grey: Mapping[str, str] | None = None) -> tuple[str, int] | None:
    """(the age class, years) of `implied_years`, or None."""
    from ..parser.age import age_class

    years = implied_years(concrete, denied, seed, grey)
    return None if years is None else (age_class(years), years)


def shape_parsed(parsed, seed: int):
    """-> (the ParseResult the shape is drawn from, what to add to head.json's `parsed`): with partly grey hair
    (parsed.hair_grey) and no age said, the age class of the band's years stated, and {"implied_age": ...}, as
    shape_request records for grey hair; otherwise (parsed, {}), so the shape draws exactly as before."""
    from dataclasses import replace

    grey = getattr(parsed, "hair_grey", None) or {}
    if not any(a in PARTIAL_AGES for a in grey.values()) or getattr(parsed, "age_years", None) is not None:
        return parsed, {}
    aged = implied_class(parsed.concrete, parsed.denied, seed, grey)
    if aged is None:
        return parsed, {}
    return replace(parsed, concrete={**parsed.concrete, "age": aged[0]}), {"implied_age": {"age": aged[0],
                                                                                         "years": aged[1]}}


def main() -> None:
    """Print the class shares and mean age drawn for each stated scalp and beard colour pair with some grey."""
    from ..parser.age import age_class

    for hair, beard, grey in ((None, "gray", None), ("black", "gray", None), ("gray", "gray", None),
                              ("gray", None, None), ("gray", "black", None), ("gray", None, {"scalp": "salt_pepper"}),
                              ("gray", None, {"scalp": "temples"}), ("gray", None, {"scalp": "some"}),
                              (None, "gray", {"beard": "salt_pepper"}), (None, "gray", {"beard": "some"})):
        years, p = posterior(hair, beard, grey=grey)
        shares = {c: float(p[[age_class(int(y)) == c for y in years]].sum()) for c in ("young", "middle-aged", "old")}
        print(f"hair {hair or 'unstated'}, beard {beard or 'unstated'}" + (f" {grey}" if grey else "") + f": mean {float((years * p).sum()):.1f} years, "
              + ", ".join(f"{c} {100 * s:.0f} %" for c, s in shares.items()) + f", under 40 {100 * p[years < 40].sum():.1f} %")


if __name__ == "__main__":
    main()
