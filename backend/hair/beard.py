"""A full beard's volume: a shell over the painted beard (cheeks below the beard line, jaw, chin, the moustache over
the upper lip) that hangs clear of the throat below the chin for a long beard, part of the hair mesh; and a long
goatee's: the same shell over the painted goatee alone (the chin, the mouth's surround), hanging below the chin.

Every full beard gets one (texture params `beard` >= MIN_FULL): a long one hangs, a short one (`beard_length` <
MIN_LENGTH: "a short / trimmed beard", a young man's unstated "full thick" one) lies on the jaw, its fall below the
chin and its depth there shrinking with the length; a goatee (`goatee` >= MIN_FULL, no full beard) with a stated
length of at least MIN_LENGTH ("a long goatee"); and a thick moustache alone (mustache_shape >= M_SHAPE: "thick",
"bushy", "walrus", "handlebar"), over the upper lip, nothing hanging.  Stubble, an unstated or thin moustache and a
short or unstated goatee stay painted.  The surface is one quad grid on horizontal rays from the regions chart's
vertical axis (x = 0, z = Z0), columns round the jaw (the chart's s = R * azimuth; a goatee's only across the mouth
and chin, to just past the painted goatee's sides), rows down each column:
- the outer side: the outermost skin crossed by the row's ray, out by a thickness that follows the painted beard's
  density (regions.py's maps times the params' amounts, so it tapers onto the skin at the painted borders, and is
  nothing on the lips), then below the jaw hanging straight on from it (an envelope that narrows slowly), to the
  painted long beard's rounded end (as texture/parametric.py's `long_beard` draws it);
- the inner side: back up from that end, a thickness behind the outer side and clear of the throat, landing on the
  skin at the painted neck line, so beard and skin close the volume.
Quads lying on the skin all round (no beard there, the lips and LIP_GAP round them) are left out: the mouth stays
open.  The rim (the cheek line, the mouth's cut-out) is moved onto the thickness's level line between grid vertices
and relaxed along itself, a smooth curve rather than the grid's staircase.
Each vertex follows the skin vertex its ray hit; where the beard hangs, the jaw / chin vertex it hangs from, so the
head's jawOpen key carries it (hair.posed, the add-on's keys).
"""
from __future__ import annotations

import numpy as np

from ..texture.regions import BEARD_LONG_CM, R, Z0, region_maps
from .raycast import skin_triangles

MIN_FULL, MIN_LENGTH = 0.5, 0.3  # params: a full beard; a goatee at least this long (0.3: ~2.4 cm below the neck line)
SHORT_UNDER = 0.4  # a short full beard's fall below the chin and depth there, at least this share of a long one's
N_COL, N_OUT, N_IN = 48, 72, 20  # columns across, rows down the outer side, rows back up the inner side
THICK = (0.45, 1.1)  # cm: the beard's thickness over the skin, THICK[0] + THICK[1] * beard_length
DEPTH = (1.6, 2.2)  # cm: a hanging beard's front-to-back depth at its root, DEPTH[0] + DEPTH[1] * beard_length
SLOPE = 0.12  # cm the hanging front comes in per cm down (it narrows towards the end)
EPS, CLEAR = 0.06, 0.4  # cm: off the skin where the beard lies on it; between a hanging beard and the throat
LIP_GAP = 0.15  # cm outside the lips' outline where the beard's thickness starts (0.7 cm to full)
SOURCE = 2.8  # cm above the painted neck line: the jaw and chin a hanging beard falls from (never the lips)
UV_PAD = 0.02
# The painted density (_density) over which the shell lifts off the skin to its full thickness.  The painted hairs
# cover ~10 % of the skin at density ~0.25 and ~90 % at ~0.8 (parametric.py's strands), so the shell rises out of a
# painted beard that is already nearly full, and the paint's own fade (regions.py CHEEK_FADE: ~1 cm on the cheek) shows
# above it, not a shell edge over bare skin.  Before (0.05 to 0.9) the shell lifted off where the paint covered 10-20 %
# of the skin, up to ~0.9 cm above the painted cheek line (beard_figures.cheek_lift).
DENS_ON = (0.55, 0.95)
# A full beard's moustache hangs over the upper lip's top edge (the paint stops at it): its full thickness OVER_LIP cm
# below the edge at mustache_shape 0 (a pencil: none, the shell stops above the lip as before), 0.5 (as drawn for an
# unstated shape) and 1 (a thick, walrus one), thinning to nothing over OVER_TAPER cm more; never lower than MOUTH_GAP
# cm above where the lips meet.  Before, the shell thinned to nothing ~0.3 cm above the edge (the lips' LIP_GAP): a
# bare upper lip under a moustache 0.7 cm thick at the nose (beard_figures.moustache).
OVER_LIP, OVER_TAPER, MOUTH_GAP = (0.0, 0.3, 0.6), 0.2, 0.15
ROWS_OVER_LIP = 2.5  # rows this many times as close over the upper lip (elsewhere ~0.3 cm apart: the edge's steps)
# A long goatee: a tuft narrower and thinner than a full beard, hanging from the chin alone.  Its columns reach
# G_SIDE cm past the mouth's corners (regions.py paints the goatee's sides out to corner + 1.2); it hangs G_WIDTH
# mouth-corner widths wide, G_LONG_CM * beard_length below the painted goatee's lower edge (chin - 1.3, its fade).
N_COL_G, G_SIDE, G_WIDTH, G_LONG_CM = 32, 1.6, 1.0, 4.5
G_THICK, G_DEPTH = (0.25, 0.5), (1.0, 1.2)  # cm, as THICK and DEPTH
# A thick moustache alone (mustache_shape >= M_SHAPE: "thick", "bushy", "walrus", "handlebar"): the goatee's columns
# across the mouth (to M_SIDE cm past its corners, where the painted moustache's ends fade), M_THICK cm over the
# paint, over the upper lip as a full beard's moustache (_over_lip); nothing hangs.
M_SHAPE, M_SIDE, M_THICK = 0.75, 1.2, (0.55, 0.0)


