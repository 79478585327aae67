"""What the gestures look like, measured on heads (`eval shape`'s "gestures"; expression_gestures.py).

68-point landmarks (mm), each look against the head's neutral face; the character's left is landmarks 22-26 (brow),
42-47 (eye), 54 (mouth corner), where ARKit's _L keys move the mesh:
- one raised eyebrow (left, and "right" mirrored): the raised brow's mean height up, the other brow not up.
- skeptical, confused: one brow higher than the other (the difference of their changes).
- lopsided grin ("a lopsided grin": smile at the grin's strength 2): one corner lifted over the other.
- whistle, kiss: the mouth's width (corners 48-54) narrower.
- bitten lip: the lower lip's outer edge (57) drawn up towards the inner (66): its visible height smaller.
- wince (over the frown): the share of each iris still seen from the front (lids.py), against the frown's.
- puffed cheeks: the cheeks' surface pushed out (the largest outward move over the face, cheeks' vertices).
- bored: iris share between the heavy lids' and the open eye.
- closed mouth: the gestures that do not open the lips keep them within the lip line's closed goal of the neutral
  face's (lip_line.py, 0.75 mm; overlap added < 0.4 mm on heads whose rest lips do not overlap); the kiss's pucker
  within 1 mm (no seal key brings a strong pucker nearer on every head: 0.83 mm at pucker 0.9).
"""
from __future__ import annotations

import numpy as np

_BROW_L, _BROW_R = [22, 23, 24, 25, 26], [17, 18, 19, 20, 21]
BROW_UP_MM = 3.0  # the raised brow up on every head
BROW_OTHER_MM = 0.5  # the other brow at most this far up
ASYM_MM = 2.5  # skeptical / confused: one brow over the other
LOPSIDED_MM = 3.0  # one corner over the other
PUCKER_MM = 8.0  # whistle, kiss: mouth narrower than the neutral one by at least this
BITE_MM = 1.0  # the lower lip's visible height smaller by at least this
WINCE_IRIS = 0.7  # the wince leaves at most this share of the frown's iris showing (median)
PUFF_MM = 2.0  # the cheeks pushed out at least this
BORED_IRIS = 0.45, 0.95  # share of the open eye's iris: less than open, not shut
CLOSED_MM, OVERLAP_MM = 0.75, 0.4  # lip_line's closed goal (evaluate.LINE_CLOSED_MM, LINE_OVERLAP_MM)
CLOSED = ("brow_raise", "skeptical", "confused", "bored", "cheek_puff")
# the kiss pushes the lips forward: they stay shut, the lip line a little further from rest than closed lips'
KISS_MM = 1.0


def _span(x: np.ndarray) -> dict:
    return {"min": float(np.min(x)), "median": float(np.median(x)), "max": float(np.max(x))}


def gesture_figures(model, heads: np.ndarray) -> dict:
    """(B, K) identity coefficients -> figures of each gesture (mm or shares; min / median / max over the heads)."""
    from ..face_model import blend
    from .expression import expression_weights
    from .expression_gestures import with_gestures
    from .lids import lid_check
    from .lip_line import lip_line

    names = model.expression_names

    def weights(concrete: dict, gestures: dict, degree: float = 1.0) -> np.ndarray:
        return with_gestures(expression_weights(concrete, names, degree), names, gestures)

    def verts(w: np.ndarray) -> np.ndarray:
        return blend(model, heads, np.repeat(w[None], len(heads), 0))

    lm = model.landmarks
    looks = {"neutral": weights({}, {}), "frown": weights({"expression": "frown"}, {}),
             "smile2": weights({"expression": "smile"}, {}, 2.0)}
    looks.update({g: weights({}, {g: {}}) for g in ("brow_raise", "skeptical", "confused", "bored", "whistle", "kiss",
                                                    "lip_bite", "cheek_puff")})
    looks["brow_raise right"] = weights({}, {"brow_raise": {"side": "right"}})
    looks["lopsided"] = weights({"expression": "smile"}, {"lopsided": {}}, 2.0)
    looks["wince"] = weights({"expression": "frown"}, {"wince": {}})
    v = {k: verts(w) for k, w in looks.items()}
    y = {k: x[:, lm] * 10.0 for k, x in v.items()}

    def up(name: str, points) -> np.ndarray:
        return y[name][:, points, 1].mean(1) - y["neutral"][:, points, 1].mean(1)

    def width(name: str) -> np.ndarray:
        return np.linalg.norm(y[name][:, 48] - y[name][:, 54], axis=1)

    def lower_lip(name: str) -> np.ndarray:
        return y[name][:, 66, 1] - y[name][:, 57, 1]

    check = lid_check(model)
    open_iris = np.maximum(check.iris_shown(heads), 1)

    def iris(name: str) -> np.ndarray:
        return check.iris_shown(heads, looks[name]) / open_iris

    cheeks = _cheek_vertices(model)
    normal_z = v["neutral"][:, cheeks, 2]
    rest_line = lip_line(model, v["neutral"])
    clean = (rest_line["overlap_mm"] == 0.0).all(1)[:, None]
    closed = {}
    for g in CLOSED + ("kiss",):
        f = lip_line(model, v[g])
        closed[g] = {"change_mm": float(np.abs(f["gap_mm"] - rest_line["gap_mm"]).max()),
                     "overlap_added_mm": float(np.where(clean, f["overlap_mm"] - rest_line["overlap_mm"], 0).max())}
    return {
        "heads": len(heads),
        "brow_raise_up_mm": _span(up("brow_raise", _BROW_L)),
        "brow_raise_other_mm": _span(up("brow_raise", _BROW_R)),
        "brow_raise_right_up_mm": _span(up("brow_raise right", _BROW_R)),
        "brow_raise_right_other_mm": _span(up("brow_raise right", _BROW_L)),
        "skeptical_asym_mm": _span(up("skeptical", _BROW_L) - up("skeptical", _BROW_R)),
        "confused_asym_mm": _span(up("confused", _BROW_L) - up("confused", _BROW_R)),
        "lopsided_asym_mm": _span(up("lopsided", [54]) - up("lopsided", [48])),
        "smile2_asym_mm": _span(up("smile2", [54]) - up("smile2", [48])),
        "whistle_narrower_mm": _span(width("neutral") - width("whistle")),
        "kiss_narrower_mm": _span(width("neutral") - width("kiss")),
        "lip_bite_lower_lip_mm": _span(lower_lip("neutral") - lower_lip("lip_bite")),
        "wince_iris_over_frown": _span(iris("wince") / np.maximum(iris("frown"), 1e-6)),
        "cheek_puff_out_mm": _span((v["cheek_puff"][:, cheeks, 2] - normal_z).max(1) * 10.0),
        "bored_iris_share": _span(iris("bored")),
        "closed": closed,
    }


