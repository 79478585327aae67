"""Figures of a hair mesh's overall shape, as an artist judges a named style's silhouette (numpy only):

- `extent`: how far the hair stands out of the skin in given directions from the head's centre (the outermost hair
  vertex within a narrow cone round each direction, less the skin's distance along it);
- `afro_figures`: an afro is a volume all round the head, so its thickness over the sides and back against over the
  top (goal >= 0.6; a cap swollen only on top, the old "mushroom", is ~0.3), and the share of the ears' skin that
  lies behind hair (seen from outside, along the ray from the centre);
- `crest_figures`: a mohawk's crest stays over the head, so how far it reaches behind the back of the head (cm past
  the skin's back-most point) and the gap at its root (the distance from the scalp to the nearest crest vertex over
  the midline rays it covers: a fin that floats or leaves the scalp bare at its base shows it).
"""
from __future__ import annotations

import numpy as np

CONE = np.radians(7.0)  # half-angle of the cone round a direction within which hair vertices count
ROOT = 1.0  # cm either side of the midline a crest's root covers the scalp (a strip 4-6 cm wide at its base)


def _skin_dist(rays, dirs: np.ndarray) -> np.ndarray:
    dist, _, _ = rays.cast(dirs)
    return dist


def extent(rays, verts: np.ndarray, dirs: np.ndarray, cone: float = CONE) -> np.ndarray:
    """cm the hair stands out of the skin along each direction (R, 3) from `rays.origin`: the outermost hair vertex
    within `cone` of it, less the skin's distance (0 where no hair vertex is in the cone)."""
    rel = verts.astype(np.float64) - rays.origin
    r = np.linalg.norm(rel, axis=1)
    u = rel / r[:, None]
    d = dirs / np.linalg.norm(dirs, axis=1, keepdims=True)
    cos = u @ d.T  # (H, R)
    radial = np.where(cos > np.cos(cone), r[:, None] * cos, 0.0).max(0)
    skin = _skin_dist(rays, d)
    return np.where((radial > 0) & np.isfinite(skin), np.maximum(radial - skin, 0.0), 0.0)


def _dir(azimuth_deg, elevation_deg):
    a, e = np.radians(azimuth_deg), np.radians(elevation_deg)
    return np.stack([np.sin(a) * np.cos(e), np.sin(e), np.cos(a) * np.cos(e)], -1)


def afro_figures(model, head: np.ndarray, verts: np.ndarray) -> dict:
    """-> dict(top (cm over the crown), sides_back (cm, the least over the sides and back at the ears' height and
    just above), balance (sides_back / top), ears_covered (share of the ears' skin behind hair))."""
    from ..texture.scalp import CENTRE
    from .raycast import RayCaster, skin_triangles

    tris = skin_triangles(model)
    rays = RayCaster(np.asarray(head, np.float64), tris, np.asarray(CENTRE, np.float64))
    top = float(extent(rays, verts, _dir(np.array([0.0, 0, 90, 180, 270]), np.array([90.0, 70, 70, 70, 70]))).mean())
    az = np.array([90.0, 120, 150, 180, 210, 240, 270])
    # at and just above the ears' height (the ray from the centre at -15 degrees passes the ear)
    sides = np.concatenate([extent(rays, verts, _dir(az, np.full(len(az), e))) for e in (-15.0, 0.0)])
    sides_back = float(np.percentile(sides, 20))
    return {"top": top, "sides_back": sides_back, "balance": sides_back / max(top, 1e-6),
            "ears_covered": ears_covered(model, head, verts, rays)}


def ear_vertices(model, head: np.ndarray) -> np.ndarray:
    """Skin vertex ids of the ears: the skin farthest out to either side between the eyes' and the mouth's height
    (the ears stand out of the ICT head's sides there)."""
    from .raycast import skin_triangles

    skin = np.unique(skin_triangles(model))
    lm = np.asarray(model.landmarks)
    y_hi, y_lo = head[lm[[37, 44]], 1].mean() + 1.5, head[lm[[48, 54]], 1].mean() - 1.0
    p = head[skin]
    band = (p[:, 1] < y_hi) & (p[:, 1] > y_lo) & (p[:, 2] < head[lm[[0, 16]], 2].mean() + 1.0)
    x = np.abs(p[:, 0])
    out = band & (x > np.percentile(x[band], 85))
    return skin[out]