def _is_moustache(params: dict) -> bool:
    """A thick moustache painted alone (params BEARDS["mustache"], mustache_shape from "thick", "bushy", "walrus",
    "handlebar": MUSTACHE_SHAPES["thick"]); an unstated or thin one stays painted."""
    return (float(params.get("beard", 0.0)) < MIN_FULL and float(params.get("goatee", 0.0)) < MIN_FULL
            and float(params.get("mustache", 0.0)) >= MIN_FULL and float(params.get("mustache_shape", 0.5)) >= M_SHAPE)


def _is_goatee(params: dict) -> bool:
    """A goatee painted without a full beard (params BEARDS["goatee"]: with its moustache)."""
    return float(params.get("beard", 0.0)) < MIN_FULL and float(params.get("goatee", 0.0)) >= MIN_FULL


def has_beard(params: dict) -> bool:
    """Whether the painted facial hair of texture params `params` gets a mesh: any full beard, a long goatee, a thick
    moustache alone."""
    if float(params.get("beard", 0.0)) >= MIN_FULL:  # any full beard: a short one lies on the jaw (no hanging)
        return True
    return _is_moustache(params) or (_is_goatee(params) and float(params.get("beard_length", 0.0)) >= MIN_LENGTH)


def _density(model, params: dict, rows: np.ndarray) -> np.ndarray:
    """Per vertex (V,) the painted facial hair's density (0..1), on the neutral (as the albedo's regions are drawn),
    for vertices `rows` (others 0)."""
    neutral = np.asarray(model.neutral, np.float64)
    maps = region_maps(neutral[rows], neutral[np.asarray(model.landmarks)])
    t = 2.0 * float(params.get("mustache_shape", 0.5)) - 1.0  # parametric.py: blend towards a pencil or walrus shape
    shaped = maps["mustache_thick"] if t >= 0 else maps["mustache_thin"]
    mustache = maps["mustache"] + abs(t) * (shaped - maps["mustache"])
    d = (float(params.get("mustache", 0.0)) * mustache + float(params.get("goatee", 0.0)) * maps["goatee"]
         + float(params.get("beard", 0.0)) * maps["beard"])
    density = np.zeros(len(neutral))
    density[rows] = np.clip(d, 0.0, 1.0)
    return density


