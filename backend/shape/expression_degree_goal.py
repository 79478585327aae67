"""`eval shape`'s "expression degree": each graded expression (expression_degree.GRADED) made weak (strength 0.5,
"slightly annoyed"), plain (1) and strong (2, "furious"), measured on heads against their neutral face (68-point
landmarks, mm):

- anger: the brows' drop (17-26) and the upper lip's lift (50-52, off the teeth);
- smile: the mouth corners' lift (48, 54);
- sad: the mouth corners' drop (48, 54; its inner brows are fully raised already at plain strength);
- surprise: the brows' lift (17-26) and the lips' opening at the centre (lips.py);
- fear: the eyes' opening (upper lids 37, 38, 43, 44 to lower 41, 40, 47, 46).

Goals: weak < plain < strong on every head for each measure; plain anger lowers the brows and lifts the upper lip
past ANGER_BROWS_MM / ANGER_LIP_MM on every head (before: 3.0 / 2.9 mm, and it read as a wince); and the
lip line's closed and parted goals (evaluate.LINE_*) at the weak and strong degrees, with the mouth stated closed or
parted and unstated where the degree's preset opens no lips itself: met, or missed by no more than the plain preset
misses them (the plain presets are the lip line goal's own).  Every weight stays <= 1.
"""
from __future__ import annotations

import numpy as np

DEGREES = (0.5, 1.0, 2.0)  # weak, plain, strong: the parser's "slightly", none, "very" / "furious"
_BROWS, _CORNERS, _UPPER_LIP = list(range(17, 27)), [48, 54], [50, 51, 52]
_UPPER_LIDS, _LOWER_LIDS = [37, 38, 43, 44], [41, 40, 47, 46]
ANGER_BROWS_MM = 4.0  # plain anger's brows lowered at least this far on every head (before: 3.0 mm)
ANGER_LIP_MM = 6.0  # and its upper lip lifted at least this far (before: 2.9 mm)


def _measures(model, heads: np.ndarray, expression: str, degree: float, rest_lm, rest_gap) -> dict[str, np.ndarray]:
    from ..face_model import blend
    from .expression import expression_weights
    from .lips import mouth_gap

    w = expression_weights({"expression": expression}, model.expression_names, degree)
    v = blend(model, heads, np.repeat(w[None], len(heads), 0))
    lm = v[:, model.landmarks] * 10.0
    up = lm[..., 1] - rest_lm[..., 1]  # mm up from the neutral face's
    eyes = lambda x: (x[:, _UPPER_LIDS, 1] - x[:, _LOWER_LIDS, 1]).mean(1)  # noqa: E731
    m = {"anger": {"brows_down_mm": -up[:, _BROWS].mean(1), "upper_lip_up_mm": up[:, _UPPER_LIP].mean(1)},
         "smile": {"corners_up_mm": up[:, _CORNERS].mean(1)},
         "sad": {"corners_down_mm": -up[:, _CORNERS].mean(1)},
         "surprise": {"brows_up_mm": up[:, _BROWS].mean(1)},
         "fear": {"eyes_opened_mm": eyes(lm) - eyes(rest_lm)}}[expression]
    if expression == "surprise":
        m["lips_apart_mm"] = mouth_gap(model, v)["gap_mm"] - rest_gap
    return m


