"""The hair's main surface: one quad grid of columns round the head (azimuth) and rows along the strands, so the cap
and any loose hair hanging from it are one smooth surface (no seam or crease where hair leaves the skull).

Each column lies in the vertical half-plane of its azimuth.  Its row 0 is the crown (one vertex shared by all
columns).  The outer rows follow the scalp, offset by the hair's thickness, down to where the hair leaves the skull
(the column's widest point) or, where nothing hangs (the face's side of the head), to the painted hairline; hanging
hair then falls clear of the ears, jaw and neck to its tip.  Loose hair turns round the tip and its inner rows
(`underside`) come back up behind it to the hairline, ending a little under the cap on the scalp, so the hair and the
scalp close its volume and no open edge can be seen into.  Short hair has only the outer rows, ending on the scalp
at the hairline.  The hairline (where each column leaves the painted hair) is smoothed round the head, so the rim is
a smooth curve, not the grid's staircase; columns and rows are resampled by arc length and the grid is relaxed
(Laplacian steps) before everything is pushed clear of the skin.
"""
from __future__ import annotations

import numpy as np

N_THETA = 112  # columns round the head
N_PROBE = 72  # rays per column that find the hairline and the skull's profile
PHI_MAX = np.radians(150.0)  # down to the nape's hairline
EPS = 0.06  # cm the surface stands off the skin where it lies on it
UNDER = 1.2  # cm the underside runs on up under the cap past the hairline
STUB = 2.0  # cm the skin widens below the chin where the shoulders' stub starts (shoulder-length hair ends above)
STUB_BACK, REST = 3.0, 1.0  # at the back (the upper back's slope): cm more widening allowed, cm the ends rest down it
HANG_FROM, HANG_TO = np.radians(48.0), np.radians(80.0)  # azimuths (from the front) over which hanging hair starts
# ... hair tucked behind the ears (HairStyle.ears): in front of and over the ears only the cap, hanging from behind them
TUCK_FROM, TUCK_TO = np.radians(100.0), np.radians(122.0)
# An undercut (style.cut): the cap stops LINE cm above the painted shaved band's line (its params' side_shave and
# shave_shape through texture/scalp_cuts.py's zone, on the neutral head, as the albedo paints it), so the shaved sides
# and back show (no band painted, as on heads before params version 14: a normal cap); the top is thicker (TOP x) and
# ends at its sides and back in a short edge (CUT_RAMP cm, not the hairline's taper) over the shaved skin
UNDERCUT_LINE, UNDERCUT_TOP, UNDERCUT_RAMP = 0.3, 1.5, 0.8
# ... and meets the forehead as hair does, not as a lid: the hairline's temple corners recede (up to CORNER cm, most
# FRONT_CORNER degrees either side of the front), the top grows over FRONT_RAMP cm from the hairline (not a wall at
# it) and stands up off the forehead (SWEEP: the offset tilted upward at the front), swept up and back
UNDERCUT_CORNER, UNDERCUT_FRONT_CORNER, UNDERCUT_FRONT_RAMP, UNDERCUT_SWEEP = 2.0, 42.0, 3.2, 0.9
# An afro (hang["round"]): one ball round the skull (an ellipsoid, BALL cm past the skull's sides, top and back, its
# centre at the brows' height), the cap and the hanging sides both out to it, so the outline is round from the front
# and the side; curls are bumps on it (CURL_WAVE cm across, up to CURL_AMP cm high, outward only)
BALL_SIDE, BALL_TOP, BALL_BACK, BALL_MIN = 6.0, 4.8, 5.0, 1.2
CURL_WAVE, CURL_AMP = 3.0, 1.3
LOW_EXTRA = 1.0  # cm: the ball's lower half reaches this far below the hanging tips (its outline rounds into them)
# Loose hair falls over the ears as a sheet, not a hood: each hanging column clears the skin of its own azimuth
# (HULL_WIDTH either side, not the table's 12 degrees) and its neighbours' only through a slope round the head
# (HULL_SLOPE cm in per cm of arc): in front of an ear the hair curves in from over the ear to lie on the cheek, so
# the ear is behind hair from the front and no gap opens between the hair's front edge and the face
HULL_WIDTH, HULL_SLOPE = np.radians(4.5), 0.45
# Above the ears it lies on the head: the sheet leans out over an ear from just above it (HULL_LEAN cm out per cm
# down, not the 0.45 that swelled the cap from high up into a hood) and the cap over the hanging columns is thinner
# (SIDE_THIN of its thickness off at the sides, where all of a column hangs: straight hair lies flat there; the back
# keeps its thickness, so the sheet there stays off the upper back's slope)
HULL_LEAN, SIDE_THIN = 1.0, 0.3
# ... and the sheet in front of the ear lies on the face behind it (its inner side CLEAR off the skin) from above the
# ear to below the lobe (fading out over EAR_FADE cm), so no pocket under it opens towards the front: a camera in
# front sees the lobe only past hair.  Full in front of EAR_AZ[0] degrees, none behind EAR_AZ[1]
EAR_AZ, EAR_FADE = (82.0, 96.0), 3.0
# Long hair's ends part into locks, not a clean-cut shell: the columns are grouped into locks LOCK_COLS columns wide
# (random in that range, ~2-4 cm); each lock's ends come to a point (its middle up to LOCK_DEPTH cm longer than its
# edges) and between locks the outer side dips in (LOCK_GROOVE cm, over the lower LOCK_FROM share of the length),
# so the sides' outline and the ends are a row of strand groups
# and each straight lock swings out and in along its length on its own (LOCK_SWING cm, one swing per ~LOCK_PERIOD cm, growing
# down from where it leaves the skull), so the side outline is the locks' edges, not one straight line
LOCK_COLS, LOCK_DEPTH, LOCK_GROOVE, LOCK_FROM = (4, 8), (2.5, 6.0), 0.55, 0.55
LOCK_SWING, LOCK_PERIOD = 0.45, 12.0
LOCK_MID = 0.6  # the locks' ends lie round the stated length: a lock LOCK_MID x the deepest longer ends at it