def _sections(v: np.ndarray, tris: np.ndarray, ys: np.ndarray, theta: np.ndarray):
    """Horizontal rays at heights `ys` (C, K) in directions `theta` (C,) from the axis (0, y, Z0): the outermost skin
    crossing -> radius (C, K) (nan: none), triangle (C, K), barycentrics (C, K, 3)."""
    C, K = ys.shape
    radius = np.full((C, K), np.nan)
    tri_of = np.zeros((C, K), np.int64)
    bary = np.zeros((C, K, 3))
    pts = v[tris]  # (T, 3, 3)
    lo, hi = pts[..., 1].min(1), pts[..., 1].max(1)
    centroid = pts.mean(1)
    az = np.arctan2(centroid[:, 0], centroid[:, 2] - Z0)
    eye = np.eye(3)
    for c in range(C):
        d = np.array([np.sin(theta[c]), np.cos(theta[c])])  # (x, z)
        cand = np.nonzero(np.abs(az - theta[c]) < 0.15)[0]  # (skin triangles are <= ~0.5 cm: any crossing is here)
        # (triangle, row) pairs whose height range holds the row's height: rows sorted by height
        order = np.argsort(ys[c])
        ysort = ys[c][order]
        first, last = np.searchsorted(ysort, lo[cand], "left"), np.searchsorted(ysort, hi[cand], "right")
        n = np.maximum(last - first, 0)
        tri = np.repeat(cand, n)
        row = order[np.repeat(first, n) + np.arange(n.sum()) - np.repeat(np.cumsum(n) - n, n)]
        p, y = pts[tri], ys[c][row]
        ends, wts, ok = [], [], []
        for i, j in ((0, 1), (1, 2), (2, 0)):
            yi, yj = p[:, i, 1], p[:, j, 1]
            flat = yj == yi
            f = (y - yi) / np.where(flat, 1.0, yj - yi)
            ok.append(~flat & (f >= 0) & (f <= 1))
            ends.append(p[:, i][:, [0, 2]] + f[:, None] * (p[:, j][:, [0, 2]] - p[:, i][:, [0, 2]]))
            wts.append(eye[i] + f[:, None] * (eye[j] - eye[i]))
        e, w, ok = np.stack(ends, 1), np.stack(wts, 1), np.stack(ok, 1)  # (P, 3 edges, ...)
        two = ok.sum(1) >= 2
        k1, k2 = np.argmax(ok, 1), 2 - np.argmax(ok[:, ::-1], 1)
        pairs = np.arange(len(tri))
        a, bb, wa, wb = e[pairs, k1], e[pairs, k2], w[pairs, k1], w[pairs, k2]
        # ray o + t d (o = (0, Z0)) against segment a + u (b - a)
        ab = bb - a
        den = -d[0] * ab[:, 1] + d[1] * ab[:, 0]
        ao = a - np.array([0.0, Z0])
        safe = np.where(np.abs(den) > 1e-12, den, 1.0)
        t = (-ao[:, 0] * ab[:, 1] + ao[:, 1] * ab[:, 0]) / safe
        u = (d[0] * ao[:, 1] - d[1] * ao[:, 0]) / safe
        hit = two & (np.abs(den) > 1e-12) & (u >= 0) & (u <= 1) & (t > 0)
        if not hit.any():
            continue
        # the outermost crossing per row: the last of the hits sorted by (row, t)
        h = np.nonzero(hit)[0]
        h = h[np.lexsort((t[h], row[h]))]
        top = h[np.r_[row[h][1:] != row[h][:-1], True]]
        radius[c, row[top]], tri_of[c, row[top]] = t[top], tri[top]
        bary[c, row[top]] = wa[top] + u[top, None] * (wb[top] - wa[top])
    return radius, tri_of, bary


def _smooth(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3 - 2 * t)


