"""`python -m backend.texture.beard_grey_measures [--seeds N] [--only beard|scalp]`: the age and scalp drawn beside a
stated beard colour or scalp colour (beard_age.py, params.HAIR_GIVEN_BEARD, SCALP_CATCH_UP), over seeds 0..N-1, per
prompt: the texture's age class (its age x 100 in years: young < 35 <= middle-aged < 60 <= old), the age class the
shape is drawn from (stated, implied by a grey beard or scalp, or none), and the scalp: grey/white (hair_grey >= 0.5:
a scalp half white reads light grey at a distance, params.SCALP_GREY_GIVEN_BEARD's note), greying (salt and pepper,
0.3-0.5), dark (< 0.3), or bald or shaved.

Only public calls of long standing (parse, params._draw, shape.request.drawn_attributes or, before it, shape_request
without a model): the same file
runs at an older revision for a before/after table."""
from __future__ import annotations

import argparse

import numpy as np

PROMPTS = ("a wizard with a long white beard", "a man with a grey beard", "an old man with a white beard",
           "a 30-year-old man with a white beard", "a man with black hair and a white beard", "a man with a brown beard",
           "a man with grey stubble")
SCALP_PROMPTS = ("a man with white hair", "a woman with grey hair", "a silver-haired man",
                 "a woman with salt-and-pepper hair", "a young woman with silver hair",
                 "a 30 year old woman with grey hair", "a man with black hair",
                 # partly grey (the parser's hair_grey, params version 19: partial_grey.py, beard_age.PARTIAL_AGES)
                 "a man with salt-and-pepper hair", "a man grey at the temples", "a woman with greying hair",
                 "a man with mostly grey hair", "a man with a salt-and-pepper beard", "a man with a greying beard")
GREY_READS = 0.5  # hair_grey from which a scalp reads grey/white
GREYING = 0.3  # hair_grey from which it reads salt and pepper
CLASSES = ("young", "middle-aged", "old")


def _class(years: float) -> str:
    return "young" if years < 35 else "middle-aged" if years < 60 else "old"


def _shape_age(parsed, seed: int) -> str:
    """The age class the shape is drawn from; drawn_attributes needs no model (shape_request without one refuses
    the offsets an age past 70 asks for); older revisions have only shape_request."""
    try:
        from ..shape.request import drawn_attributes
    except ImportError:
        from ..shape.request import shape_request
        return shape_request(parsed, seed, None)[0].get("age", "none")
    return drawn_attributes(parsed, seed)[0].get("age", "none")


def measure(prompt: str, seeds: range) -> dict:
    """-> the shares above over `seeds`, and the mean age in years and mean hair_grey."""
    from ..parser import parse
    from .params import _draw

    parsed = parse(prompt)
    said = getattr(parsed, "hair_grey", {})  # partly grey (version 19; none before: the call as it was)
    ages, greys, scalps, shape_ages = [], [], [], []
    for seed in seeds:
        p, names = _draw(parsed.concrete, seed, parsed.denied, getattr(parsed, "facial_hair", {}), None,
                         getattr(parsed, "age_years", None), **({"grey": said} if said else {}))
        if said:  # the amounts' shares are set after the draw (params_from_code), as generate does
            from .params import params_from_code
            from .partial_grey import looks_of
            p = params_from_code(parsed.concrete, seed, parsed.denied, parsed.facial_hair,
                                 age_years=parsed.age_years, looks=looks_of(said))
        ages.append(100.0 * p.age)
        greys.append(p.hair_grey)
        bald = names["scalp_hair"] in ("bald", "shaved")
        scalps.append("bald" if bald else "grey" if p.hair_grey >= GREY_READS else "greying" if p.hair_grey >= GREYING
                      else "dark")
        if said:  # the shape's input as generate gives it (pipeline: beard_age.shape_parsed)
            from .beard_age import shape_parsed
            shape_ages.append(_shape_age(shape_parsed(parsed, seed)[0], seed))
        else:
            shape_ages.append(_shape_age(parsed, seed))
    n = len(seeds)
    share = lambda xs, v: sum(x == v for x in xs) / n  # noqa: E731
    return {"texture": {c: share([_class(a) for a in ages], c) for c in CLASSES},
            "shape": {c: share(shape_ages, c) for c in (*CLASSES, "none")},
            "scalp": {s: share(scalps, s) for s in ("grey", "greying", "dark", "bald")},
            "mean_years": float(np.mean(ages)), "mean_hair_grey": float(np.mean(greys))}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.beard_grey_measures", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=200, help="seeds 0..N-1 per prompt (default 200)")
    ap.add_argument("--only", choices=("beard", "scalp"), help="only the beard colour or the scalp colour prompts")
    args = ap.parse_args(argv)
    if args.seeds < 1:
        ap.error(f"--seeds must be at least 1, got {args.seeds}")
    pct = lambda d: " ".join(f"{k} {100 * v:3.0f}%" for k, v in d.items())  # noqa: E731
    print(f"{args.seeds} seeds; scalp (not bald/shaved) grey: hair_grey >= {GREY_READS}, greying >= {GREYING}, dark below")
    for prompt in (PROMPTS if args.only != "scalp" else ()) + (SCALP_PROMPTS if args.only != "beard" else ()):
        m = measure(prompt, range(args.seeds))
        print(f"{prompt!r}: scalp {pct(m['scalp'])}, mean hair_grey {m['mean_hair_grey']:.2f} | texture age "
              f"{pct(m['texture'])}, mean {m['mean_years']:.0f} y | shape age {pct(m['shape'])}")


if __name__ == "__main__":
    main()
