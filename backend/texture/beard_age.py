"""The age of a head whose prompt states a grey or white beard (full beard, stubble, mustache or goatee: the parser's
beard_color "gray") and no age: "a wizard with a long white beard".  Before, the age was drawn as for any unstated
age (the texture's 10-60 years, the shape from every age), so most such heads were young under a white beard.

Grey beards are rare under ~40.  The age is drawn from an adult prior times the chance that a man's beard reads grey
at that age, a logistic in years:
- Panhard et al. 2012, "Greying of the human hair: a worldwide survey, revisiting the '50' rule of thumb", Br J
  Dermatol 167:865-873 (4192 people): between 45 and 65, 74 % had some grey scalp hair, 27 % of it on average (about a
  third at 56-60, 40 % at 61-65); at 50, only 6-23 % had at least half their scalp hair grey.  SCALP_GREY_AT = 62 with
  SPREAD 6 gives 12 % at 50 and half by the early sixties.
- Beard hair greys ahead of the scalp (params.BEARD_GREY_LAG: the survey's mean 27 % grey scalp goes with a beard
  about 59 % grey), so a beard reads grey (half its hairs white) about a decade earlier: BEARD_GREY_AT = 50.  The
  survey gives no beard figure: this decade, the SPREAD and the adult prior (ADULT_YEARS, flat to SURVIVAL_FROM then
  falling) were set by hand.
A stated pigmented scalp ("black hair and a white beard") also multiplies by the chance the scalp is not yet grey
(1 - the scalp's logistic), a stated grey scalp by the chance it is: such men are younger, or older.

Figures (`python -m backend.texture.beard_age`, the classes young < 35 <= middle-aged < 60 <= old): a grey beard
alone ~1 % young, 34 % middle-aged, 65 % old (mean 64 years); with black hair stated 3 / 63 / 34 %.

The draw has its own stream (SALT): every other seeded draw of the head stays as it was, and heads without a stated
grey beard, or with a stated age, draw nothing here.  The shape (shape/request.py) and the texture (params.py) each
call `implied_years` with the same arguments, so both draw the same person."""
from __future__ import annotations

from typing import Mapping

import numpy as np

BEARD_GREY_AT = 50.0  # years: half of men's beards read grey (see above; set by hand from the scalp figures)
SCALP_GREY_AT = 62.0  # years: half of men's scalps at least half grey (Panhard et al. 2012)
SPREAD = 6.0  # years: the logistics' scale (10 % / 90 % at -13 / +13 years; set by hand)
ADULT_YEARS = (18, 95)  # the prior's span (a bearded man; set by hand)
SURVIVAL_FROM = 65  # the prior is flat to here, then falls linearly to nothing at ADULT_YEARS[1] (set by hand)
SALT = 0xBEA2D  # the prior's own stream
PIGMENTED = ("black", "brown", "blond", "red")


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def posterior(hair_color: str | None = None, denied_ages: frozenset[str] | set[str] = frozenset()
              ) -> tuple[np.ndarray, np.ndarray]:
    """-> (whole years, their chances) of a man with a grey beard, given the scalp's stated colour (None: unstated),
    never in a denied age class."""
    from ..parser.age import age_class

    years = np.arange(ADULT_YEARS[0], ADULT_YEARS[1] + 1)
    prior = np.clip((ADULT_YEARS[1] - years) / (ADULT_YEARS[1] - SURVIVAL_FROM), 0.0, 1.0)
    w = prior * _logistic((years - BEARD_GREY_AT) / SPREAD)
    scalp = _logistic((years - SCALP_GREY_AT) / SPREAD)
    if hair_color in PIGMENTED:
        w = w * (1.0 - scalp)
    elif hair_color == "gray":
        w = w * scalp
    w = w * np.array([age_class(int(y)) not in denied_ages for y in years])
    return years, w / w.sum() if w.sum() > 0 else w


def implied_years(concrete: Mapping[str, str], denied: Mapping | None, seed: int) -> int | None:
    """The age in years drawn for a stated grey beard and an unstated age (None where the beard's colour is not
    stated grey, the age is stated, or every age class is denied).  Callers pass no stated years: a prompt with
    age_years also has its class in `concrete`."""
    if concrete.get("beard_color") != "gray" or concrete.get("age") is not None:
        return None
    years, p = posterior(concrete.get("hair_color"), frozenset((denied or {}).get("age", ())))
    if p.sum() <= 0:
        return None
    u = float(np.random.default_rng([int(seed) & 0xFFFFFFFF, SALT]).random())
    return int(years[min(int(np.searchsorted(np.cumsum(p), u, side="right")), len(years) - 1)])


def implied_class(concrete: Mapping[str, str], denied: Mapping | None, seed: int) -> tuple[str, int] | None:
    """(the age class, years) of `implied_years`, or None."""
    from ..parser.age import age_class

    years = implied_years(concrete, denied, seed)
    return None if years is None else (age_class(years), years)


def main() -> None:
    """Print the class shares and mean age of the prior for an unstated, black and grey scalp."""
    from ..parser.age import age_class

    for hair in (None, "black", "gray"):
        years, p = posterior(hair)
        shares = {c: float(p[[age_class(int(y)) == c for y in years]].sum()) for c in ("young", "middle-aged", "old")}
        print(f"grey beard, hair {hair or 'unstated'}: mean {float((years * p).sum()):.1f} years, "
              + ", ".join(f"{c} {100 * s:.0f} %" for c, s in shares.items()) + f", under 40 {100 * p[years < 40].sum():.1f} %")


if __name__ == "__main__":
    main()