def _to_lips(lips: np.ndarray, theta: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """(C, K) cm from each grid vertex (column `theta`, height `ys`) to the lips' outline (landmarks 48-59 `lips`
    (12, 3), as regions.py draws them), in the regions chart (s = R * azimuth, y); 0 on the lips."""
    from ..texture.regions import _inside, _polyline, chart

    ls, ly = chart(lips.astype(np.float32))
    poly = np.stack([ls, ly], 1).astype(np.float64)
    s = np.broadcast_to(R * theta[:, None], ys.shape)
    d, _ = _polyline(s, ys, np.concatenate([poly, poly[:1]]))
    return np.where(_inside(s, ys, poly), 0.0, d)


def _denser(ys: np.ndarray, lo: float, hi: float, factor: float = ROWS_OVER_LIP) -> np.ndarray:
    """The rows `ys` (C, K; each column's from its top down to its end, evenly) spread again down the same span,
    `factor` times as close between heights `lo` and `hi` (fading in over 0.3 cm), as many."""
    out = np.empty_like(ys)
    t = np.linspace(0.0, 1.0, 2001)
    for c in range(len(ys)):
        y = ys[c, 0] + (ys[c, -1] - ys[c, 0]) * t
        g = 1.0 + (factor - 1.0) * _smooth(lo - 0.3, lo, y) * _smooth(hi + 0.3, hi, y)
        cum = np.concatenate([[0.0], np.cumsum(0.5 * (g[1:] + g[:-1]))])
        out[c] = np.interp(np.linspace(0.0, cum[-1], ys.shape[1]), cum, y)
    return out


def _over_lip(nl: np.ndarray, theta: np.ndarray, ys: np.ndarray, dens: np.ndarray, shape: float):
    """A full beard's moustache over the upper lip, on the grid (columns `theta`, heights `ys`), from this head's
    landmarks `nl`: (C, K) 0..1, how far the shell keeps its thickness down to and below the upper lip's top edge
    (48-54): to OVER_LIP(mustache_shape `shape`) cm below it, tapering to nothing over OVER_TAPER cm more and out
    past the mouth's corners, never lower than MOUTH_GAP above where the lips meet (60-64: the open mouth stays
    clear), 0 for a pencil moustache; (C,) the painted density it carries down (each column's densest within 0.6 cm
    above the edge: the paint stops at the lip); (C, K) bool, the upper lip's rows (below the edge, to 0.4 cm below
    where the lips meet, between the corners)."""
    from ..texture.regions import chart

    s = np.broadcast_to(R * theta[:, None], ys.shape)
    ls, ly = chart(nl.astype(np.float64))
    top = np.interp(s, ls[48:55], ly[48:55])  # (the landmarks run from -s to +s)
    meet = np.interp(s, ls[60:65], ly[60:65])
    corner = float(np.abs(ls[[48, 54]]).mean())
    drop = float(np.interp(shape, [0.0, 0.5, 1.0], OVER_LIP))
    # (the shell's rim lands up to one row below the last row it stands off at: the gap is a row more)
    gap = meet + MOUTH_GAP + np.abs(np.gradient(ys, axis=1))
    over = (_smooth(top - drop - OVER_TAPER, top - drop, ys) * _smooth(gap, gap + 0.15, ys)
            * _smooth(corner + 0.3, corner - 0.4, np.abs(s))) * (drop > 0.0)  # (a pencil line: as before)
    band = (ys >= top) & (ys < top + 0.6)
    dens_top = np.where(band, dens, 0.0).max(1)
    lip = (ys < top) & (ys > meet - 0.4) & (np.abs(s) < corner + 0.5)
    return over, dens_top, lip


def _snap_rim(cyl: np.ndarray, f: np.ndarray, used: np.ndarray, forced: np.ndarray) -> np.ndarray:
    """The grid `cyl` (C, K, 4: radius, height, azimuth, the skin's radius) with its rim on the level line f = 0 of
    the standoff field `f` (C, K) (> 0: the beard stands off the skin): each used vertex outside it (`used`: a corner
    of a kept quad; not `forced`, the hanging inner side kept on the throat) moved to the mean of the crossings
    towards its inside neighbours, interpolated linearly round the axis (so it stays on the skin's side), so the cheek
    line and the mouth's cut-out are smooth curves instead of the grid's staircase."""
    C, K = f.shape
    acc, cnt = np.zeros_like(cyl), np.zeros((C, K))
    move = used & (f < 0) & ~forced
    for dc, dk in ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (1, -1), (-1, 1), (-1, -1)):
        a = (slice(max(0, -dc), C - max(0, dc)), slice(max(0, -dk), K - max(0, dk)))  # the vertex
        n = (slice(max(0, dc), C + min(0, dc)), slice(max(0, dk), K + min(0, dk)))  # its neighbour
        ok = move[a] & (f[n] >= 0) & used[n] & (np.abs(cyl[n][..., 3] - cyl[a][..., 3]) < 0.8)  # (not off the nose)
        t = np.where(ok, f[a] / np.where(ok, f[a] - f[n], -1.0), 0.0)
        acc[a] += np.where(ok[..., None], cyl[a] + t[..., None] * (cyl[n] - cyl[a]), 0.0)
        cnt[a] += ok
    out = np.where(cnt[..., None] > 0, acc / np.maximum(cnt, 1)[..., None], cyl)
    out[..., 0] = np.where(cnt > 0, np.maximum(out[..., 0], out[..., 3] + EPS), out[..., 0])  # never under the skin
    return out


