"""Long loose hair at the sides, as `tests/measure_hair_sides.py` reports it: how far the hair's outer side stands off
the scalp just above the ears (a hood stands far off) and how uneven its outline is (strand groups, not a clean-cut
shell)."""
from __future__ import annotations

import numpy as np


def _last_hit(origins: np.ndarray, dirs: np.ndarray, tri_pos: np.ndarray) -> np.ndarray:
    """(P,) distance along each unit ray to the farthest triangle of (T, 3, 3) it crosses; inf where it meets none."""
    from .ear_figures import ray_hits

    out = np.full(len(origins), np.inf)
    a, e1, e2 = tri_pos[:, 0], tri_pos[:, 1] - tri_pos[:, 0], tri_pos[:, 2] - tri_pos[:, 0]
    for i, (o, d) in enumerate(zip(origins, dirs)):
        hit, t = ray_hits(o, d, a, e1, e2)
        if hit.any():
            out[i] = float(t[hit].max())
    return out


def standoff_above_ears(model, head: np.ndarray, verts: np.ndarray, face_vertices, face_offsets) -> float:
    """Median cm from the scalp to the hair's outer side over it (the last hair surface a level ray outward from
    the head's vertical axis crosses), from the skin at the sides (60-120 degrees from the front) 1 to 3 cm above the
    ears' top: the hair's thickness there plus any air a hood leaves under it.  inf where no hair is over them."""
    from ..texture.scalp import CENTRE
    from .ear_figures import _triangles
    from .raycast import skin_triangles
    from .shape_figures import ear_vertices

    top = float(head[ear_vertices(model, head), 1].max())
    skin = head[np.unique(skin_triangles(model))]
    rel = skin - np.asarray(CENTRE)
    az = np.degrees(np.arctan2(np.abs(rel[:, 0]), rel[:, 2]))
    pick = (az > 60) & (az < 120) & (skin[:, 1] > top + 1.0) & (skin[:, 1] < top + 3.0)
    d = rel[pick] * np.array([1.0, 0.0, 1.0])
    d /= np.linalg.norm(d, axis=1, keepdims=True)
    tri = np.asarray(verts, np.float64)[_triangles(np.asarray(face_vertices), np.asarray(face_offsets))]
    return float(np.median(_last_hit(skin[pick] + 0.02 * d, d, tri)))


def _rough(x: np.ndarray, window: int) -> float:
    """RMS of a profile about its moving average over `window` samples (edge-padded)."""
    k = np.ones(window) / window
    pad = np.pad(x, window // 2, mode="edge")
    return float(np.sqrt(np.mean((x - np.convolve(pad, k, "valid")[:len(x)]) ** 2)))


def _tips(low: np.ndarray, step: float, half: float = 1.5, depth: float = 1.0) -> int:
    """Pointed locks along the ends' line (lowest hair per `step` cm): places lowest within `half` cm either side
    that hang at least `depth` cm below the highest end within 2 cm either side (runs of equal samples count once)."""
    k, k2 = int(round(half / step)), int(round(2.0 / step))
    n, last = 0, -10
    for i in range(len(low)):
        win = low[max(0, i - k):i + k + 1]
        if low[i] <= win.min() and low[max(0, i - k2):i + k2 + 1].max() - low[i] >= depth:
            n += i - last > 1
            last = i
    return n


def outline_roughness(head: np.ndarray, verts: np.ndarray, chin_y: float, step: float = 0.25,
                      window_cm: float = 4.0) -> dict:
    """The hair's outline, orthographic, in cm RMS about its own 4 cm moving average: `sides`, from the front, both
    sides' outermost hair per height from the chin down to 2 cm above the shortest hair's end; `ends`, from behind,
    the lowest hair per 0.25 cm across the back (|x| < 6 cm).  A clean-cut shell's are ~0; locks' are not.  `tips`:
    the pointed locks along that line (_tips)."""
    v = np.asarray(verts, np.float64)
    w = int(round(window_cm / step))
    out = {}
    hang = v[v[:, 1] < chin_y]
    if len(hang) < 10:
        return {"sides": 0.0, "ends": 0.0, "tips": 0}
    back = hang[(hang[:, 2] < 0) & (np.abs(hang[:, 0]) < 6.0)]
    xs = np.arange(-6.0, 6.0, step)
    low = np.array([back[np.abs(back[:, 0] - x) < step / 2 + 0.15, 1].min(initial=np.inf) for x in xs])
    low = low[np.isfinite(low)]
    out["ends"] = _rough(low, w) if len(low) > w else 0.0
    out["tips"] = _tips(low, step)
    ys = np.arange(chin_y, float(low.max()) + 2.0, -step) if len(low) else np.zeros(0)
    rough = []
    for sign in (1.0, -1.0):
        side = hang[np.sign(hang[:, 0]) == sign]
        xo = np.array([np.abs(side[np.abs(side[:, 1] - y) < step / 2 + 0.15, 0]).max(initial=-np.inf) for y in ys])
        xo = xo[np.isfinite(xo)]
        if len(xo) > w:
            rough.append(_rough(xo, w))
    out["sides"] = float(np.mean(rough)) if rough else 0.0
    return out