def ears_covered(model, head, verts, rays=None) -> float:
    """Share of the ears' skin vertices with a hair vertex farther out along (within 4 degrees of) their ray from
    the head's centre."""
    if rays is None:
        from ..texture.scalp import CENTRE
        from .raycast import RayCaster, skin_triangles

        rays = RayCaster(np.asarray(head, np.float64), skin_triangles(model), np.asarray(CENTRE, np.float64))
    ears = head[ear_vertices(model, head)] - rays.origin
    re = np.linalg.norm(ears, axis=1)
    rel = verts.astype(np.float64) - rays.origin
    r = np.linalg.norm(rel, axis=1)
    cos = (rel / r[:, None]) @ (ears / re[:, None]).T  # (H, E)
    beyond = (cos > np.cos(np.radians(4.0))) & (r[:, None] > re[None] + 0.2)
    return float(beyond.any(0).mean())


def crest_figures(model, head: np.ndarray, verts: np.ndarray) -> dict:
    """-> dict(behind (cm the crest reaches past the back of the head's skin, 0 if not), root_gap (cm, the largest
    gap between the scalp and the crest over the midline rays the crest spans), height (cm, the tallest))."""
    from ..texture.scalp import CENTRE
    from .raycast import RayCaster, skin_triangles

    tris = skin_triangles(model)
    rays = RayCaster(np.asarray(head, np.float64), tris, np.asarray(CENTRE, np.float64))
    skin = np.unique(tris)
    behind = max(0.0, float(head[skin, 2].min() - verts[:, 2].min()))
    rel = verts.astype(np.float64) - rays.origin
    r = np.linalg.norm(rel, axis=1)
    dist, _, _ = rays.cast(rel)
    over = r - dist
    # rays over the midline from the front of the crest to its back, every 3 degrees, and ROOT cm to either side
    # (a crest narrower than that at its root, or one that leaves the scalp, has a gap there)
    ang = np.degrees(np.arctan2(rel[:, 2], rel[:, 1]))
    lo, hi = np.percentile(ang, 4), np.percentile(ang, 96)
    a = np.radians(np.arange(lo, hi, 3.0))
    mid = np.stack([np.zeros_like(a), np.cos(a), np.sin(a)], 1)
    d, _, _ = rays.cast(mid)
    mid = mid[np.isfinite(d)] * d[np.isfinite(d), None]
    dirs = np.concatenate([mid + [x, 0.0, 0.0] for x in (-ROOT, 0.0, ROOT)])
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    u = rel / r[:, None]
    cos = u @ dirs.T
    near = np.where(cos > np.cos(np.radians(3.0)), over[:, None], np.inf).min(0)
    gaps = near[np.isfinite(near)]
    return {"behind": behind, "root_gap": float(gaps.max()) if len(gaps) else float("inf"),
            "height": float(np.nanmax(over))}


def shaved_covered(model, head: np.ndarray, verts: np.ndarray, tris: np.ndarray, params: dict) -> float:
    """Share of the painted-shaved scalp (an undercut's sides and back, texture/scalp_cuts.py: inside the painted
    hairline and more than 1 cm below the band's line, on the neutral head as the albedo paints it) that lies under
    hair: the hair mesh (triangles `tris`) crossed more than 0.2 cm out of the skin along the vertex's ray from the
    head's centre.  Goal ~0: the shaved skin shows.  NaN where nothing is painted shaved."""
    from ..texture.scalp import CENTRE
    from ..texture.scalp_cuts import UNDERCUT_Y
    from .raycast import RayCaster, skin_triangles
    from .scalp import scalp_field

    if not (params.get("side_shave", 0.0) > 0.0 and params.get("shave_shape", 0.0) == 1.0):
        return float("nan")
    skin = np.unique(skin_triangles(model))
    neutral = np.asarray(model.neutral, np.float64)[skin]
    d, rho = scalp_field(neutral, params)
    shaved = skin[(d > 0.3) & (rho > 0.3) & (neutral[:, 1] < UNDERCUT_Y - 1.0)]
    if not len(shaved):
        return float("nan")
    origin = np.asarray(CENTRE, np.float64)
    rel = head[shaved].astype(np.float64) - origin
    r = np.linalg.norm(rel, axis=1)
    dist, _, _ = RayCaster(np.asarray(verts, np.float64), np.asarray(tris), origin).cast(rel)
    return float((np.isfinite(dist) & (dist > r + 0.2)).mean())