def _relax_rim(cyl: np.ndarray, keep: np.ndarray, fixed: np.ndarray, steps: int = 6) -> np.ndarray:
    """The rim of the kept quads `keep` (C - 1, K - 1) of grid `cyl` (C, K, 4, as _snap_rim) relaxed along itself
    (Taubin steps, no shrinking) where a rim vertex has two rim neighbours and is not `fixed`: the level line's
    crossings, taken one grid cell at a time, still zigzag a little."""
    C, K = keep.shape[0] + 1, keep.shape[1] + 1
    c, k = np.nonzero(keep)
    a = np.stack([c * K + k, (c + 1) * K + k, (c + 1) * K + k + 1, c * K + k + 1], 1)
    e = np.sort(np.stack([a, np.roll(a, -1, 1)], -1).reshape(-1, 2), 1)
    uniq, count = np.unique(e, axis=0, return_counts=True)
    rim = uniq[count == 1]
    ids, deg = np.unique(rim, return_counts=True)
    two = ids[(deg == 2) & ~fixed.ravel()[ids]]
    flat, other = rim.ravel(), rim[:, ::-1].ravel()
    order = np.argsort(flat, kind="stable")
    first = np.searchsorted(flat[order], two)
    nb1, nb2 = other[order][first], other[order][first + 1]
    g = cyl.reshape(-1, 4).copy()
    for _ in range(steps):
        for lam in (0.5, -0.53):
            g[two] += lam * (0.5 * (g[nb1] + g[nb2]) - g[two])
    g[two, 0] = np.maximum(g[two, 0], g[two, 3] + EPS)
    return g.reshape(cyl.shape)


def _quad_corners(quad: np.ndarray) -> np.ndarray:
    """(C - 1, K - 1) quads -> (C, K) bool: the vertices that are a corner of one of them."""
    out = np.zeros((quad.shape[0] + 1, quad.shape[1] + 1), bool)
    out[:-1, :-1] |= quad
    out[1:, :-1] |= quad
    out[:-1, 1:] |= quad
    out[1:, 1:] |= quad
    return out


