"""How far apart a head's lips are at the mouth's centre: what the `mouth` presets (expression.py) are
measured by.

The ICT mesh has a row of vertices on its midline (x = 0); seen from the side, the upper lip's row runs from
the top of its red (landmark 51) down round the inner contour (62) and back up inside the mouth, the lower
lip's from 57 up round 66 and down inside.  Each row, closed by a chord through the lip, is the lip's
cross-section at the centre.
- gap_mm: the upper lip's lowest point minus the lower lip's highest (the opening seen from the front;
  about 0 when the lips meet, negative when they overlap in height).
- overlap_mm: how deep a vertex of one lip's row lies inside the other lip's cross-section: the lips pass
  through each other.  The model's own rest lips do in some heads (up to 0.6 mm in the regressor's draws,
  2.7 mm in N(0,1) ones), so a preset is judged by what it adds to the head's neutral figure.
- teeth_mm: height of the opening, at the centre, that the incisors fill (upper ones below their edge, lower
  ones below their top): "parted" lips show the teeth, an open mouth shows the dark behind them as well.
"""
from __future__ import annotations

import functools

import numpy as np

UPPER_TOP, UPPER_INNER, LOWER_INNER, LOWER_BOTTOM = 51, 62, 66, 57  # 68-point landmarks
FIGURES = ("gap_mm", "overlap_mm", "teeth_mm")


@functools.lru_cache(maxsize=4)
def lip_rows(model) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(upper lip's midline vertex ids, outside first; lower lip's; upper incisors' ids; lower incisors'),
    from the mesh's edges (computed once per model object)."""
    v = model.neutral
    face = model.region_mask("face")
    on_midline = np.abs(v[:, 0]) < 1e-4
    tris = np.asarray(model.triangles)
    edges = np.concatenate([tris[:, [0, 1]], tris[:, [1, 2]], tris[:, [2, 0]]])
    edges = edges[on_midline[edges].all(1) & face[edges].all(1)]
    neighbours: dict[int, set] = {}
    for a, b in edges.tolist():
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)

    def row(landmark: int, towards: int) -> np.ndarray:
        """From a lip's outer landmark along the midline towards the mouth (the neighbour nearer `towards`
        first, then the one way on) until the face's mesh gives way to the mouth socket."""
        start, aim = int(model.landmarks[landmark]), v[model.landmarks[towards]]
        out = [start]
        step = sorted(neighbours.get(start, ()), key=lambda n: np.linalg.norm(v[n] - aim))
        while step:
            out.append(step[0])
            step = [n for n in neighbours.get(out[-1], ()) if n not in out]
            if len(step) > 1:
                raise ValueError(f"the model's midline forks at vertex {out[-1]} of the lip from landmark {landmark}")
        return np.array(out)

    upper, lower = row(UPPER_TOP, UPPER_INNER), row(LOWER_BOTTOM, LOWER_INNER)
    if model.landmarks[UPPER_INNER] not in upper or model.landmarks[LOWER_INNER] not in lower or len(upper) < 6:
        raise ValueError("the model's midline does not run from the lips' outer landmarks round their inner contour")
    teeth = np.asarray(model.regions["teeth"])
    front = teeth[np.abs(v[teeth, 0]) < 0.3]  # the central incisors
    jaw = np.linalg.norm(model.expression_basis[list(model.expression_names).index("jawOpen")][front], axis=1)
    return upper, lower, front[jaw < 1e-3], front[jaw >= 1e-3]  # the lower teeth move with the jaw


