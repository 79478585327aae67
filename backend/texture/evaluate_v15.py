"""`eval texture`'s checks of params version 15 (parametric only): greying hair as fine strands at preview scale
(grey_hair_measures.py), cornrows down the back side by side (scalp_cut_measures.py) and the first age lines from the
thirties (age_measures.py), each against the same head drawn the version-14 way."""
from __future__ import annotations

from dataclasses import replace

import numpy as np

# the README's head (its seed 1 draws dark skin and a scalp 0.41 grey to go with the grey stubble), the grey held
GREYING = {"gender": "male", "age": "middle-aged", "beard": "stubble", "beard_color": "gray", "scalp_hair": "full",
           "skin_tone": "dark"}
GREY = 0.4
BLOTCH_SIZE = 1024  # the albedo the blotches are measured on (at 512 the face tile's texels hardly resolve strands)
BLOTCH_STD_FALL = 0.85  # greying hair's L* std at preview scale at most this share of version 14's (seeds 0-1: 0.69, 0.82)
BLOTCH_SHARE_FALL = 0.7  # and its share of texels in blotches (0.42, 0.64)
STAR_CROSSINGS = 6  # a vertical line down the back crosses at least this many rows of version 14's star
DOWN_CROSSINGS = 2  # and at most this many of version 15's
FIRST_LINES_DL = 0.8  # L*: crow's feet and nasolabial lines at 35 at least this much darker than at 25


def check(seeds, size, model, ok, report) -> None:
    from . import age_measures as am
    from .grey_hair_measures import scalp_blotchiness
    from .parametric import albedo
    from .params import _ageing, params_from_code
    from .scalp_cut_measures import rows_crossed

    def paint(p, s, at=size):
        return albedo(p, at, s, model).detach()

    def greying(s, k):
        return paint(replace(params_from_code(GREYING, s), hair_grey=GREY, grey_strands=k), s, BLOTCH_SIZE)
    blot = np.array([[scalp_blotchiness(greying(s, k), model) for k in (0.0, 1.0)]
                     for s in seeds])  # (seed, version 14 / 15, std / share)
    ok["greying hair reads as fine strands, not patches"] = bool(
        (blot[:, 1, 0] < BLOTCH_STD_FALL * blot[:, 0, 0]).all() and (blot[:, 1, 1] < BLOTCH_SHARE_FALL * blot[:, 0, 1]).all())
    report["greying_scalp_blotches"] = {name: {"L_std": round(float(blot[:, i, 0].mean()), 2),
                                               "blotch_share": round(float(blot[:, i, 1].mean()), 3)}
                                        for i, name in enumerate(("version 14", "version 15"))}
    print(f"greying scalp at preview scale ({BLOTCH_SIZE}^2, L* std / share in blotches), version 14 -> 15: "
          f"{blot[:, 0, 0].mean():.2f} / {blot[:, 0, 1].mean():.3f} -> {blot[:, 1, 0].mean():.2f} / {blot[:, 1, 1].mean():.3f}")

    woman = {"gender": "female", "age": "young", "hair_color": "black", "skin_tone": "medium"}
    crossed = {k: [max(rows_crossed(paint(replace(params_from_code(woman, s, cut="cornrows"), cornrow_nape=k), s),
                                    model).values()) for s in seeds] for k in (0.0, 1.0)}
    ok["cornrows run down the back side by side"] = bool(min(crossed[0.0]) >= STAR_CROSSINGS
                                                         and max(crossed[1.0]) <= DOWN_CROSSINGS)
    report["cornrows_most_rows_crossed_down_the_back"] = {"version 14": crossed[0.0], "version 15": crossed[1.0]}
    print(f"cornrows, most rows a vertical line down the back crosses, version 14 / 15: {crossed[0.0]} / {crossed[1.0]}")

    fair = {"gender": "female", "skin_tone": "fair"}

    def lines(age, s, k=1.0):
        c = am.crease_contrast(paint(replace(_ageing(replace(params_from_code(fair, s), age=age), s), age_cues=k), s),
                               model)
        return np.array([c["eyes"], c["mouth"]])
    ages = (0.25, 0.3, 0.35, 0.45, 0.6)
    dl = np.array([[lines(a, s) - lines(0.25, s) for a in ages] for s in seeds])  # (seed, age, eyes/mouth)
    before = np.array([lines(0.35, s, 0.0) - lines(0.25, s) for s in seeds])
    ok["the first age lines show from the thirties"] = bool(
        (dl[:, 1] > -0.3).all() and (dl[:, 2] < -FIRST_LINES_DL).all() and (dl[:, 3] < dl[:, 2]).all())
    report["first_age_lines_dL_vs_25"] = {**{str(a): dl[:, i].mean(0).round(2).tolist() for i, a in enumerate(ages)},
                                          "0.35 version 14": before.mean(0).round(2).tolist()}
    print("eye-corner / nasolabial lines, L* against the same woman at 25, at " + ", ".join(
        f"{a} {dl[:, i, 0].mean():+.1f}/{dl[:, i, 1].mean():+.1f}" for i, a in enumerate(ages))
        + f" (version 14 at 0.35: {before[:, 0].mean():+.1f}/{before[:, 1].mean():+.1f})")