def add_beard(b, model, head: np.ndarray, params: dict) -> bool:
    """The beard's quads added to the hair builder `b` (geometry._Builder) for the generated head `head` (V, 3);
    False (nothing added) when the painted beard has no volume."""
    if not has_beard(params):
        return False
    v = np.asarray(head, np.float64)
    lm = np.asarray(model.landmarks)
    neutral = np.asarray(model.neutral, np.float64)
    length = float(params.get("beard_length", 0.0))
    goatee, moust = _is_goatee(params), _is_moustache(params)
    full = not (goatee or moust)
    # regions.py's full beard extent and neck line, on this head's landmarks (the jaw the beard hangs from)
    nl = v[lm]
    jaw_s = float(np.abs(R * np.arctan2(nl[[0, 16], 0], nl[[0, 16], 2] - Z0)).mean())
    jaw_y, chin_y = float(nl[[0, 16], 1].mean()), float(nl[8, 1])
    nose_y = float(nl[31:36, 1].mean())
    if not full:  # across the mouth and chin only (no cheeks), hanging from the chin's underside (a level line)
        corner = float(np.abs(R * np.arctan2(nl[[48, 54], 0], nl[[48, 54], 2] - Z0)).mean())
        n_col, thick_cm, depth_cm = N_COL_G, (M_THICK if moust else G_THICK), G_DEPTH
        theta = np.linspace(-1.0, 1.0, n_col) * (corner + (M_SIDE if moust else G_SIDE)) / R
        a = np.abs(theta) * R
        bottom = np.full(n_col, chin_y - 1.3)
        widest = G_WIDTH * corner
        side = _smooth(widest + 0.5, widest - 0.5, a) * (not moust)  # only the chin's tuft hangs (a moustache: none)
        reach = 0.0 if moust else G_LONG_CM * length
        y_top = nose_y + 0.3  # above the moustache and the goatee's sides (regions.py: up to the nose's base)
    else:
        n_col, thick_cm, depth_cm = N_COL, THICK, DEPTH
        theta = np.linspace(-1.0, 1.0, n_col) * (jaw_s + 0.9) / R
        a = np.abs(theta) * R
        bottom = np.interp(a, [0.0, 0.6 * jaw_s, jaw_s], [chin_y - 1.3, chin_y - 1.1, jaw_y - 5.3])
        side = _smooth(jaw_s + 0.9, jaw_s - 1.5, a)  # the beard's fade towards the sideburns
        reach = BEARD_LONG_CM * length
        widest = 0.75 * jaw_s  # the painted long beard's width (parametric.py long_beard: narrowing to half at the end)
        # a short full beard (beard_length < MIN_LENGTH: "a short / trimmed beard" 0.05, an unstated young one
        # ~0.3) lies on the jaw: its fall below the chin and its depth there shrink with the length (1 from MIN_LENGTH
        # on: a long beard as before)
        under = float(np.clip(length / MIN_LENGTH, SHORT_UNDER, 1.0))
        y_top = jaw_y + 2.8  # above the sideburns' top (regions.py burn_top + 1)
    shape = np.clip(1.0 - (a / widest) ** 2, 0.0, 1.0) ** 0.9  # a U narrowing to the rounded end
    y_end = bottom - (1.0 * under if full else 1.0) - reach * shape
    ys = y_top + (y_end - y_top)[:, None] * np.linspace(0.0, 1.0, N_OUT)[None]
    if not goatee:  # rows twice as close over the upper lip (the moustache's edge over it: _over_lip)
        ys = _denser(ys, float(nl[60:65, 1].mean()) - 0.5, float(nl[50:53, 1].mean()) + 0.6)
    tris = skin_triangles(model)
    tris = tris[(v[tris][..., 1].min(1) < y_top + 0.5) & (v[tris][..., 2].max(1) > Z0 - 6.0)]  # the lower face
    density = _density(model, params, np.unique(tris))
    # the inner side: from the end back up to the neck line (the first row is the end, shared with the outer side)
    yi = y_end[:, None] + (bottom + 0.3 - y_end)[:, None] * np.linspace(0.0, 1.0, N_IN)[None]
    r_hit, tri_id, bary = _sections(v, tris, np.concatenate([ys, yi[:, 1:]], 1), theta)
    ids = tris[tri_id]  # (C, K, 3)
    anchor = ids[np.arange(n_col)[:, None], np.arange(ids.shape[1])[None], np.argmax(bary, 2)]
    dens = (bary * density[ids]).sum(2)
    missing = ~np.isfinite(r_hit)
    if missing.all(1).any():
        return False
    for c in np.nonzero(missing.any(1))[0]:  # a ray between triangles: the nearest row's hit in height
        found = np.nonzero(~missing[c])[0]
        yc = np.concatenate([ys[c], yi[c, 1:]])
        near_row = found[np.abs(yc[found][None] - yc[missing[c]][:, None]).argmin(1)]
        r_hit[c, missing[c]], anchor[c, missing[c]] = r_hit[c, near_row], anchor[c, near_row]
        dens[c, missing[c]] = dens[c, near_row]
    out_hit, in_hit = r_hit[:, :N_OUT], r_hit[:, N_OUT:]
    # thinner up the cheeks than at the jaw and chin (a goatee's moustache thinner than its chin), the sideburns
    # thinning out to the painted ones above and towards the ears (the painted beard's own fade is narrower: a thick
    # rim there reads as a strap)
    shape_y = 0.5 + 0.5 * _smooth(nose_y, chin_y + 2.0, ys)
    if moust:  # its ends thinning out past the mouth's corners (the paint's ends: a blunt block's sides before)
        shape_y = np.broadcast_to(_smooth(corner + M_SIDE, corner - 0.6, a)[:, None], ys.shape)
    if full:
        shape_y = shape_y * _smooth(jaw_y + 0.5, jaw_y - 1.5, ys) * _smooth(jaw_s + 0.9, jaw_s - 2.5, a)[:, None]
    # and to nothing at the lips over ~0.7 cm, so the rim round the open mouth lies on the skin (not a hollow edge)
    # (the distance to the lips' outline itself, not to the grid cells on them: the mouth's cut-out is a smooth curve
    # LIP_GAP outside the lips, and the beard's rim round it lies on the skin)
    to_lips = _to_lips(v[lm[48:60]], theta, ys)
    lips_gate = _smooth(LIP_GAP, LIP_GAP + 0.7, to_lips)
    dens_out = dens[:, :N_OUT]
    if not goatee:  # the moustache falls over the upper lip's top edge (_over_lip), its density carried down
        over, dens_top, on_lip = _over_lip(v[lm], theta, ys, dens_out, float(params.get("mustache_shape", 0.5)))
        lips_gate = np.maximum(lips_gate, over)
        dens_out = np.where(on_lip, np.maximum(dens_out, over * dens_top[:, None]), dens_out)
        # its vertices there follow the skin just above the lip's edge (the lower lip's, under a rim vertex snapped
        # up from it, would pull it across the open mouth with jawOpen)
        above = np.clip(np.argmax(on_lip, 1) - 1, 0, N_OUT - 1)
        anchor[:, :N_OUT] = np.where(on_lip, anchor[np.arange(n_col), above][:, None], anchor[:, :N_OUT])
    thick = (thick_cm[0] + thick_cm[1] * length) * shape_y * _smooth(DENS_ON[0], DENS_ON[1], dens_out) * lips_gate
    base = out_hit + EPS + thick
    # hanging: the front falls on from the jaw and chin (rows within SOURCE above the neck line), narrowing slowly
    src = (ys >= bottom[:, None]) & (ys <= bottom[:, None] + SOURCE) & ~missing[:, :N_OUT]
    drop = ys[:, :, None] - ys[:, None, :]  # (C, k', k): how far row k lies below row k'
    cand = np.where(src[:, :, None] & (drop >= 0), base[:, :, None] - SLOPE * drop, -np.inf)
    env = cand.max(1)  # (C, N_OUT)
    env = out_hit + side[:, None] * np.maximum(env - out_hit, 0.0)  # no hanging flap at the sideburns
    env = np.where(np.isfinite(env), env, base)
    hang = env > base
    depth = (depth_cm[0] + depth_cm[1] * length) * side * (under if full else 1.0)
    # the end rounded: the outer and inner sides meet there, half a depth behind the front
    tip = np.sqrt(np.clip((ys - y_end[:, None]) / np.maximum(np.minimum(2.0, 0.5 * (bottom - y_end)), 0.3)[:, None],
                          0.0, 1.0))
    r_out = np.maximum(base, env - 0.5 * depth[:, None] * (1.0 - tip))
    r_out = np.maximum(r_out, out_hit + EPS)
    # inner side: its own heights, the front (envelope) interpolated there
    env_at = np.stack([np.interp(-yi[c], -ys[c], np.maximum(env[c], base[c])) for c in range(n_col)])
    h = (yi - y_end[:, None]) / np.maximum((bottom + 0.3 - y_end)[:, None], 1e-6)
    free = env_at - depth[:, None] * (1.0 - 0.4 * h)  # a little thinner towards the end
    tip_in = np.sqrt(np.clip((yi - y_end[:, None]) / np.maximum(np.minimum(2.0, 0.5 * (bottom - y_end)), 0.3)[:, None],
                             0.0, 1.0))
    free = free + (1.0 - tip_in) * 0.5 * depth[:, None]
    land = _smooth(bottom[:, None] - 1.5, bottom[:, None] + 0.3, yi)  # onto the throat at the neck line
    skin_in = np.c_[out_hit[:, -1], in_hit]  # (the end's row is the outer side's last)
    r_in = np.maximum(skin_in + CLEAR * (1 - land), free * (1 - land) + (skin_in + EPS) * land)
    r_in[:, 0] = r_out[:, -1]  # the end, shared
    r_in = np.minimum(r_in, np.maximum(env_at, r_in[:, :1]))  # never in front of the front
    # anchors: the skin hit where the beard lies on it, the jaw / chin row it falls from where it hangs
    # (one per column: the lowest source row standing within 0.8 cm of the column's foremost, the jaw's lower border
    # rather than the cheek above it, which jawOpen moves less)
    top_base = np.where(src, base, -np.inf).max(1, keepdims=True)
    jaw_row = N_OUT - 1 - np.argmax((src & (base >= top_base - 0.8))[:, ::-1], 1)
    chin_anchor = anchor[np.arange(n_col), jaw_row]
    a_out = np.where(hang, chin_anchor[:, None], anchor[:, :N_OUT])
    a_in = np.c_[chin_anchor, np.where(land[:, 1:] > 0.5, anchor[:, N_OUT:], chin_anchor[:, None])]
    # one column's profile: outer rows down, inner rows (after the shared end) up
    r = np.concatenate([r_out, r_in[:, 1:]], 1)
    y = np.concatenate([ys, yi[:, 1:]], 1)
    anc = np.concatenate([a_out, a_in[:, 1:]], 1)
    hit = np.concatenate([out_hit, in_hit], 1)
    pos = np.stack([r * np.sin(theta)[:, None], y, Z0 + r * np.cos(theta)[:, None]], -1)
    # UVs: u across the columns, v down the outer side (1 at the top) to the end (0.05) and back up behind
    arc = np.concatenate([np.zeros((n_col, 1)), np.cumsum(np.linalg.norm(np.diff(pos, axis=1), axis=2), 1)], 1)
    v_out = 1.0 - 0.95 * arc[:, :N_OUT] / np.maximum(arc[:, N_OUT - 1:N_OUT], 1e-6)
    v_in = 0.05 + 0.9 * (arc[:, N_OUT - 1:] - arc[:, N_OUT - 1:N_OUT]) / np.maximum(
        arc[:, -1:] - arc[:, N_OUT - 1:N_OUT], 1e-6)
    vv = np.concatenate([v_out, v_in[:, 1:]], 1)
    standoff = r - hit
    vv = np.minimum(vv, 0.05 + 0.95 * _smooth(EPS + 0.02, EPS + 0.5, standoff))  # thinning where it meets the skin
    uu = UV_PAD + (1 - 2 * UV_PAD) * np.repeat(np.linspace(0.0, 1.0, n_col)[:, None], r.shape[1], 1)
    # quads between neighbouring columns and rows, kept where the beard stands off the skin and off the lips
    corner = lambda g: np.stack([g[:-1, :-1], g[1:, :-1], g[1:, 1:], g[:-1, 1:]], -1)  # noqa: E731
    on_skin = corner(standoff < EPS + 0.03).all(-1)
    # where the beard hangs, its inner side is kept up to its landing on the throat (its rim on the skin)
    hangs = (reach * shape > 0.5) & (side > 0.5)
    on_skin[np.nonzero(hangs[:-1] & hangs[1:])[0], N_OUT - 1:] = False
    forced = _quad_corners(corner(standoff < EPS + 0.03).all(-1) & ~on_skin)  # (those quads' corners stay put)
    keep = ~on_skin  # (the lips and LIP_GAP round them have no thickness: their quads lie on the skin)
    if not keep.any():
        return False
    cyl = _snap_rim(np.stack([r, y, np.broadcast_to(theta[:, None], r.shape), hit], -1), standoff - (EPS + 0.03),
                    _quad_corners(keep), forced)
    # (under the nose never further in: the skin turns up the nostrils' wings there, a chord would cut into them)
    nose = (y > nose_y - 0.8) & (np.abs(R * theta)[:, None] < 2.2)
    relaxed = _relax_rim(cyl, keep, forced)
    relaxed[..., 0] = np.where(nose, np.maximum(relaxed[..., 0], cyl[..., 0]), relaxed[..., 0])
    cyl = relaxed
    pos = np.stack([cyl[..., 0] * np.sin(cyl[..., 2]), cyl[..., 1], Z0 + cyl[..., 0] * np.cos(cyl[..., 2])], -1)
    ids_grid = b.add_vertices(pos.reshape(-1, 3), anc.reshape(-1)).reshape(n_col, -1)
    q = np.stack([ids_grid[:-1, :-1], ids_grid[1:, :-1], ids_grid[1:, 1:], ids_grid[:-1, 1:]], -1)
    uv = np.stack([corner(uu), corner(vv)], -1)
    start = len(b.blocks)
    b.add(q[keep], uv[keep])
    b.orient(start, "beard", outward_ref=np.array([0.0, chin_y + 2.0, Z0]))
    return True


