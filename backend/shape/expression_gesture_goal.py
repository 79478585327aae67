"""What the gestures look like, measured on heads (`eval shape`'s "gestures"; expression_gestures.py).

68-point landmarks (mm), each look against the head's neutral face; the character's left is landmarks 22-26 (brow),
42-47 (eye), 54 (mouth corner), where ARKit's _L keys move the mesh:
- one raised eyebrow (left, and "right" mirrored): the raised brow's mean height up, at least as far as surprise's
  brows (both up: it must read as plainly at preview size), the other brow not up.
- raised eyebrows (both): each brow's mean height up, the two within 1 mm of each other.
- suspicious: both brows' inner ends (21, 22) down, the iris share of narrowed eyes (less than open, not shut).
- grimace (over the frown, as "grimacing" reads): the mouth wider than the frown's (landmarks 48-54), the lips apart
  along the middle of the lip line (lip_line.py, the parted goal's 2 mm), the upper lip's middle (50-52) above the
  frown's and the lower lip's (56-58) below it (the teeth showing), the inner brows down.
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
_INNER_BROWS, _UPPER_LIP, _LOWER_LIP = [21, 22], [50, 51, 52], [56, 57, 58]
BROW_UP_MM = 3.0  # the raised brow up on every head, and no lower than surprise's brows (median)
BROWS_UP_MM, BROWS_EVEN_MM = 5.0, 1.0  # both raised: each brow up; left and right within this of each other
BROW_OTHER_MM = 0.5  # the other brow at most this far up
ASYM_MM = 2.5  # skeptical / confused: one brow over the other
LOPSIDED_MM = 3.0  # one corner over the other
PUCKER_MM = 8.0  # whistle, kiss: mouth narrower than the neutral one by at least this
BITE_MM = 1.0  # the lower lip's visible height smaller by at least this
WINCE_IRIS = 0.7  # the wince leaves at most this share of the frown's iris showing (median)
PUFF_MM = 2.0  # the cheeks pushed out at least this
BORED_IRIS = 0.45, 0.95  # share of the open eye's iris: less than open, not shut
CLOSED_MM, OVERLAP_MM = 0.75, 0.4  # lip_line's closed goal (evaluate.LINE_CLOSED_MM, LINE_OVERLAP_MM)
CLOSED = ("brow_raise", "brows_raised", "skeptical", "suspicious", "confused", "bored", "cheek_puff")
# the kiss pushes the lips forward: they stay shut, the lip line a little further from rest than closed lips'
KISS_MM = 1.0
SUSPICIOUS_BROWS_MM = 1.0  # inner brows down on every head
SUSPICIOUS_IRIS = 0.45, 0.85  # share of the open eye's iris: narrowed (bored's lids: ~76%), not shut
GRIMACE_WIDER_MM = 2.0  # mouth wider than the frown's on every head
GRIMACE_GAP_MM = 2.0  # lip line's middle sections apart (evaluate.LINE_PARTED_MM)
GRIMACE_LIPS_MM = 1.5  # upper lip up and lower lip down against the frown's, on every head
GRIMACE_BROWS_MM = 1.5  # inner brows down against the neutral face (the frown's goal)


def _span(x: np.ndarray) -> dict:
    return {"min": float(np.min(x)), "median": float(np.median(x)), "max": float(np.max(x))}


def gesture_figures(model, heads: np.ndarray) -> dict:
    """(B, K) identity coefficients -> figures of each gesture (mm or shares; min / median / max over the heads)."""
    from ..face_model import blend
    from .expression import expression_weights
    from .expression_gestures import with_gestures
    from .lids import lid_check
    from .lip_line import MIDDLE, lip_line

    names = model.expression_names

    def weights(concrete: dict, gestures: dict, degree: float = 1.0) -> np.ndarray:
        return with_gestures(expression_weights(concrete, names, degree), names, gestures)

    def verts(w: np.ndarray) -> np.ndarray:
        return blend(model, heads, np.repeat(w[None], len(heads), 0))

    lm = model.landmarks
    looks = {"neutral": weights({}, {}), "frown": weights({"expression": "frown"}, {}),
             "smile2": weights({"expression": "smile"}, {}, 2.0), "surprise": weights({"expression": "surprise"}, {})}
    looks.update({g: weights({}, {g: {}}) for g in ("brow_raise", "brows_raised", "skeptical", "suspicious",
                                                    "confused", "bored", "whistle", "kiss", "lip_bite", "cheek_puff")})
    looks["brow_raise right"] = weights({}, {"brow_raise": {"side": "right"}})
    looks["lopsided"] = weights({"expression": "smile"}, {"lopsided": {}}, 2.0)
    looks["wince"] = weights({"expression": "frown"}, {"wince": {}})
    looks["grimace"] = weights({"expression": "frown"}, {"grimace": {}})
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
    grimace_line = lip_line(model, v["grimace"])["gap_mm"][:, list(MIDDLE)].min(1)
    return {
        "heads": len(heads),
        "surprise_brows_up_mm": _span(up("surprise", _BROW_L + _BROW_R)),
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
        "brows_raised_up_mm": _span(np.minimum(up("brows_raised", _BROW_L), up("brows_raised", _BROW_R))),
        "brows_raised_uneven_mm": _span(np.abs(up("brows_raised", _BROW_L) - up("brows_raised", _BROW_R))),
        "suspicious_brows_down_mm": _span(-up("suspicious", _INNER_BROWS)),
        "suspicious_iris_share": _span(iris("suspicious")),
        "grimace_wider_mm": _span(width("grimace") - width("frown")),
        "grimace_gap_mm": _span(grimace_line),
        "grimace_upper_lip_mm": _span(up("grimace", _UPPER_LIP) - up("frown", _UPPER_LIP)),
        "grimace_lower_lip_mm": _span(up("frown", _LOWER_LIP) - up("grimace", _LOWER_LIP)),
        "grimace_brows_down_mm": _span(-up("grimace", _INNER_BROWS)),
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
        f"one raised eyebrow: that brow > {BROW_UP_MM:g} mm up and as far as surprise's brows, the other < "
        f"{BROW_OTHER_MM:g} mm (each side, every head)":
            min(f["brow_raise_up_mm"]["min"], f["brow_raise_right_up_mm"]["min"]) > max(
                BROW_UP_MM, f["surprise_brows_up_mm"]["median"])
            and max(f["brow_raise_other_mm"]["max"], f["brow_raise_right_other_mm"]["max"]) < BROW_OTHER_MM,
        f"raised eyebrows (both): each > {BROWS_UP_MM:g} mm up, within {BROWS_EVEN_MM:g} mm of each other (every head)":
            f["brows_raised_up_mm"]["min"] > BROWS_UP_MM and f["brows_raised_uneven_mm"]["max"] < BROWS_EVEN_MM,
        f"suspicious: inner brows > {SUSPICIOUS_BROWS_MM:g} mm down, {SUSPICIOUS_IRIS[0]:.0%}-{SUSPICIOUS_IRIS[1]:.0%} "
        "of the open eye's iris showing (every head)":
            f["suspicious_brows_down_mm"]["min"] > SUSPICIOUS_BROWS_MM
            and SUSPICIOUS_IRIS[0] < f["suspicious_iris_share"]["min"]
            and f["suspicious_iris_share"]["max"] < SUSPICIOUS_IRIS[1],
        f"grimace (over the frown): mouth > {GRIMACE_WIDER_MM:g} mm wider, lips > {GRIMACE_GAP_MM:g} mm apart along the "
        f"middle of the lip line, upper lip up and lower lip down > {GRIMACE_LIPS_MM:g} mm (teeth showing), inner "
        f"brows > {GRIMACE_BROWS_MM:g} mm down (every head)":
            f["grimace_wider_mm"]["min"] > GRIMACE_WIDER_MM and f["grimace_gap_mm"]["min"] > GRIMACE_GAP_MM
            and min(f["grimace_upper_lip_mm"]["min"], f["grimace_lower_lip_mm"]["min"]) > GRIMACE_LIPS_MM
            and f["grimace_brows_down_mm"]["min"] > GRIMACE_BROWS_MM,
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
        f"{s('brow_raise_right_up_mm')}, other {s('brow_raise_right_other_mm')} (surprise's brows "
        f"{s('surprise_brows_up_mm')})",
        f"  raised eyebrows (both): lower brow up {s('brows_raised_up_mm')}, left-right {s('brows_raised_uneven_mm')}",
        f"  suspicious: inner brows down {s('suspicious_brows_down_mm')}, iris showing {s('suspicious_iris_share', True)}",
        f"  grimace over the frown: mouth wider {s('grimace_wider_mm')}, lips apart (lip line middle) "
        f"{s('grimace_gap_mm')}, upper lip up {s('grimace_upper_lip_mm')}, lower lip down {s('grimace_lower_lip_mm')}, "
        f"inner brows down {s('grimace_brows_down_mm')}",
        f"  brow over brow: skeptical {s('skeptical_asym_mm')}, confused {s('confused_asym_mm')}",
        f"  lopsided grin: corner over corner {s('lopsided_asym_mm')} (grin {s('smile2_asym_mm')})",
        f"  mouth narrower: whistle {s('whistle_narrower_mm')}, kiss {s('kiss_narrower_mm')}; bitten lip: lower lip "
        f"{s('lip_bite_lower_lip_mm')} less showing; puffed cheeks out {s('cheek_puff_out_mm')}",
        f"  iris showing: wince over the frown's {s('wince_iris_over_frown', True)}, bored "
        f"{s('bored_iris_share', True)}",
        f"  closed lips, lip line change (mm): {closed}",
    ])