def front_outline(verts: np.ndarray, centre, step: float = 2.0) -> tuple[np.ndarray, np.ndarray]:
    """The hair's outline seen from the front (x, y; orthographic): per `step`-degree bin of the angle round
    `centre` (x, y; 0 up, +-90 the sides), the farthest hair vertex's distance (cm) -> angles (deg), radii."""
    rel = np.asarray(verts, np.float64)[:, :2] - np.asarray(centre, np.float64)[:2]
    ang = np.degrees(np.arctan2(rel[:, 0], rel[:, 1]))
    r = np.hypot(rel[:, 0], rel[:, 1])
    edges = np.arange(-180.0, 180.0 + step, step)
    idx = np.digitize(ang, edges) - 1
    out = np.zeros(len(edges) - 1)
    np.maximum.at(out, idx, r)
    return 0.5 * (edges[:-1] + edges[1:]), out


def afro_front(verts: np.ndarray, head: np.ndarray, brow_y: float) -> dict:
    """An afro from the front (orthographic, x-y), as an artist reads its silhouette: its outline over the top and
    sides (+-100 degrees round the point between the brows, 0 up) -> dict(width, height (cm, the hair's extent),
    ratio (width / height), off_round (RMS cm of the outline, smoothed over ~20 degrees, from its best-fitting
    ellipse centred on the midline: a helmet's corners and straight sides stray, a ball does not), bumps (RMS cm of
    the outline less that smoothing: curls' relief))."""
    v = np.asarray(verts, np.float64)
    cx = float(head[:, 0].mean())
    ang, r = front_outline(v, np.array([cx, brow_y]))
    keep = (np.abs(ang) <= 100.0) & (r > 0)
    a, rr = np.radians(ang[keep]), r[keep]
    k = np.exp(-0.5 * (np.arange(-10, 11) * 2.0 / 8.0) ** 2)  # ~20 degrees across
    smooth = np.convolve(np.pad(rr, 10, mode="edge"), k / k.sum(), "valid")
    x, y = smooth * np.sin(a), smooth * np.cos(a)
    # the ellipse p x^2 + q y^2 + s y = 1 (symmetric about the midline), least squares; its radius along each ray
    p, q, s = np.linalg.lstsq(np.stack([x * x, y * y, y], 1), np.ones_like(x), rcond=None)[0]
    A, B = p * np.sin(a) ** 2 + q * np.cos(a) ** 2, s * np.cos(a)
    fit = (-B + np.sqrt(np.maximum(B * B + 4 * A, 0.0))) / (2 * A)
    width, height = float(np.ptp(v[:, 0])), float(np.ptp(v[:, 1]))
    return {"width": width, "height": height, "ratio": width / height,
            "off_round": float(np.sqrt(np.mean((smooth - fit) ** 2))),
            "bumps": float(np.sqrt(np.mean((rr - smooth) ** 2)))}