def beard_albedo(params: dict, seed: int) -> np.ndarray:
    """(SIZE, SIZE, 4) uint8: the hair albedo in the beard's own pigments and grey (params version 9's beard_*, as the
    painted beard under it), its strands another draw than the scalp hair's."""
    from .texture import hair_albedo

    colour = {"hair_eumelanin": params.get("beard_eumelanin", params.get("hair_eumelanin", 0.42)),
              "hair_pheomelanin": params.get("beard_pheomelanin", params.get("hair_pheomelanin", 0.15)),
              "hair_grey": params.get("beard_grey", params.get("hair_grey", 0.0))}
    return hair_albedo(colour, int(seed) + 7919)


def with_beard(model, head: np.ndarray, params: dict, seed: int, hair, hair_albedo_of):
    """The hair geometry `hair` (geometry.HairGeometry or None) with the beard added as part `beard`, and the
    albedo: -> (geometry or None, albedo or None).  Without a beard both are the hair's as before (bit-identical);
    with one, the hair's and the beard's albedos side by side (u halved), or the beard's alone on a bald head.
    `hair_albedo_of()`: the scalp hair's albedo."""
    from .geometry import HairGeometry, _Builder

    b = _Builder()
    if not add_beard(b, model, head, params):
        return hair, (hair_albedo_of() if hair is not None else None)
    beard = b.geometry()
    if hair is None:
        return beard, beard_albedo(params, seed)
    n, f = len(hair.vertices), len(hair.face_offsets) - 1
    half = np.array([0.5, 1.0], np.float32)
    parts = dict(hair.parts)
    parts.update({k: (lo + f, hi + f) for k, (lo, hi) in beard.parts.items()})
    geo = HairGeometry(
        vertices=np.concatenate([hair.vertices, beard.vertices]), anchor=np.concatenate([hair.anchor, beard.anchor]),
        face_vertices=np.concatenate([hair.face_vertices, beard.face_vertices + n]).astype(np.int32),
        face_offsets=np.concatenate([hair.face_offsets, beard.face_offsets[1:] + hair.face_offsets[-1]]).astype(np.int32),
        loop_uvs=np.concatenate([hair.loop_uvs * half, beard.loop_uvs * half + np.array([0.5, 0.0], np.float32)]),
        parts=parts)
    return geo, np.concatenate([hair_albedo_of(), beard_albedo(params, seed)], axis=1)