def _segment_distance(p: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """(B, n, 2) points, (B, m, 2) segments a -> b: (B, n, m) distances."""
    d = b - a
    t = ((p[:, :, None] - a[:, None]) * d[:, None]).sum(-1) / np.maximum((d * d).sum(-1), 1e-12)[:, None]
    nearest = a[:, None] + np.clip(t, 0.0, 1.0)[..., None] * d[:, None]
    return np.linalg.norm(p[:, :, None] - nearest, axis=-1)


def _depth_inside(p: np.ndarray, polygon: np.ndarray) -> np.ndarray:
    """(B, n, 2) points, (B, m, 2) closed polygon: (B,) the deepest point's distance to the polygon's
    boundary, 0 when no point is inside (even-odd rule)."""
    a, b = polygon, np.roll(polygon, -1, 1)
    y, z = p[..., 0][..., None], p[..., 1][..., None]
    ay, az, by, bz = (c[:, None] for c in (a[..., 0], a[..., 1], b[..., 0], b[..., 1]))
    spans = (ay > y) != (by > y)
    z_cross = az + (y - ay) * (bz - az) / np.where(spans, by - ay, 1.0)
    inside = (spans & (z < z_cross)).sum(-1) % 2 == 1
    return np.where(inside, _segment_distance(p, a, b).min(-1), 0.0).max(-1)


def mouth_gap(model, vertices: np.ndarray) -> dict[str, np.ndarray]:
    """(V, 3) or (B, V, 3) vertices in ICT order (cm) -> FIGURES -> (B,) arrays (mm)."""
    upper, lower, upper_teeth, lower_teeth = lip_rows(model)
    x = np.asarray(vertices, np.float64).reshape(-1, *np.shape(vertices)[-2:])
    u, lo = x[:, upper, 1:], x[:, lower, 1:]  # side view (y, z)
    top, bottom = u[..., 0].min(1), lo[..., 0].max(1)
    overlap = np.maximum(_depth_inside(u, lo), _depth_inside(lo, u))
    edge, crown = x[:, upper_teeth, 1].min(1), x[:, lower_teeth, 1].max(1)
    # the opening [bottom, top] less the part between the upper incisors' edge and the lower ones' crown
    upper_part = np.clip(top - np.maximum(edge, bottom), 0.0, None)
    lower_part = np.clip(np.minimum(crown, top) - bottom, 0.0, None)
    filled = np.where(crown >= edge, np.maximum(top - bottom, 0.0), upper_part + lower_part)
    return {"gap_mm": (top - bottom) * 10.0, "overlap_mm": overlap * 10.0, "teeth_mm": filled * 10.0}


SEAL_TOLERANCE_MM = 0.1  # a residual change smaller than this is left as it is
# keys that bring lips back to rest: mouthClose closes apart lips; jawOpen (more at the centre than at the
# corners) or both mouthUpperUp (more evenly along the lip line) open lips pressed through each other
SEALING_KEYS = (("mouthClose",), ("jawOpen",), ("mouthUpperUp_L", "mouthUpperUp_R"))
# A closing change of the gap counts this many times its mm: lips passing through each other show, a fraction
# of a mm of opening does not.  More for mouthClose, which also pushes the lips into each other front to back: at
# 1.25 a disgusted face's closed lips, at the centre no lower than at rest, passed 0.47 mm into each other on a
# regressor head.
PRESS_WEIGHT, CLOSE_PRESS_WEIGHT = 1.25, 3.0


def sealing_keys(model, weights: np.ndarray) -> dict[str, float]:
    """Expression weights (E,) that leave the lips apart or through each other (a sneer lifts the upper lip,
    a raised chin pushes the lower one up) -> the key (or left/right pair) of SEALING_KEYS and the weight that
    bring the mean head's lips nearest to where its neutral face has them along the whole lip line
    (lip_line.py): the largest change of the gap over the sections (a closing change counted PRESS_WEIGHT
    times, CLOSE_PRESS_WEIGHT with mouthClose) is the smallest.  {} when no section is more than
    SEAL_TOLERANCE_MM from rest, or when no key brings the lips nearer to rest.  Expression offsets are one for
    every identity, so the mean head speaks for all (tests/test_shape_mouth.py checks `eval shape`'s heads)."""
    from .lip_line import lip_line

    names = list(model.expression_names)
    weights = np.asarray(weights, np.float64)

    def gap(keys=(), w: float = 0.0, base: np.ndarray = weights) -> np.ndarray:
        x = base.copy()
        for key in keys:
            x[names.index(key)] += w
        v = model.neutral + np.tensordot(x.astype(np.float32), model.expression_basis, 1)
        return lip_line(model, v)["gap_mm"][0]

    rest = gap(base=np.zeros_like(weights))

    def worst(keys=(), w: float = 0.0, press: float = PRESS_WEIGHT) -> float:
        """The largest change of the gap from rest, a closing one counted `press` times."""
        d = gap(keys, w) - rest
        return float(np.abs(np.where(d < 0, press * d, d)).max())

    if worst(press=1.0) < SEAL_TOLERANCE_MM:
        return {}
    best = (worst(), (), 0.0)
    for keys in SEALING_KEYS:
        press = CLOSE_PRESS_WEIGHT if keys == ("mouthClose",) else PRESS_WEIGHT
        lo, hi = 0.0, 0.5  # the largest change is unimodal in either key's weight; 0.5 is 16-19 mm of jawOpen
        for _ in range(24):  # ternary search to 0.5 * (2/3)^24 < 0.0003
            a, b = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            lo, hi = (lo, b) if worst(keys, a, press) <= worst(keys, b, press) else (a, hi)
        w = round((lo + hi) / 2, 3)
        best = min(best, (worst(keys, w), keys, w), key=lambda t: t[0])
    return {k: best[2] for k in best[1]}
