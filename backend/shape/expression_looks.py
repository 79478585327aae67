"""What the blended and reworked expressions look like, measured on heads (`eval shape`'s "expression looks").

Landmark heights and distances (68-point landmarks, mm) of each look against the face it must differ from:
- sad smile (wistful): the inner brows (21, 22) raised above a plain smile's, the mouth corners (48, 54) lifted
  above the neutral face's (a sad face's fall below it).
- yawn: the lips' opening at the centre (lips.py) and the chin's drop (landmark 8) against the plain open mouth's,
  and the share of each iris still seen from the front (lids.py; the eyes squeezed nearly shut).
- frown: the inner brows lowered and drawn together (their distance) against the neutral face; anger's inner
  brows lower still and its upper lip lifted off the teeth, which a frown's is not.
- laugh with the mouth closed: the largest change of the lip gap from the head's neutral lips along the lip line
  (lip_line.py), the closed-lip goal's figure, with margin below its 0.75 mm.
"""
from __future__ import annotations

import numpy as np

_INNER_BROWS, _CORNERS, _CHIN = [21, 22], [48, 54], 8
# the goals' figures, and why each is where it is
SAD_SMILE_BROWS_MM = 3.0  # inner brows above a plain smile's on every head (sad: +5.7 mm; smile: -0.2 from rest)
SAD_SMILE_CORNERS_MM = 3.0  # corners above the neutral face's on every head (smile: ~9 mm, sad: -2.3 mm)
YAWN_GAP_MM = 4.0  # the yawn's lips further apart than the open mouth's, on every head
YAWN_CHIN_MM = 2.5  # its chin lower than the open mouth's, on every head
YAWN_IRIS_SHARE = 0.1, 0.4  # share of an iris still showing (the open eye: 1): median, most on any head
FROWN_BROWS_MM = 1.5  # inner brows lowered on every head (was 0.4 mm: most heads read as neutral)
FROWN_KNIT_MM = 3.0  # inner brow ends drawn together on every head
LAUGH_CLOSED_MM = 0.66  # the closed laugh's lip-line change, with margin below the lip line's 0.75 mm


def _landmarks(model, heads: np.ndarray, concrete: dict) -> np.ndarray:
    from ..face_model import blend
    from .expression import expression_weights

    w = expression_weights(concrete, model.expression_names)
    return blend(model, heads, np.repeat(w[None], len(heads), 0))


def _span(x: np.ndarray) -> dict:
    return {"min": float(np.min(x)), "median": float(np.median(x)), "max": float(np.max(x))}


def expression_looks(model, heads: np.ndarray) -> dict:
    """(B, K) identity coefficients -> figures of each look (mm; min / median / max over the heads)."""
    from ..face_model import blend
    from .expression import expression_weights
    from .lids import lid_check
    from .lip_line import lip_line
    from .lips import mouth_gap

    lm = model.landmarks
    v = {name: _landmarks(model, heads, c) for name, c in (
        ("neutral", {}), ("smile", {"expression": "smile"}), ("wistful", {"expression": "wistful"}),
        ("open", {"mouth": "open"}), ("yawn", {"expression": "yawn"}), ("frown", {"expression": "frown"}),
        ("anger", {"expression": "anger"}), ("laugh closed", {"expression": "laugh", "mouth": "closed"}))}
    y = {k: x[:, lm] for k, x in v.items()}

    def height(name: str, points) -> np.ndarray:
        return y[name][:, points, 1].mean(1) * 10.0

    def knit(name: str) -> np.ndarray:
        return np.linalg.norm(y[name][:, 21] - y[name][:, 22], axis=1) * 10.0

    check = lid_check(model)
    iris = check.iris_shown(heads, expression_weights({"expression": "yawn"}, model.expression_names))
    rest_line = lip_line(model, blend(model, heads))
    laugh_line = lip_line(model, v["laugh closed"])
    upper_lip = [50, 51, 52]  # the outer upper lip's middle: a sneer lifts it
    return {
        "heads": len(heads),
        "sad_smile_brows_over_smile_mm": _span(height("wistful", _INNER_BROWS) - height("smile", _INNER_BROWS)),
        "sad_smile_corners_over_neutral_mm": _span(height("wistful", _CORNERS) - height("neutral", _CORNERS)),
        "smile_corners_over_neutral_mm": _span(height("smile", _CORNERS) - height("neutral", _CORNERS)),
        "yawn_gap_mm": _span(mouth_gap(model, v["yawn"])["gap_mm"]),
        "open_gap_mm": _span(mouth_gap(model, v["open"])["gap_mm"]),
        "yawn_gap_over_open_mm": _span(mouth_gap(model, v["yawn"])["gap_mm"] - mouth_gap(model, v["open"])["gap_mm"]),
        "yawn_chin_below_open_mm": _span(height("open", [_CHIN]) - height("yawn", [_CHIN])),
        "yawn_iris_share": _span(iris / np.maximum(check.iris_shown(heads), 1)),
        "frown_brows_down_mm": _span(height("neutral", _INNER_BROWS) - height("frown", _INNER_BROWS)),
        "frown_knit_mm": _span(knit("neutral") - knit("frown")),
        "anger_brows_below_frown_mm": _span(height("frown", _INNER_BROWS) - height("anger", _INNER_BROWS)),
        "anger_lip_over_frown_mm": _span(height("anger", upper_lip) - height("frown", upper_lip)),
        "laugh_closed_line_mm": float(np.abs(laugh_line["gap_mm"] - rest_line["gap_mm"]).max()),
    }