def afro_side(verts: np.ndarray, head: np.ndarray, brow_y: float) -> dict:
    """An afro from the side (orthographic, z-y), over the top, the back and under it: the outline round the point
    at the brows' height over the head's middle (per 2-degree bin, 0 up, from 60 degrees towards the front to 170
    towards the back and down) -> dict(off_round (RMS cm of the outline, smoothed over ~20 degrees, from its
    best-fitting axis-aligned ellipse: a flat back wall and a square lower edge stray, a ball does not), back_flat
    (the same over the back and the lower edge alone, 90-170 degrees))."""
    v = np.asarray(verts, np.float64)
    cz = 0.5 * float(head[:, 2].max() + head[:, 2].min())
    rel = v[:, [2, 1]] - np.array([cz, brow_y])
    ang = np.degrees(np.arctan2(-rel[:, 0], rel[:, 1]))  # + towards the back
    r = np.hypot(rel[:, 0], rel[:, 1])
    edges = np.arange(-60.0, 172.0, 2.0)
    idx = np.digitize(ang, edges) - 1
    ok = (idx >= 0) & (idx < len(edges) - 1)
    rr = np.zeros(len(edges) - 1)
    np.maximum.at(rr, idx[ok], r[ok])
    a = np.radians(0.5 * (edges[:-1] + edges[1:]))
    keep = rr > 0
    a, rr = a[keep], rr[keep]
    k = np.exp(-0.5 * (np.arange(-10, 11) * 2.0 / 8.0) ** 2)
    smooth = np.convolve(np.pad(rr, 10, mode="edge"), k / k.sum(), "valid")
    z, y = -smooth * np.sin(a), smooth * np.cos(a)
    # the ellipse p z^2 + q y^2 + s z + t y = 1 (axes along z and y, its centre free); its radius along each ray
    p, q, s, t = np.linalg.lstsq(np.stack([z * z, y * y, z, y], 1), np.ones_like(z), rcond=None)[0]
    dz, dy = -np.sin(a), np.cos(a)
    A, B = p * dz * dz + q * dy * dy, s * dz + t * dy
    fit = (-B + np.sqrt(np.maximum(B * B + 4 * A, 0.0))) / (2 * A)
    back = np.degrees(a) >= 90.0
    return {"off_round": float(np.sqrt(np.mean((smooth - fit) ** 2))),
            "back_flat": float(np.sqrt(np.mean((smooth - fit)[back] ** 2))) if back.any() else 0.0}


def tip_heights(model, head: np.ndarray, verts: np.ndarray) -> dict:
    """How far loose hair's ends reach: -> dict(back, sides (cm below the chin of the lowest hair vertex at the back,
    azimuth 150-180 degrees from the front, and the median of the sides' lowest, 75-105 degrees either side), flare
    (cm the hair below the chin stands out sideways past the widest hair above it: an A-line over the shoulders))."""
    from ..texture.scalp import CENTRE

    v = np.asarray(verts, np.float64)
    chin = float(head[model.landmarks[8], 1])
    az = np.degrees(np.abs(np.arctan2(v[:, 0] - CENTRE[0], v[:, 2] - CENTRE[2])))
    back = chin - v[az > 150.0, 1].min()
    sides = [chin - v[(az > 75.0) & (az < 105.0) & (np.sign(v[:, 0]) == s), 1].min() for s in (-1, 1)]
    below = v[:, 1] < chin
    flare = np.abs(v[below, 0]).max() - np.abs(v[~below, 0]).max() if below.any() else 0.0
    return {"back": float(back), "sides": float(np.median(sides)), "flare": float(flare)}


def tie_figures(verts: np.ndarray, face_vertices, face_offsets, parts: dict, tied: str) -> dict:
    """Where tied hair (part `tied`: "tail" or "bun") is gathered: -> dict(band (polygons of the band, part "tie"),
    shows (share of the band's vertices outside the tied hair, along rays from the band's centre: 1 when the band is
    seen all round, 0 when the hair swallows it), gathered (a tail's thinnest radius at its root, where the band is,
    over its widest: a tube of one thickness ~0.8 to 1; a bun: 0))."""
    from .raycast import RayCaster

    if "tie" not in parts:
        return {"band": 0, "shows": 0.0, "gathered": 1.0}
    fv, fo = np.asarray(face_vertices), np.asarray(face_offsets)

    def faces(name):
        lo, hi = parts[name]
        return [fv[fo[i]:fo[i + 1]] for i in range(lo, hi)]

    v = np.asarray(verts, np.float64)
    band = v[np.unique(np.concatenate(faces("tie")))]
    centre = band.mean(0)
    tris = np.concatenate([f[None, [0, 1, 2]] if len(f) == 3 else f[[[0, 1, 2], [0, 2, 3]]] for f in faces(tied)])
    rel = band - centre
    dist, _, _ = RayCaster(v, tris, centre).cast(rel)
    shows = float((~np.isfinite(dist) | (np.linalg.norm(rel, axis=1) > dist + 0.05)).mean())
    gathered = 0.0
    if tied == "tail":  # its rings of 16 (geometry._tail), then the two end apexes: the ring radii along it
        ids = np.unique(np.concatenate(faces(tied)))
        rings = v[ids[:-2]].reshape(-1, 16, 3)
        radii = np.linalg.norm(rings - rings.mean(1, keepdims=True), axis=2).mean(1)
        gathered = float(radii[:3].min() / radii.max())
    return {"band": int(parts["tie"][1] - parts["tie"][0]), "shows": shows, "gathered": gathered}