def _cheek_vertices(model) -> np.ndarray:
    """The face's vertices beside the mouth and below the eyes (between landmarks 31/35 and the jaw line 3/13 in x,
    between the nose's base 33 and the eyes' lower lids in y), on the neutral mesh."""
    n = model.neutral
    face = np.asarray(model.regions["face"])
    p = n[model.landmarks]
    x, yv = n[face, 0], n[face, 1]
    inner, outer = abs(p[35, 0]), abs(p[13, 0])
    top, bottom = min(p[40, 1], p[47, 1]), p[57, 1]
    keep = (abs(x) > inner) & (abs(x) < outer) & (yv < top) & (yv > bottom)
    return face[keep]


def goals(f: dict) -> dict[str, bool]:
    c = f["closed"]
    return {
        f"one raised eyebrow: that brow > {BROW_UP_MM:g} mm up, the other < {BROW_OTHER_MM:g} mm (each side, every "
        "head)":
            min(f["brow_raise_up_mm"]["min"], f["brow_raise_right_up_mm"]["min"]) > BROW_UP_MM
            and max(f["brow_raise_other_mm"]["max"], f["brow_raise_right_other_mm"]["max"]) < BROW_OTHER_MM,
        f"skeptical, confused: one brow > {ASYM_MM:g} mm over the other; lopsided grin: one corner > {LOPSIDED_MM:g} "
        "mm over the other (every head)":
            min(f["skeptical_asym_mm"]["min"], f["confused_asym_mm"]["min"]) > ASYM_MM
            and f["lopsided_asym_mm"]["min"] > LOPSIDED_MM,
        f"whistle, kiss: mouth > {PUCKER_MM:g} mm narrower; bitten lip: lower lip > {BITE_MM:g} mm less showing; "
        f"puffed cheeks > {PUFF_MM:g} mm out (every head)":
            min(f["whistle_narrower_mm"]["min"], f["kiss_narrower_mm"]["min"]) > PUCKER_MM
            and f["lip_bite_lower_lip_mm"]["min"] > BITE_MM and f["cheek_puff_out_mm"]["min"] > PUFF_MM,
        f"wince: < {WINCE_IRIS:.0%} of the frown's iris showing (median); bored: {BORED_IRIS[0]:.0%}-"
        f"{BORED_IRIS[1]:.0%} of the open eye's (every head)":
            f["wince_iris_over_frown"]["median"] < WINCE_IRIS
            and BORED_IRIS[0] < f["bored_iris_share"]["min"] and f["bored_iris_share"]["max"] < BORED_IRIS[1],
        f"gestures that keep the mouth shut ({', '.join(CLOSED)}): lip line within {CLOSED_MM:g} mm of the neutral "
        f"lips, overlap added < {OVERLAP_MM:g} mm; kiss within {KISS_MM:g} mm":
            all(x["change_mm"] < CLOSED_MM and x["overlap_added_mm"] < OVERLAP_MM for g, x in c.items() if g in CLOSED)
            and c["kiss"]["change_mm"] < KISS_MM and c["kiss"]["overlap_added_mm"] < OVERLAP_MM,
    }


def report(f: dict) -> str:
    def s(key: str, pct: bool = False) -> str:
        x = f[key]
        if pct:
            return f"{x['min']:.0%} / {x['median']:.0%} / {x['max']:.0%}"
        return f"{x['min']:+.1f} / {x['median']:+.1f} / {x['max']:+.1f}"

    closed = ", ".join(f"{g} {x['change_mm']:.2f} (overlap +{x['overlap_added_mm']:.2f})"
                       for g, x in f["closed"].items())
    return "\n".join([
        f"gestures ({f['heads']} heads; min / median / max, mm; the character's left unless said):",
        f"  one raised eyebrow: up {s('brow_raise_up_mm')}, other brow {s('brow_raise_other_mm')}; right: up "
        f"{s('brow_raise_right_up_mm')}, other {s('brow_raise_right_other_mm')}",
        f"  brow over brow: skeptical {s('skeptical_asym_mm')}, confused {s('confused_asym_mm')}",
        f"  lopsided grin: corner over corner {s('lopsided_asym_mm')} (grin {s('smile2_asym_mm')})",
        f"  mouth narrower: whistle {s('whistle_narrower_mm')}, kiss {s('kiss_narrower_mm')}; bitten lip: lower lip "
        f"{s('lip_bite_lower_lip_mm')} less showing; puffed cheeks out {s('cheek_puff_out_mm')}",
        f"  iris showing: wince over the frown's {s('wince_iris_over_frown', True)}, bored "
        f"{s('bored_iris_share', True)}",
        f"  closed lips, lip line change (mm): {closed}",
    ])