def goals(f: dict) -> dict[str, bool]:
    return {
        f"sad smile: inner brows > {SAD_SMILE_BROWS_MM:g} mm above a plain smile's and corners > "
        f"{SAD_SMILE_CORNERS_MM:g} mm above the neutral face's (every head)":
            f["sad_smile_brows_over_smile_mm"]["min"] > SAD_SMILE_BROWS_MM
            and f["sad_smile_corners_over_neutral_mm"]["min"] > SAD_SMILE_CORNERS_MM,
        f"yawn: lips > {YAWN_GAP_MM:g} mm and chin > {YAWN_CHIN_MM:g} mm further open than the open mouth's, "
        f"< {YAWN_IRIS_SHARE[0]:.0%} of the irises showing (median; < {YAWN_IRIS_SHARE[1]:.0%} on every head)":
            f["yawn_gap_over_open_mm"]["min"] > YAWN_GAP_MM and f["yawn_chin_below_open_mm"]["min"] > YAWN_CHIN_MM
            and f["yawn_iris_share"]["median"] < YAWN_IRIS_SHARE[0]
            and f["yawn_iris_share"]["max"] < YAWN_IRIS_SHARE[1],
        f"frown: inner brows > {FROWN_BROWS_MM:g} mm down and > {FROWN_KNIT_MM:g} mm drawn together; anger's lower "
        "still, its upper lip higher (every head)":
            f["frown_brows_down_mm"]["min"] > FROWN_BROWS_MM and f["frown_knit_mm"]["min"] > FROWN_KNIT_MM
            and f["anger_brows_below_frown_mm"]["min"] > 0 and f["anger_lip_over_frown_mm"]["min"] > 0,
        f"laugh, mouth closed: lips within {LAUGH_CLOSED_MM:g} mm of the neutral lips along the lip line":
            f["laugh_closed_line_mm"] < LAUGH_CLOSED_MM,
    }


def report(f: dict) -> str:
    def s(key: str) -> str:
        x = f[key]
        return f"{x['min']:+.1f} / {x['median']:+.1f} / {x['max']:+.1f}"

    return "\n".join([
        f"expression looks ({f['heads']} heads; min / median / max, mm):",
        f"  sad smile: inner brows over a smile's {s('sad_smile_brows_over_smile_mm')}, corners over neutral "
        f"{s('sad_smile_corners_over_neutral_mm')} (smile {s('smile_corners_over_neutral_mm')})",
        f"  yawn: lips apart {s('yawn_gap_mm')} (open mouth {s('open_gap_mm')}; over it "
        f"{s('yawn_gap_over_open_mm')}), chin below the open mouth's {s('yawn_chin_below_open_mm')}, iris showing "
        f"{f['yawn_iris_share']['min']:.0%} / {f['yawn_iris_share']['median']:.0%} / {f['yawn_iris_share']['max']:.0%}",
        f"  frown: inner brows down {s('frown_brows_down_mm')}, drawn together {s('frown_knit_mm')}; anger's inner "
        f"brows below the frown's {s('anger_brows_below_frown_mm')}, its upper lip over the frown's "
        f"{s('anger_lip_over_frown_mm')}",
        f"  laugh, mouth closed: lip line within {f['laugh_closed_line_mm']:.2f} mm of the neutral lips",
    ])