def afro_lower_gap(head: np.ndarray, verts: np.ndarray, brow_y: float, reach: float = 3.5, bin_deg: float = 10.0,
                   step: float = 0.5) -> dict:
    """How open an afro's lower edge is, seen from below and behind: per azimuth bin over the sides and back (80 to
    180 degrees off the front in 10-degree bins, where the ball hangs below the skull), the closest the hair's inner side comes to the
    skin (horizontal radii from the skull's vertical axis, innermost hair less outermost skin, in 1 cm slices) within
    `reach` cm above the hair's lowest point there.  A lower edge that closes onto the neck or jaw: about the
    clearance (0.35 cm); one that stops out from them, leaving a pocket to look up into: the pocket's width.
    -> {"gap_max", "gap_median"} (cm) over the bins."""
    axis = head[head[:, 1] > brow_y][:, [0, 2]].mean(0)

    def polar(p):
        d = p[:, [0, 2]] - axis
        return np.degrees(np.arctan2(d[:, 0], d[:, 1])), np.hypot(d[:, 0], d[:, 1])

    az_h, r_h = polar(verts)
    az_s, r_s = polar(head)
    gaps = []
    for lo in np.arange(80.0, 180.0, bin_deg):
        for sign in (1.0, -1.0):
            a0, a1 = sorted((sign * lo, sign * (lo + bin_deg)))
            hb, sb = (az_h >= a0) & (az_h < a1), (az_s >= a0) & (az_s < a1)
            if not hb.any() or not sb.any():
                continue
            y_low, best = verts[hb, 1].min(), np.inf
            for y in np.arange(y_low, y_low + reach + 1e-6, step):
                h = hb & (np.abs(verts[:, 1] - y) < 0.5)
                k = sb & (np.abs(head[:, 1] - y) < 0.5)
                if h.any() and k.any():
                    best = min(best, float(r_h[h].min() - r_s[k].max()))
            if np.isfinite(best):
                gaps.append(best)
    gaps = np.asarray(gaps) if gaps else np.zeros(1)
    return {"gap_max": float(gaps.max()), "gap_median": float(np.median(gaps))}


def undercut_front(model, head: np.ndarray, verts: np.ndarray, face_vertices, face_offsets) -> dict:
    """How an undercut's top meets the forehead: `front_wall`, the hair's thickness (its distance from the skin) 1 cm
    above the front hairline in the middle of the forehead (|x| < 1 cm) over the top's thickest (a lid ends in a wall
    near 1; hair that grows from the hairline, well under it); `corner_lift`, cm the hairline's temple corners (the
    open rim on the skin 3 to 4.5 cm either side of the middle) stand above its middle (a lid's straight front edge: 0
    or below; a hairline that curves back at the temples: above)."""
    from .quality import _edges, skin_distance

    e, _ = _edges(np.asarray(face_vertices), np.asarray(face_offsets))
    key, count = np.unique(np.sort(e, 1), axis=0, return_counts=True)
    rim = verts[np.unique(key[count == 1])]
    rim = rim[rim[:, 2] > head[:, 2].max() - 8.0]  # the front's rim
    mid, corner = rim[np.abs(rim[:, 0]) < 1.0], rim[(np.abs(rim[:, 0]) > 3.0) & (np.abs(rim[:, 0]) < 4.5)]
    thick = skin_distance(model, head, verts)
    front = (np.abs(verts[:, 0]) < 1.0) & (verts[:, 2] > 0.0)
    y0 = float(mid[:, 1].mean())
    near = front & (np.abs(verts[:, 1] - (y0 + 1.0)) < 0.35)
    return {"front_wall": float(thick[near].max() / thick.max()) if near.any() else float("nan"),
            "corner_lift": float(corner[:, 1].mean() - y0)}