def _smoothstep(x):
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


def _circular_smooth(x: np.ndarray, sigma: float) -> np.ndarray:
    """Gaussian smoothing of per-column values round the head (the columns wrap)."""
    k = int(np.ceil(3 * sigma))
    w = np.exp(-0.5 * (np.arange(-k, k + 1) / sigma) ** 2)
    w /= w.sum()
    padded = np.concatenate([x[-k:], x, x[:k]])
    return np.convolve(padded, w, "valid")


def _resample(poly: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """n points at equal arc length along a polyline (P, 3) -> points, index of the node before each."""
    seg = np.linalg.norm(np.diff(poly, axis=0), axis=1)
    s = np.r_[0.0, np.cumsum(seg)]
    t = np.linspace(0.0, s[-1], n)
    i = np.clip(np.searchsorted(s, t, side="right") - 1, 0, len(poly) - 2)
    f = np.where(seg[i] > 1e-12, (t - s[i]) / np.where(seg[i] > 1e-12, seg[i], 1.0), 0.0)
    return poly[i] + f[:, None] * (poly[i + 1] - poly[i]), i + (f > 0.5)


def hairline_exit(field: np.ndarray, phi: np.ndarray) -> np.ndarray:
    """Per column, the polar angle where it first leaves the hair (field (rows, cols) > 0 inside), interpolated
    between rows; PHI's last value where it never does."""
    rows, cols = field.shape
    inside = field > 0
    out = np.full(cols, phi[-1])
    first_out = np.argmax(~inside, axis=0)
    leaves = ~inside.all(0)
    for j in np.nonzero(leaves)[0]:
        i = first_out[j]
        if i == 0:
            out[j] = 0.0
            continue
        f0, f1 = field[i - 1, j], field[i, j]
        out[j] = phi[i - 1] + (phi[i] - phi[i - 1]) * f0 / max(f0 - f1, 1e-9)
    return out


def _taubin(grid: np.ndarray, fixed_rows: tuple, steps: int = 6) -> np.ndarray:
    """Taubin (lambda/mu) relaxation of a grid (cols, rows, 3) whose columns wrap: creases and kinks round off
    without the surface shrinking onto the head; rows in `fixed_rows` stay."""
    g = grid.copy()
    free = np.ones(g.shape[1], bool)
    free[list(fixed_rows)] = False
    for _ in range(steps):
        for lam in (0.5, -0.53):
            nb = 0.5 * (np.roll(g, 1, 0) + np.roll(g, -1, 0))  # round the head
            along = 0.5 * (g[:, :-2] + g[:, 2:])  # along the strands
            lap = np.zeros_like(g)
            lap[:, 1:-1] = 0.5 * (nb[:, 1:-1] + along) - g[:, 1:-1]
            g[:, free] += lam * lap[:, free]
    return g


def drape(head, style, rng, thick: float, ramp: float, fringe: float, hang: dict | None, lumps: float = 0.0):
    """The hair's main surface on `head` (geometry._Head) -> dict(grid (cols, rows, 3), anchor (cols, rows),
    v (cols, rows) UV v, n_outer (rows of the outer side), theta) or None where the crown has no painted hair (a
    horseshoe: the caller builds a masked cap).  `thick`: the cap's thickness (cm); `ramp`: cm inside the hairline
    over which it grows to it; `fringe`: cm the hairline moves down the forehead; `hang`: None (nothing hangs) or
    dict(y_end (cm, where the longest hair ends), slab (cm, hanging hair's thickness), jitter (cm, uneven ends),
    curl_under (bool: a bob's ends turn in), wave (cm), round (optional: an afro's ball, curving in to a thick
    rounded lower edge)); `lumps`: curls' uneven outline, the share by which the thickness varies round the head."""
    c = head.centre
    theta = -np.pi + 2 * np.pi * np.arange(N_THETA) / N_THETA
    cut = _undercut(head) if style.cut == "undercut" else None  # None: no band painted (params < 14), a normal cap
    if cut is not None:
        head, thick = cut, thick * UNDERCUT_TOP
        side = _smoothstep((np.abs(theta) - np.radians(40.0)) / np.radians(30.0))  # the front keeps the hairline
        ramp = UNDERCUT_FRONT_RAMP + (UNDERCUT_RAMP - UNDERCUT_FRONT_RAMP) * side
    phi = np.linspace(0.0, PHI_MAX, N_PROBE + 1)
    P, T = np.meshgrid(phi, theta, indexing="ij")  # (rows, cols)
    dirs = np.stack([np.sin(P) * np.sin(T), np.cos(P), np.sin(P) * np.cos(T)], -1).reshape(-1, 3)
    pts, n, anchor, hd, rho = head.surface(dirs)
    hit = np.isfinite(pts[:, 0])
    if fringe:  # the hairline moved down the forehead in front, stopping above the brows
        front = _smoothstep((np.cos(T.ravel()) - np.cos(np.radians(55))) / (1 - np.cos(np.radians(55))))
        above = _smoothstep((np.nan_to_num(pts[:, 1]) - head.brow_y - 0.9) / 0.8)
        hd = hd + fringe * front * above
    field = np.where(hit, hd - 0.1, -1.0).reshape(P.shape)
    if field[0].max() <= 0:
        return None
    exit_phi = _circular_smooth(hairline_exit(field, phi), 1.6)
    az = np.abs(theta)  # from the front
    hang_from, hang_to = (TUCK_FROM, TUCK_TO) if hang and hang.get("tucked") else (HANG_FROM, HANG_TO)
    a = _smoothstep((az - hang_from) / (hang_to - hang_from)) if hang else np.zeros(N_THETA)
    hdir = np.stack([np.sin(theta), np.zeros(N_THETA), np.cos(theta)], 1)
    # where hair leaves the skull: each column's widest point above its hairline (the skin's, the cap follows it)
    skin = pts.reshape(*P.shape, 3)
    r_skin = np.einsum("rck,ck->rc", np.nan_to_num(skin - c, nan=-1e3), hdir)
    r_skin[P > exit_phi[None]] = -1e3
    leave = phi[np.argmax(r_skin, 0)]
    # ... but at the sides no lower than the parietal bulge: hair over the ears drapes from high up, not from just
    # above them (a shoulder where it clears them)
    leave = _circular_smooth(np.minimum(leave, np.radians(72.0) + np.radians(40.0) * _smoothstep((az - np.radians(110))
                                                                                              / np.radians(40))), 2.0)
    top = exit_phi + a * (np.minimum(leave, exit_phi) - exit_phi)  # where the outer side stops following the scalp
    # the scalp again, along each column from the crown to `top` (and just past the hairline, under the cap)
    n_cap, n_under = 48, 4
    rim_r = np.linalg.norm(skin[0, 0] - c)
    rows_phi = np.concatenate([np.linspace(0.0, 1.0, n_cap)[:, None] * top[None],
                               exit_phi[None] - np.linspace(0.0, UNDER / rim_r, n_under)[:, None]])
    T2 = np.broadcast_to(theta, rows_phi.shape)
    d2 = np.stack([np.sin(rows_phi) * np.sin(T2), np.cos(rows_phi), np.sin(rows_phi) * np.cos(T2)], -1)
    p2, n2, anc2, _, rho2 = head.surface(d2.reshape(-1, 3))
    p2, n2 = p2.reshape(*rows_phi.shape, 3), n2.reshape(*rows_phi.shape, 3)
    anc2, rho2 = anc2.reshape(rows_phi.shape), rho2.reshape(rows_phi.shape)
    miss = ~np.isfinite(p2[..., 0])
    if miss.any():  # a ray through a gap in the skin: the neighbour row's hit
        for k in np.argwhere(miss):
            p2[k[0], k[1]] = p2[max(k[0] - 1, 0), k[1]]
            n2[k[0], k[1]] = n2[max(k[0] - 1, 0), k[1]]
    dist = np.linalg.norm(p2 - c, axis=-1)
    to_rim = (exit_phi[None] - rows_phi) * dist  # cm along the scalp to the hairline
    w = _smoothstep(to_rim / ramp) * np.clip((rho2 - 0.25) / 0.45, 0.0, 1.0)
    radial = (p2 - c) / dist[..., None]
    off = n2 + (0.3 + thick / 3.0) * radial
    if cut is not None:  # the front stands up off the forehead, swept up and back (no ledge over the brows)
        off = off + UNDERCUT_SWEEP * (1.0 - side)[None, :, None] * np.array([0.0, 1.0, 0.0])
    off /= np.linalg.norm(off, axis=-1, keepdims=True)
    jitter = np.convolve(rng.normal(0, 1.0, N_THETA + 12), np.ones(7) / 7, "valid")[:N_THETA + 6]
    jitter = jitter[3:N_THETA + 3] if hang else None
    t = thick * w[:n_cap]
    ball = _ball(head) if hang and hang.get("round") else None
    if ball is not None:  # out to the ball (never thinner than BALL_MIN), tapering to the hairline as before
        hang = {**hang, "ball": ball}
        t = np.maximum(_to_ball(p2[:n_cap], off[:n_cap], ball), BALL_MIN) * w[:n_cap]
    if cut is not None:  # the top swept up at the front, lower towards the crown and back (no bowl)
        t = t * (0.75 + 0.6 * _smoothstep((d2[:n_cap, :, 2] + 0.5) / 1.2))
    if lumps and ball is None:  # curls: a soft, irregular outline (smooth noise over the directions, drawn after the ends' jitter)
        k = rng.normal(0, 2.2, (3, 5))
        ph = rng.uniform(0, 2 * np.pi, 5)
        t = t * (1 + lumps * np.sin(d2[:n_cap] @ k + ph).sum(-1) / np.sqrt(2.5))
    cap = p2[:n_cap] + off[:n_cap] * (EPS + t)[..., None]
    under = p2[n_cap:] + n2[n_cap:] * (0.5 * EPS)
    outer_polys, inner_polys, outer_anc, inner_anc = [], [], [], []
    floor = _stub_floor(head, theta) if hang and hang.get("above_stub") else None
    if hang and ball is None:
        hang = {**hang, "hull": _hull(head)}
        if not hang["wave"]:  # (straight hair; curly hair keeps its volume)
            side = a * (1.0 - _smoothstep((az - np.radians(110.0)) / np.radians(30.0)))  # (not the back: the
            cap = p2[:n_cap] + off[:n_cap] * (EPS + t * (1.0 - SIDE_THIN * side)[None])[..., None]  # upper back)
    lock = _locks(rng) if hang and hang.get("locks") else np.zeros((N_THETA, 3))  # (drawn last: others' draws stay)
    for j in range(N_THETA):
        col = cap[:, j].copy()  # _hang may swell it
        poly_o, anc_o = list(col), list(anc2[:n_cap, j])
        poly_i, anc_i = [], []
        if hang:
            hj = hang if floor is None else {**hang, "floor": floor[j]}
            if hang.get("locks"):
                hj = {**hj, "lock": lock[j]}
            hp, hi, ha_o, ha_i = _hang(head, hj, col, anc2[:n_cap, j], a[j], theta[j], jitter[j],
                                       p2[n_cap, j] + n2[n_cap, j] * 0.5 * EPS, anc2[n_cap, j])
            poly_o = list(col) + hp
            anc_o += ha_o
            poly_i += hi
            anc_i += ha_i
            poly_i += list(under[:, j])
            anc_i += list(anc2[n_cap:, j])
        outer_polys.append((np.array(poly_o), np.array(anc_o)))
        inner_polys.append((np.array(poly_i), np.array(anc_i)))
    surface = _grid(head, outer_polys, inner_polys, hang, theta, a)
    if ball is not None:
        _curls(head, surface, rng)
    return surface


def _ball(head):
    """An afro's ball round the skull: (centre (3,), radii (3,)) of an ellipsoid BALL_SIDE cm past the skull's
    widest sides, BALL_TOP over its top, BALL_BACK past its back, its centre at the brows' height."""
    sk = head.v[head.skin]
    sk = sk[sk[:, 1] > head.brow_y]
    half, top, back = np.abs(sk[:, 0] - head.centre[0]).max(), sk[:, 1].max(), sk[:, 2].min()
    centre = np.array([head.centre[0], head.brow_y + 0.5, head.centre[2] - 1.5])
    return centre, np.array([half + BALL_SIDE, top + BALL_TOP - centre[1], centre[2] - back + BALL_BACK])


def _to_ball(p, d, ball) -> np.ndarray:
    """cm from points p (..., 3) along unit directions d to the ball's surface (the far root; 0 where the line
    misses it or it lies behind)."""
    centre, radii = ball
    q, e = (p - centre) / radii, d / radii
    a, b, cc = (e * e).sum(-1), 2 * (q * e).sum(-1), (q * q).sum(-1) - 1
    disc = b * b - 4 * a * cc
    return np.where(disc > 0, np.maximum((-b + np.sqrt(np.maximum(disc, 0.0))) / (2 * a), 0.0), 0.0)


def _curls(head, surface: dict, rng, wave: float = CURL_WAVE, amp: float = CURL_AMP, taper: float = 2.0) -> None:
    """An afro's curls (or a short curly crop's, geometry.CROP_*): the outer side (not its rim on the scalp) moved
    out along the ray from the centre by bumps `wave` cm across and up to `amp` cm high (a sum of random plane waves
    over the directions, squashed to 0..1, the same size every way: no folds), scaled down where the hair is thinner
    than `taper` cm so the hairline stays on the skin."""
    g, n_out, c = surface["grid"], surface["n_outer"], head.centre
    out = g[:, 1:n_out - 1].reshape(-1, 3)
    rel = out - c
    r = np.linalg.norm(rel, axis=1)
    u = rel / r[:, None]
    k = rng.normal(0, 1.0, (3, 24))
    k /= np.linalg.norm(k, axis=0, keepdims=True)
    freq = 2 * np.pi * np.median(r) / wave
    noise = np.sin(freq * u @ k + rng.uniform(0, 2 * np.pi, 24)).sum(1) / np.sqrt(12.0)
    skin, _, _ = head.rays.cast(rel)
    thick = np.where(np.isfinite(skin), r - skin, 2.0)
    bump = amp * 0.5 * (1 + np.tanh(1.5 * noise)) * _smoothstep(thick / taper)
    g[:, 1:n_out - 1] = (c + u * (r + bump)[:, None]).reshape(g[:, 1:n_out - 1].shape)


def _locks(rng) -> np.ndarray:
    """(N_THETA, 3) per column: how much longer its ends are than its lock's edges (cm), how far its outer side
    dips in (0 at a lock's middle, 1 at its edges, where it parts from the next lock) and its lock's swing phase."""
    out = np.zeros((N_THETA, 3))
    start = int(rng.integers(0, LOCK_COLS[1]))
    j = 0
    while j < N_THETA:
        n = int(rng.integers(LOCK_COLS[0], LOCK_COLS[1] + 1))
        n = min(n, N_THETA - j) if N_THETA - j - n >= LOCK_COLS[0] else N_THETA - j  # no sliver at the wrap
        u = (np.arange(n) + 0.5) / n
        prof = np.sin(np.pi * u)
        cols = (start + j + np.arange(n)) % N_THETA
        out[cols, 0] = rng.uniform(*LOCK_DEPTH) * prof ** 0.8
        out[cols, 1] = 1.0 - prof
        out[cols, 2] = rng.uniform(0.0, 2 * np.pi)
        j += n
    return out


def _hull(head):
    """A shallow copy of `head` (geometry._Head) whose clearance table is the skin's widest radius per azimuth and
    height, spread round the head along a slope (HULL_SLOPE cm per cm of arc): what a sheet of hair falling past the
    ears must clear (an ear's radius reaches the columns in front of it, less the slope times the arc between)."""
    import copy

    h = copy.copy(head)
    w = head.widest
    step = 2 * np.pi / w.shape[0]
    out = w.copy()
    for k in range(1, int(np.ceil(np.radians(60.0) / step))):
        for shift in (k, -k):
            nb = np.roll(w, shift, 0)
            out = np.maximum(out, nb * (1.0 - HULL_SLOPE * k * step))
    h.widest = out
    lm = np.asarray(head.model.landmarks)
    h.ear_low = float(head.v[lm[[48, 54]], 1].mean()) - 1.0  # under the lobes (shape_figures.ear_vertices' band)
    return h


def _stub_floor(head, theta: np.ndarray) -> np.ndarray:
    """Per column, the lowest height shoulder-length hair may end: it rests on the neck and ends where the
    shoulders' stub (the ICT mesh's cut-off shoulders) starts below the column instead of flaring out over it in an
    A-line; towards the back it may rest on the upper back's slope (STUB_BACK cm more widening, REST cm down it), so
    the tips reach the length there.  Smoothed round the head (over its neighbours' highest): the ends are one
    line, not steps."""
    yy = np.arange(head.chin_y, head.chin_y - 20.0, -0.5)
    out = np.full(len(theta), -np.inf)
    for j, th in enumerate(theta):
        cl = head.clearance(th, yy, below=0.5)
        to_back = _smoothstep((abs(th) - np.radians(100)) / np.radians(50))
        wide = np.nonzero(cl > cl[0] + STUB + STUB_BACK * to_back)[0]
        if len(wide):  # above what the clearance looks at below
            out[j] = float(yy[wide[0]]) + 1.5 - REST * to_back
    out = np.where(np.isfinite(out), out, yy[-1])
    out = np.max([np.roll(out, k) for k in range(-2, 3)], 0)  # no column lower than its own floor after smoothing
    return _circular_smooth(out, 1.5)


def shaved_band(neutral: np.ndarray, params: dict) -> np.ndarray:
    """(N,) signed distance (cm, > 0 where hair keeps its length) to the painted shaved zone's line, per neutral
    position (N, 3): texture/scalp_cuts.py's shaved_zone (a mohawk's sides, an undercut's sides and back, blended by
    shave_shape) taken at its half-way level, so the cap stops where the albedo paints the sides shaved."""
    from ..texture.scalp_cuts import EDGE, STRIP_HALF, UNDERCUT_Y

    x, y = neutral[:, 0], neutral[:, 1]
    sig = lambda u: 1.0 / (1.0 + np.exp(-np.clip(u, -60.0, 60.0)))  # noqa: E731
    mohawk, under = sig((np.abs(x) - STRIP_HALF) / EDGE), sig((UNDERCUT_Y - y) / EDGE)
    zone = np.clip(mohawk + float(params.get("shave_shape", 0.0)) * (under - mohawk), 1e-9, 1.0 - 1e-9)
    return EDGE * np.log((1.0 - zone) / zone)  # the zone's logit, back in cm (exact for a pure undercut: y - line)


def _undercut(head):
    """A shallow copy of `head` (geometry._Head) whose painted hair ends UNDERCUT_LINE cm above the painted shaved
    band (its params' side_shave / shave_shape): the hairline's signed distance (per vertex, cm, > 0 inside) capped by
    the distance to the band's line.  None where no band is painted (side_shave under half: every head before params
    version 14 has a normal crop, so its cap is a normal one)."""
    import copy

    params = head.params
    if float(params.get("side_shave", 0.0)) < 0.5:
        return None
    h = copy.copy(head)
    neutral = np.asarray(head.model.neutral, np.float64)
    band = shaved_band(neutral, params)
    # the temple corners recede: a hairline that curves back from the middle of the forehead to the band's line,
    # not the forehead's straight line meeting it at a corner
    from ..texture.scalp import CENTRE

    rel = neutral - CENTRE
    az = np.degrees(np.abs(np.arctan2(rel[:, 0], rel[:, 2])))
    corner = np.exp(-0.5 * ((az - UNDERCUT_FRONT_CORNER) / 18.0) ** 2) * (rel[:, 2] > 0)
    h.d = np.minimum(head.d - UNDERCUT_CORNER * corner, band - UNDERCUT_LINE).astype(np.float32)
    return h


def _hang(head, hang: dict, cap_col, cap_anc, a: float, th: float, jit: float, rim, rim_anchor):
    """One column's hanging hair in its half-plane: the outer side from where it leaves the skull (the cap column's
    last point) down to a rounded tip, and the inner side back up to the hairline point `rim` (not included).
    -> outer points, inner points, their anchors (lists)."""
    from .geometry import CLEAR

    if a < 1e-3:
        return [], [], [], []
    c = head.centre
    top, top_anchor = cap_col[-1], int(cap_anc[-1])
    hdir = top - c
    hdir[1] = 0.0
    hdir /= np.linalg.norm(hdir)
    r_top, y_top = float((top - c) @ hdir), float(top[1])
    back = 1.0 - abs(np.cos(th))  # longer at the back than at the sides
    y_tip = y_top - a * (y_top - (hang["y_end"] - (1.5 * back + 0.6 * jit) * hang["uneven"]))
    if "lock" in hang:  # the ends part into locks, each coming to a point (_locks), round the stated length
        y_tip -= a * (float(hang["lock"][0]) - LOCK_MID * LOCK_DEPTH[1])
    if "floor" in hang:  # shoulder-length hair ends above the shoulders' stub (_stub_floor)
        y_tip = max(y_tip, float(hang["floor"]))
    slab = hang["slab"] * np.sqrt(a)  # thinner towards the face, where the hanging part starts
    ys = np.linspace(y_top, y_tip, max(3, int(np.ceil((y_top - y_tip) / 0.5)) + 1))
    grow = _smoothstep((y_top - ys) / 1.5)  # room for the inner side opens up below where it leaves the skull
    look = 0.5 if hang.get("above_stub") else 1.0  # ends above the stub: no flaring out for what lies below them
    hull, hw = head, np.radians(12.0)
    if "hull" in hang:  # (behind the ears the table's wider look as before: the upper back's slope)
        hull = hang["hull"]
        hw = HULL_WIDTH + (hw - HULL_WIDTH) * _smoothstep((abs(th) - np.radians(110.0)) / np.radians(30.0))
    must = np.maximum(hull.clearance(th, ys, hw, below=1.5 * look) + CLEAR + slab * grow,
                      hull.clearance(th, ys, hw, below=2.5 * look) + CLEAR + 0.2 * grow)
    need = must.copy()
    lean = HULL_LEAN if "hull" in hang else 0.45
    for k in range(len(ys) - 2, -1, -1):  # hair over a wider part (the ears) leans out above it, not a ledge
        need[k] = max(need[k], need[k + 1] - lean * (ys[k] - ys[k + 1]))
    if need[0] > r_top and hang.get("ball") is None:  # the hair above swells out to meet it (an afro's ball: no) (the cap thicker towards where hair leaves it)
        k = np.linspace(0.0, 1.0, len(cap_col))
        cap_col[:] = cap_col + (need[0] - r_top) * _smoothstep((k - 0.35) / 0.65)[:, None] * hdir
        top = cap_col[-1]
        r_top = float((top - c) @ hdir)
    need = np.maximum(np.minimum(need, r_top + 0.6 * (y_top - ys)), must)
    r_out = np.maximum(need, r_top + np.clip(0.04 * (y_top - ys), 0.0, 0.8))  # falls straight, flaring a little
    floor = r_out.copy()
    for _ in range(40):  # a smooth envelope over what it must clear (hair drapes over the ears, no shoulder)
        r_out[1:-1] = np.maximum(floor[1:-1], 0.25 * r_out[:-2] + 0.5 * r_out[1:-1] + 0.25 * r_out[2:])
    if hang.get("ball") is not None:  # an afro: the ball's outline from where it leaves the skull, curving in under
        # it to a thick, rounded lower edge clear of the jaw
        low = head.clearance(th, ys, falls=False) + CLEAR  # (under the back of the head it rounds in, clear of it)
        base = np.stack([np.full_like(ys, c[0]), ys, np.full_like(ys, c[2])], 1)
        r_ball = _to_ball(base, np.broadcast_to(hdir, base.shape), hang["ball"])
        # below its middle the ball's outline comes round to the tip's height (not on down past it to a square edge
        # and a flat wall at the back): the lower half of an ellipse as wide, as deep as the middle is above the tip
        centre, radii = hang["ball"]
        low_ball = (centre, np.array([radii[0], max(centre[1] - y_tip + LOW_EXTRA, 1.0), radii[2]]))
        r_low = _to_ball(base, np.broadcast_to(hdir, base.shape), low_ball)
        r_ball = np.where(ys < centre[1], np.minimum(r_ball, r_low), r_ball)
        r_ball = r_ball + (r_top - r_ball[0]) * (1 - _smoothstep((y_top - ys) / 3.0))  # meets the cap
        r_out = np.maximum(r_ball, low + 0.25 * slab * grow)  # (thinner than the old 0.45: the edge curves in)
    if hang["wave"]:
        r_out = r_out + hang["wave"] * (1 + np.sin(ys * 1.3 + hang["phase"])) * grow
    if "lock" in hang:  # between locks the outer side dips in towards the ends (strand groups, not one shell)
        down = (y_top - ys) / max(y_top - y_tip, 1e-6)
        rest = r_out.copy()
        r_out = r_out - LOCK_GROOVE * a * float(hang["lock"][1]) * _smoothstep((down - (1 - LOCK_FROM)) / LOCK_FROM * 1.5)
        if not hang["wave"]:  # (curly hair has its wave: the two together tip the outer side's normals down)
            swing = np.sin(2 * np.pi * (y_top - ys) / LOCK_PERIOD + float(hang["lock"][2]))
            r_out = r_out + LOCK_SWING * a * swing * _smoothstep((y_top - ys) / 8.0)
        r_out = np.maximum(r_out, np.minimum(rest, must))  # (no dipping into what it rests on)
    if hang["curl_under"]:  # a bob's ends turn in under themselves
        turn = _smoothstep((y_tip + 3.0 - ys) / 3.0)
        r_out = np.maximum(r_out - 0.8 * slab * turn, head.clearance(th, ys, below=1.5) + CLEAR + 0.3 * slab)
    s_tip = max((0.45 if hang.get("round") else 0.35) * slab, 0.12)
    rc = r_out[-1] - s_tip / 2
    al = np.linspace(0.0, -np.pi, 7)[1:-1]  # round the tip
    tip = [(rc + s_tip / 2 * np.cos(x), y_tip + s_tip / 2 * np.sin(x)) for x in al]
    y_rim = float(rim[1])
    ys_in = np.linspace(y_tip, max(y_rim, y_tip + 0.5), max(3, int(np.ceil(abs(y_rim - y_tip) / 0.6)) + 1))
    if hang.get("ball") is None:
        r_at = np.interp(ys_in, ys[::-1], r_out[::-1])
        s = slab * (0.35 + 0.65 * _smoothstep((ys_in - y_tip) / 4.0))
        r_in = np.minimum(np.maximum(r_at - s, head.clearance(th, ys_in) + CLEAR), r_at - 0.15)
        if "hull" in hang:  # in front of the ear the sheet lies on the face down past the lobe (no pocket)
            close = (1 - _smoothstep((np.degrees(abs(th)) - EAR_AZ[0]) / (EAR_AZ[1] - EAR_AZ[0]))) \
                * _smoothstep((ys_in - hang["hull"].ear_low + EAR_FADE) / EAR_FADE)
            on_face = head.clearance(th, ys_in, HULL_WIDTH, below=0.5, above=0.5, falls=False) + CLEAR
            r_in = np.minimum(r_in + close * (np.minimum(on_face, r_in) - r_in), r_at - 0.15)
    else:  # an afro's lower edge closes onto the head: from the tip it curves in (a quarter ellipse, level at the
        # tip, upright where it lands) onto the neck or jaw, CLEAR off them, and lies on them up to the hairline, so
        # no pocket between the ball's edge and the neck can be seen into from below or behind
        r0 = rc - s_tip / 2
        top_y = max(y_rim, y_tip + 0.5)
        # (the skin at each height alone, narrowly round the column: under the ear lobe it tucks in to the neck)
        hug = dict(half_width=np.radians(6.0), below=0.5, falls=False, above=0.3)
        skin0 = float(head.clearance(th, np.array([y_tip]), **hug)[0]) + CLEAR
        rise = float(np.clip(0.5 * (r0 - skin0), 0.8, 3.0)) * min(1.0, 0.6 * (top_y - y_tip) / 3.0)
        ys_in = np.r_[y_tip + rise * (1 - np.cos(np.linspace(0.0, np.pi / 2, 12))),
                      np.linspace(y_tip + rise, top_y, max(2, int(np.ceil((top_y - y_tip - rise) / 0.6)) + 1))[1:]]
        r_at = np.interp(ys_in, ys[::-1], r_out[::-1])
        skin = head.clearance(th, ys_in, **hug) + CLEAR
        u = np.clip((ys_in - y_tip) / max(rise, 1e-6), 0.0, 1.0)
        r_in = r0 - (r0 - np.minimum(skin, r0)) * np.sqrt(1.0 - (1.0 - u) ** 2)
        r_in = np.minimum(np.maximum(r_in, skin), r_at - 0.15)

    def at(r, y):
        r, y = np.asarray(r, np.float64), np.asarray(y, np.float64)
        p = c + r[:, None] * hdir
        p[:, 1] = y
        return p

    tip = np.asarray(tip)
    outer = list(at(r_out[1:], ys[1:])) + list(at(tip[:2, 0], tip[:2, 1]))
    inner = list(at(tip[2:, 0], tip[2:, 1]))
    blend = _smoothstep((ys_in - (y_rim - 1.2)) / 1.2)[:-1, None]  # the last cm turns in to the hairline
    inner += list((1 - blend) * at(r_in[:-1], ys_in[:-1]) + blend * rim)
    blend = blend[:, 0]
    anchors_in = [top_anchor] * (len(tip) - 2) + [int(rim_anchor) if b > 0.5 else top_anchor for b in blend]
    return outer, inner, [top_anchor] * len(outer), anchors_in


def _grid(head, outer_polys, inner_polys, hang, theta, a) -> dict:
    """Columns' polylines -> one grid: each side resampled to one row count by arc length, relaxed, pushed clear of
    the skin."""
    arc = lambda p: float(np.linalg.norm(np.diff(p, axis=0), axis=1).sum()) if len(p) > 1 else 0.0
    n_out = int(np.clip(max(arc(p) for p, _ in outer_polys) / 0.7, 36, 110))
    n_in = int(np.clip(max(arc(p) for p, _ in inner_polys) / 1.0, 6, 60)) if hang else 0
    C = len(outer_polys)
    grid = np.zeros((C, n_out + n_in, 3))
    anchor = np.zeros((C, n_out + n_in), np.int64)
    v = np.zeros((C, n_out + n_in))
    for j in range(C):
        p, an = outer_polys[j]
        grid[j, :n_out], idx = _resample(p, n_out)
        anchor[j, :n_out] = an[np.minimum(idx, len(an) - 1)]
        v_end = 0.15 + (0.02 - 0.15) * a[j]
        if hang and hang.get("ball") is not None:  # an afro's edge is no strands' ends: opaque (texture.TIP_FADE)
            v_end = max(v_end, 0.25)
        v[j, :n_out] = 1.0 - (1.0 - v_end) * np.linspace(0.0, 1.0, n_out)
        if n_in:
            p, an = inner_polys[j]
            p = np.concatenate([grid[j, n_out - 1:n_out], p])  # from the outer side's last point
            an = np.r_[anchor[j, n_out - 1], an]
            pts, idx = _resample(p, n_in + 1)
            grid[j, n_out:], anchor[j, n_out:] = pts[1:], an[np.minimum(idx, len(an) - 1)][1:]
            v[j, n_out:] = v_end + (0.6 - v_end) * np.linspace(0.0, 1.0, n_in + 1)[1:]
    # the outer side relaxed (its rows match from column to column); the underside's rows do not (a column's row k
    # may be near its tip where the next column's is near its hairline), so averaging across them folds it outward
    grid[:, :n_out] = _taubin(grid[:, :n_out], (0, n_out - 1))
    if n_in:  # ... and the underside kept behind the relaxed outer side, row by row in each column's plane
        c = head.centre
        for j in range(C):
            o, i = grid[j, 1:n_out], grid[j, n_out:]
            r_o, r_i = np.hypot(o[:, 0] - c[0], o[:, 2] - c[2]), np.hypot(i[:, 0] - c[0], i[:, 2] - c[2])
            k = np.argsort(o[:, 1])
            lim = np.interp(i[:, 1], o[k, 1], r_o[k], left=np.inf, right=np.inf) - 0.12
            over = r_i > lim
            if over.any():
                scale = lim[over] / r_i[over]
                i[over, 0] = c[0] + (i[over, 0] - c[0]) * scale
                i[over, 2] = c[2] + (i[over, 2] - c[2]) * scale
    flat = grid.reshape(-1, 3)
    margin = np.broadcast_to(np.r_[np.full(n_out, EPS), np.full(n_in, 0.5 * EPS)], (C, n_out + n_in)).ravel()
    # pushed clear of the skin along the rays from the centre, in one cast; hair hanging well below the chin was
    # placed by the clearance table (outside the skin by CLEAR at least) and is left out of the cast
    near = np.nonzero(flat[:, 1] > head.chin_y - 6.0)[0]
    rel = flat[near] - head.rays.origin
    r = np.linalg.norm(rel, axis=1)
    dist, _, _ = head.rays.cast(rel)
    inside = np.isfinite(dist) & (r < dist + margin[near])
    k = near[inside]
    flat[k] = head.rays.origin + rel[inside] / r[inside, None] * (dist[inside] + margin[k])[:, None]
    return {"grid": flat.reshape(grid.shape), "anchor": anchor, "v": v, "n_outer": n_out, "theta": theta}


def add_surface(b, surface: dict) -> None:
    """The surface's polygons into the geometry builder: quads between rows, a fan round the crown; parts `cap`
    (the outer side) and `underside` (loose hair's inner side), wound so the outer side faces away from the head."""
    g, anc, v, n_out = surface["grid"], surface["anchor"], surface["v"], surface["n_outer"]
    C, R = anc.shape
    crown = b.add_vertices(g[:, 0].mean(0, keepdims=True), anc[0, 0])[0]
    ids = np.empty((C, R), np.int64)
    ids[:, 0] = crown
    ids[:, 1:] = b.add_vertices(g[:, 1:].reshape(-1, 3), anc[:, 1:].reshape(-1)).reshape(C, R - 1)
    u = 0.01 + 0.98 * np.arange(C + 1) / C  # off the texture's edge: a renderer that clamps shows no seam line
    j = np.arange(C)
    j1 = (j + 1) % C
    ring = g[:, 1]
    # outward when a row-1 triangle fan's normals point away from the head's inside: the outer side's centroid (the
    # crown minus its first ring's centre lies nearly along the scalp where the crown sits on the sloping back of the
    # top, and came out negative for some heads: every cap polygon faced in, lit by ambient only in the preview)
    fan_n = np.cross(ring[j] - g[0, 0], ring[j1] - g[0, 0]).sum(0)
    inside = g[:, :n_out].reshape(-1, 3).mean(0)
    flip = float(fan_n @ (g[0, 0] - inside)) < 0  # the fan (crown, j, j + 1) faces out when not flipped

    def emit(rows: range, name: str):
        first = sum(len(f) for f, _ in b.blocks)
        if rows.start == 0:
            tri = np.stack([np.full(C, crown), ids[j, 1], ids[j1, 1]], -1)
            tuv = np.stack([np.stack([(u[j] + u[j + 1]) / 2, v[j, 0]], -1), np.stack([u[j], v[j, 1]], -1),
                            np.stack([u[j + 1], v[j1, 1]], -1)], 1)
            b.add(tri[:, ::-1] if flip else tri, tuv[:, ::-1] if flip else tuv)
            rows = range(1, rows.stop)
        i = np.arange(rows.start, rows.stop)
        J, I = np.meshgrid(j, i, indexing="ij")
        J1 = (J + 1) % C
        q = np.stack([ids[J, I], ids[J, I + 1], ids[J1, I + 1], ids[J1, I]], -1).reshape(-1, 4)
        quv = np.stack([np.stack([u[J], v[J, I]], -1), np.stack([u[J], v[J, I + 1]], -1),
                        np.stack([u[J + 1], v[J1, I + 1]], -1), np.stack([u[J + 1], v[J1, I]], -1)], -2).reshape(-1, 4, 2)
        b.add(q[:, ::-1] if flip else q, quv[:, ::-1] if flip else quv)
        b.parts[name] = (first, sum(len(f) for f, _ in b.blocks))

    emit(range(0, n_out - 1), "cap")
    if R > n_out:
        emit(range(n_out - 1, R - 1), "underside")