def _lip_line_misses(model, heads: np.ndarray) -> list[str]:
    """'expression degree mouth' that misses the lip line's closed or parted goal (evaluate.lip_line_gaps) at a weak or
    strong degree, where the plain preset (the lip line goal's own business) meets it or misses it by less: a degree
    adds no miss of its own."""
    from ..face_model import blend
    from .evaluate import LINE_CLOSED_MM, LINE_OVERLAP_MM, LINE_PARTED_MM
    from .expression import MOUTH_KEYS, expression_weights, preset
    from .expression_degree import GRADED
    from .lip_line import MIDDLE, lip_line

    rest = lip_line(model, blend(model, heads))
    clean = (rest["overlap_mm"] == 0.0).all(1)[:, None]

    def figures(c: dict, degree: float) -> tuple[float, float, float]:
        """(largest change from the neutral lips, largest overlap added, smallest gap across the middle)."""
        w = expression_weights(c, model.expression_names, degree)
        f = lip_line(model, blend(model, heads, np.repeat(w[None], len(heads), 0)))
        more = np.where(clean, f["overlap_mm"] - rest["overlap_mm"], 0.0)
        return (float(np.abs(f["gap_mm"] - rest["gap_mm"]).max()), float(more.max()),
                float(f["gap_mm"][:, list(MIDDLE)].min()))

    missed = []
    for e in sorted(GRADED):
        for degree in (d for d in DEGREES if d != 1.0):
            own_open = any(k in MOUTH_KEYS for k in preset({"expression": e}, degree))
            for mouth in ("closed", "parted") + (() if own_open else (None,)):
                c = {"expression": e, **({"mouth": mouth} if mouth else {})}
                change, overlap, middle = figures(c, degree)
                plain = figures(c, 1.0)
                if mouth == "parted":
                    bad = middle <= LINE_PARTED_MM and middle < plain[2]
                else:
                    bad = ((change >= LINE_CLOSED_MM and change > plain[0])
                           or (overlap >= LINE_OVERLAP_MM and overlap > plain[1]))
                if bad:
                    missed.append(f"{e} {degree:g} {mouth or 'unstated'}")
    return missed


def expression_degree(model, heads: np.ndarray) -> dict:
    """Figures over `heads` (B, K): per expression and measure, min / median / max at each degree and the share of
    heads where weak < plain < strong; the lip line's misses; the largest weight made at any degree."""
    from ..face_model import blend
    from .expression import preset
    from .expression_degree import GRADED
    from .lips import mouth_gap

    rest_v = blend(model, heads)
    rest_lm, rest_gap = rest_v[:, model.landmarks] * 10.0, mouth_gap(model, rest_v)["gap_mm"]
    out = {}
    for e in sorted(GRADED):
        per = [_measures(model, heads, e, d, rest_lm, rest_gap) for d in DEGREES]
        out[e] = {}
        for name in per[0]:
            x = [p[name] for p in per]
            out[e][name] = {**{f"{d:g}": {"min": float(np.min(v)), "median": float(np.median(v)),
                                          "max": float(np.max(v))} for d, v in zip(DEGREES, x)},
                            "ordered_share": float(np.mean((x[0] < x[1]) & (x[1] < x[2])))}
    top = max(w for e in GRADED for d in DEGREES + (2.5,) for m in (None, "closed", "parted", "open")
              for w in preset({"expression": e, **({"mouth": m} if m else {})}, d).values())
    return {"heads": len(heads), "expressions": out, "lip_line_missed": _lip_line_misses(model, heads),
            "max_weight": float(top)}


def goals(f: dict) -> dict[str, bool]:
    a = f["expressions"]["anger"]
    return {
        "expression degree: weak < plain < strong on every head (anger's brows and upper lip, smile's corners, sad "
        "corners, surprise's brows and lips, fear's eyes)":
            all(m["ordered_share"] == 1.0 for e in f["expressions"].values() for m in e.values()),
        f"expression degree: plain anger's brows > {ANGER_BROWS_MM:g} mm down and upper lip > {ANGER_LIP_MM:g} mm up "
        "(every head)":
            a["brows_down_mm"]["1"]["min"] > ANGER_BROWS_MM and a["upper_lip_up_mm"]["1"]["min"] > ANGER_LIP_MM,
        "expression degree: the lip line's closed and parted goals at weak and strong degrees (or no worse than the "
        "plain preset), every weight <= 1":
            not f["lip_line_missed"] and f["max_weight"] <= 1.0,
    }


def report(f: dict) -> str:
    lines = [f"expression degree ({f['heads']} heads; mm from the neutral face, median [min] at strength 0.5 / 1 / 2; "
             "ordered: share of heads with weak < plain < strong):"]
    for e, ms in f["expressions"].items():
        for name, m in ms.items():
            lines.append(f"  {e:<9} {name:<18} " + " / ".join(
                f"{m[f'{d:g}']['median']:+.1f} [{m[f'{d:g}']['min']:+.1f}]" for d in DEGREES)
                + f"  ordered {m['ordered_share']:.0%}")
    lines.append("  lip line at weak and strong degrees (met, or no worse than plain): " + (", ".join(f["lip_line_missed"]) if f["lip_line_missed"]
                                                       else "all met") + f"; largest weight {f['max_weight']:.2f}")
    return "\n".join(lines)
