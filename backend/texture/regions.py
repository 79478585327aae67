"""Skin regions (brows, lips, beard zones, cheeks, eyelids, wrinkle lines) from the ICT landmarks.

Everything is written in a cylindrical surface chart of the neutral head, (s, y) in cm:
s = R * atan2(x, z - Z0) (arc length around the vertical axis), y = height.  The chart is derived
from 3D positions, so masks are continuous across UV seams (face tile vs back-of-head tile), and it
is anchored to the 68 Multi-PIE landmark vertices (17-21/22-26 brows, 36-47 eyes, 27-35 nose,
48-67 mouth, 0-16 jaw), so the shapes follow the model rather than hand-placed pixel boxes.
Landmarks 0-16 run from the head's -x side to +x.
"""
from __future__ import annotations

import numpy as np

from .age_lines import age_line_maps

Z0 = 2.0  # cm; axis of the chart, behind the face
R = 9.0  # cm; makes s ~ x on the front of the face

REGION_NAMES = ("brow", "brow_along", "lips", "lid_margin", "mustache", "goatee", "beard", "cheek", "nose",
                "freckle_zone", "eyeshadow", "eyeliner", "under_eye", "dark_circle", "wrinkles",
                # params version 11 (brow_fill, brow_height, mustache_shape, beard_length, shadow_spread)
                "brow_wide", "brow_wide_along", "mustache_thin", "mustache_thick", "beard_long", "smoky",
                # params version 12 (wrinkle_depth): age lines, their valleys and lighter rims (age_lines.py)
                "crease", "crease_rim",
                # params version 17 (sideburn_taper): the full beard with its sideburn tapering up to the hairline
                "beard_taper",
                # params version 18 (eyeliner_low): the lower lash line alone, for a heavy liner's full lower line
                "eyeliner_low")
SIDEBURN_BACK = 2.8  # cm the sideburn's front edge moves back from the cheek line to its top (set by hand)
# (and maps in cm, not weights: brow_dist, beard_below; beard_side: across the front, 1 at the long beard's widest)

# Params version 11.  Eyebrows: the band's half-height (cm) at the brow's tail and head is BROW_HALF scaled by
# brow_band_scale(brow_height), 1 at brow_height 0.5 (the band of versions <= 10), BROW_SCALE[1] at 1 (heavy,
# bushy brows ~1.7 cm tall at the head) and BROW_SCALE[0] at 0 (a thin line of ~0.4 cm).
BROW_HALF = (0.16, 0.26)  # cm: half-height at the tail + this much more at the head (times the along parameter)
BROW_SCALE = (0.45, 2.0)
# A long beard hangs from the jaw's underside down the throat: at beard_length 1 it reaches BEARD_LONG_CM below the
# full beard's neck line, narrowing to a rounded end.
BEARD_LONG_CM = 8.0
# A full beard's cheek line (the height where its density is half): a grown beard thins out hair by hair over about a
# centimetre there.  On the cheek (out from the nose's wing) the density falls linearly from CHEEK_FADE cm below the
# line to CHEEK_FADE cm above it, and the line wanders by up to ~CHEEK_WANDER cm along it; beside the nose and the
# moustache it keeps the shorter fade of before (1.0 up, 0.8 down: a wide fade there would climb the nose).  Before (a 1.8 cm smoothstep everywhere) the
# painted hairs went from 90 % to 10 % cover in ~0.6 cm: a cut line (beard_edge_measures.py).  The line's outer end
# now sits CHEEK_DROP cm lower: 1.5 cm in front of the sideburn it was 0.2 cm below the lower eyelid, up on the
# cheekbone (set by hand against the previews).
CHEEK_FADE = 1.2
CHEEK_WANDER = 0.25
CHEEK_DROP = 0.7


def chart(pos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(..., 3) positions -> (s, y) chart coordinates in cm."""
    return R * np.arctan2(pos[..., 0], pos[..., 2] - Z0), pos[..., 1]


def smoothstep(e0, e1, x):
    t = np.clip((x - e0) / (e1 - e0), 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def _polyline(s, y, pts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distance to a polyline and the arc-length parameter (0..1) of the nearest point."""
    best = np.full(s.shape, np.inf, np.float32)
    along = np.zeros(s.shape, np.float32)
    seg_len = np.linalg.norm(np.diff(pts, axis=0), axis=1)
    total = seg_len.sum()
    start = np.concatenate([[0.0], np.cumsum(seg_len)[:-1]])
    for (a, b), l0, ln in zip(zip(pts[:-1], pts[1:]), start, seg_len):
        d = b - a
        t = np.clip(((s - a[0]) * d[0] + (y - a[1]) * d[1]) / max(float(d @ d), 1e-12), 0.0, 1.0)
        dist = np.hypot(s - (a[0] + t * d[0]), y - (a[1] + t * d[1]))
        closer = dist < best
        best = np.where(closer, dist, best)
        along = np.where(closer, (l0 + t * ln) / total, along)
    return best, along


def _inside(s, y, poly: np.ndarray) -> np.ndarray:
    """Even-odd point-in-polygon test (closed polygon given by its vertices)."""
    inside = np.zeros(s.shape, bool)
    for a, b in zip(poly, np.roll(poly, -1, axis=0)):
        crosses = (a[1] > y) != (b[1] > y)
        x_at = a[0] + (y - a[1]) * (b[0] - a[0]) / (b[1] - a[1] + 1e-12)
        inside ^= crosses & (s < x_at)
    return inside


def _soft_polygon(s, y, poly: np.ndarray, edge: float) -> np.ndarray:
    """~1 inside the polygon, 0 outside, smooth over `edge` cm across the border."""
    closed = np.concatenate([poly, poly[:1]])
    d, _ = _polyline(s, y, closed)
    signed = np.where(_inside(s, y, poly), d, -d)
    return smoothstep(-edge, edge, signed)


def _gauss(s, y, cs, cy, ss, sy):
    return np.exp(-0.5 * (((s - cs) / ss) ** 2 + ((y - cy) / sy) ** 2))


def _line(s, y, a, b, width):
    d, _ = _polyline(s, y, np.array([a, b], np.float32))
    return np.exp(-((d / width) ** 2))


def _dark_circles(s, y, L: np.ndarray) -> np.ndarray:
    """Periorbital darkening: a crescent under each lower lid, from its margin ~1 cm down, darkest at the
    inner corner (the tear trough) and fading before the outer corner; soft everywhere, no painted edge."""
    out = np.zeros(s.shape, np.float32)
    for low in (L[[39, 40, 41, 36]], L[[42, 47, 46, 45]]):  # lower lid, inner corner first
        inner, outer = low[0], low[-1]
        lid_y = np.interp(s, np.sort(low[:, 0]), low[np.argsort(low[:, 0]), 1])
        depth = lid_y - y  # cm below the lid margin (at the eye's own width; held beyond the corners)
        lateral = (s - inner[0]) / (outer[0] - inner[0])  # 0 at the inner corner, 1 at the outer one
        band = smoothstep(-0.05, 0.25, depth) * np.exp(-(((depth - 0.45) / 0.7) ** 2))
        out = np.maximum(out, band * smoothstep(-0.45, 0.0, lateral) * smoothstep(1.15, 0.55, lateral)
                         * (1.0 - 0.35 * np.clip(lateral, 0, 1)))
    return out


def beard_cheek_span(L: np.ndarray) -> tuple[float, float]:
    """(s of the cheek line's inner end, past the nose's wing; s of the jaw's ends, the beard's outer extent), cm,
    from the chart's landmarks `L` (68, 2)."""
    return float(np.abs(L[[31, 35], 0]).mean()) + 0.9, float(np.abs(L[[0, 16], 0]).mean())


def _cheek_line(s, L: np.ndarray):
    """The full beard's cheek line: its height (cm) at chart s `s`, from beside the nose to the sideburn, wandering
    (fixed per head: two waves along s, not mirrored) on the cheek."""
    a = np.abs(s)
    nose_base = float(L[31:36, 1].mean())
    jaw_y = float(L[[0, 16], 1].mean())
    wing_s, jaw_s = beard_cheek_span(L)
    top = np.interp(a, [0.0, wing_s, jaw_s - 1.5, jaw_s],
                    [nose_base, nose_base + 0.1, jaw_y - 0.8 - CHEEK_DROP, jaw_y - 0.2 - CHEEK_DROP])
    wander = CHEEK_WANDER * (0.6 * np.sin(1.9 * s + 0.7) + 0.4 * np.sin(4.3 * s + 2.1))
    return top + smoothstep(wing_s - 0.5, wing_s + 0.8, a) * wander


def region_maps(pos: np.ndarray, landmarks_pos: np.ndarray) -> dict[str, np.ndarray]:
    """Per-texel region weights in 0..1 (float32) for skin texels at 3D positions `pos` (..., 3);
    `landmarks_pos` (68, 3) are the neutral positions of the landmark vertices."""
    s, y = chart(pos.astype(np.float32))
    ls, ly = chart(landmarks_pos.astype(np.float32))
    L = np.stack([ls, ly], 1)
    out = {}

    # Eyebrows: a band around landmarks 17-21 / 22-26, thick at the head (medial), tapering laterally.
    brow = np.zeros(s.shape, np.float32)
    along = np.zeros(s.shape, np.float32)
    dist = np.full(s.shape, np.inf, np.float32)
    wide_along = np.zeros(s.shape, np.float32)
    for idx in (range(17, 22), range(26, 21, -1)):  # lateral -> medial
        pts = L[list(idx)] - np.array([0.0, 0.12], np.float32)
        d, t = _polyline(s, y, pts)
        half = 0.16 + 0.26 * t
        # soft borders: the hair strands (not the mask) draw the brow's outline
        m = smoothstep(half + 0.24, half - 0.12, d) * smoothstep(-0.08, 0.16, t)
        brow = np.maximum(brow, m)
        along = np.where(m > 0, t, along)
        nearer = d < dist
        dist, wide_along = np.where(nearer, d, dist), np.where(nearer, t, wide_along)
    out["brow"], out["brow_along"] = brow, along
    # version 11: the distance to the nearer brow's line and where along it (the albedo draws the band for any
    # height from them), and the widest band (where the brow crop of the heavy brows lies)
    out["brow_dist"] = dist
    half = (BROW_HALF[0] + BROW_HALF[1] * wide_along) * BROW_SCALE[1]
    out["brow_wide"] = smoothstep(half + 0.3, half - 0.12, dist) * smoothstep(-0.12, 0.16, wide_along)
    out["brow_wide_along"] = wide_along

    # Lips: outer contour 48-59; the lid margins: inside the eye contours 36-41 / 42-47.
    out["lips"] = _soft_polygon(s, y, L[48:60], 0.08)
    out["lid_margin"] = np.maximum(_soft_polygon(s, y, L[36:42], 0.1), _soft_polygon(s, y, L[42:48], 0.1))

    nose_base = float(L[31:36, 1].mean())
    corner = float(np.abs(L[[48, 54], 0]).mean())
    upper = L[48:55]
    lower = np.concatenate([L[54:60], L[48:49]])
    upper_y = np.interp(s, upper[:, 0], upper[:, 1])
    lower_y = np.interp(s, lower[::-1, 0], lower[::-1, 1])
    not_lips = 1.0 - out["lips"]
    a = np.abs(s)

    # Facial hair thins out over a centimetre or two at its borders (hair by hair, see the albedo's
    # strands), so every border below fades over >= ~1 cm; trimmed styles (mustache, goatee) stay a
    # little crisper than the natural growth borders of a full beard or stubble (>= ~1.6 cm).
    # Mustache: between the nose base and the upper lip, out to just past the mouth corners.
    # The top edge drops towards the corners, so the mustache thins out sideways.
    m_top = nose_base - 0.05 - 0.45 * (a / corner) ** 2
    out["mustache"] = (smoothstep(m_top + 0.35, m_top - 0.6, y) * smoothstep(upper_y - 0.15, upper_y + 0.1, y)
                       * smoothstep(corner + 0.9, corner - 0.1, a) * not_lips)
    # version 11 (mustache_shape 0 .. 0.5 .. 1: thin, the mustache above, thick): a pencil mustache is a line a few
    # millimetres tall just above the upper lip's border, to just inside the corners; a thick (walrus) one grows from
    # the nose down over the upper lip to the mouth's line and droops past the corners
    out["mustache_thin"] = (smoothstep(upper_y + 0.6, upper_y + 0.38, y) * smoothstep(upper_y + 0.08, upper_y + 0.2, y)
                            * smoothstep(corner + 0.15, corner - 0.45, a) * not_lips)
    mouth_y = np.interp(s, L[60:65, 0], L[60:65, 1])  # the inner upper lip: where the lips meet
    droop = 0.5 * smoothstep(corner - 0.6, corner + 0.8, a)
    out["mustache_thick"] = (smoothstep(m_top + 0.6, m_top - 0.3, y) * smoothstep(mouth_y - 0.15 - droop, mouth_y + 0.1 - droop, y)
                             * smoothstep(corner + 1.2, corner + 0.2, a))

    # Goatee: the chin below the lower lip, under the chin a little, joined to the mouth corners.
    chin_y = float(L[8, 1])
    width = corner + 0.3 - 0.35 * np.clip((lower_y - y) / max(lower_y.max() - chin_y, 1e-3), 0, 1)
    chin = (smoothstep(lower_y + 0.1, lower_y - 0.15, y) * smoothstep(chin_y - 1.8, chin_y - 0.6, y)
            * smoothstep(width + 0.6, width - 0.4, a))
    sides = (smoothstep(corner - 0.4, corner + 0.2, a) * smoothstep(corner + 1.2, corner + 0.3, a)
             * smoothstep(nose_base - 0.1, nose_base - 0.9, y) * smoothstep(chin_y - 0.5, lower_y.min(), y))
    out["goatee"] = np.maximum(chin, sides) * not_lips

    # Full beard (also the stubble area): below a soft cheek line from the sideburn to beside the nose
    # wing, down the neck to a line under the jaw, and a sideburn in front of the ear that runs up
    # towards the temple, where it would join the scalp hair, and fades out there.
    wing_s, jaw_s = beard_cheek_span(L)
    jaw_y = float(L[[0, 16], 1].mean())
    top = _cheek_line(s, L)
    # beside the nose the fade of before; out on the cheek a linear one over 2 * CHEEK_FADE cm (a smoothstep that
    # wide is steep in its middle, where the hairs' cover changes: parametric.py's strands go from 10 % to 90 % cover
    # between densities ~0.25 and ~0.8)
    on_cheek = smoothstep(wing_s - 0.5, wing_s + 0.8, a)
    cheek_part = ((1.0 - on_cheek) * smoothstep(top + 1.0, top - 0.8, y)
                  + on_cheek * np.clip((top + CHEEK_FADE - y) / (2.0 * CHEEK_FADE), 0.0, 1.0))
    out["beard_above"] = (y - top).astype(np.float32)  # cm above the cheek line (beard_edge_measures.py)
    burn_top = jaw_y + 1.8
    sideburn = smoothstep(jaw_s - 3.4, jaw_s - 1.8, a) * smoothstep(burn_top + 1.0, burn_top - 1.2, y)
    # neck line: under the jaw, level across the throat, rising behind the jaw angle to the ear lobe
    bottom = np.interp(a, [0.0, 0.6 * jaw_s, jaw_s], [chin_y - 1.3, chin_y - 1.1, jaw_y - 5.3])
    out["beard"] = (np.maximum(cheek_part, sideburn) * smoothstep(bottom - 1.6, bottom + 1.0, y)
                    * smoothstep(jaw_s + 0.9, jaw_s - 1.5, a) * not_lips)
    # version 17: the sideburn's front edge above was one vertical line at every height; a sideburn narrows as it
    # rises to the hairline, its front edge moving back towards the ear by SIDEBURN_BACK cm from the cheek line up
    rise = np.clip((y - (jaw_y - 0.8)) / (burn_top + 1.0 - (jaw_y - 0.8)), 0.0, 1.0)
    back = SIDEBURN_BACK * rise * rise * (3.0 - 2.0 * rise)
    tapered = smoothstep(jaw_s - 3.4 + back, jaw_s - 1.8 + 0.6 * back, a) * smoothstep(burn_top + 1.0, burn_top - 1.2, y)
    out["beard_taper"] = (np.maximum(cheek_part, tapered) * smoothstep(bottom - 1.6, bottom + 1.0, y)
                          * smoothstep(jaw_s + 0.9, jaw_s - 1.5, a) * not_lips)
    # version 11 (beard_length): cm below the neck line (< 0 above it) and across the front (s, cm), from which the
    # albedo draws the long beard for its length; beard_long: where the longest may lie (its crop)
    # (below a level line under the chin: the beard hangs straight down, where the neck line rises behind the jaw)
    hang = chin_y - 1.3 - y
    out["beard_below"] = hang.astype(np.float32)
    out["beard_side"] = (a / (0.75 * jaw_s)).astype(np.float32)  # 1 at the long beard's widest
    out["beard_long"] = (smoothstep(-2.0, -1.5, hang) * smoothstep(BEARD_LONG_CM + 1.5, BEARD_LONG_CM, hang)
                         * smoothstep(0.75 * jaw_s + 0.3, 0.75 * jaw_s - 0.3, a))

    # Cheeks (blush), nose (redness), freckle zone (nose bridge and cheeks).
    nose_tip = L[30]
    cheek = np.zeros(s.shape, np.float32)
    for c in (L[36], L[45]):
        cheek = np.maximum(cheek, _gauss(s, y, 0.85 * c[0], nose_tip[1] + 0.2, 1.3, 1.0))
    out["cheek"] = cheek
    out["nose"] = np.maximum(_gauss(s, y, 0.0, nose_tip[1], 0.9, 0.7), 0.6 * _gauss(s, y, 0.0, L[28, 1], 0.6, 1.2))
    out["freckle_zone"] = np.clip(_gauss(s, y, 0.0, L[29, 1], 2.0, 0.9) + 1.2 * cheek
                                  + 0.3 * _gauss(s, y, 0.0, L[27, 1] + 3.0, 4.0, 1.5), 0, 1)

    # Eye make-up: shadow on the upper lid below the brow; liner along the upper lid margin.
    shadow = np.zeros(s.shape, np.float32)
    liner = np.zeros(s.shape, np.float32)
    liner_low = np.zeros(s.shape, np.float32)
    under = np.zeros(s.shape, np.float32)
    for lid, low, outer in ((L[36:40], L[[39, 40, 41, 36]], L[36]), (L[42:46], L[[45, 46, 47, 42]], L[45])):
        cs = float(lid[:, 0].mean())
        lid_y = np.interp(s, np.sort(lid[:, 0]), lid[np.argsort(lid[:, 0]), 1])
        half = float(np.ptp(lid[:, 0])) / 2
        shadow = np.maximum(shadow, _gauss(s, y, cs + 0.2 * np.sign(cs), lid_y + 0.45, half * 0.9, 0.45)
                            * smoothstep(lid_y - 0.05, lid_y + 0.1, y))
        d_up, _ = _polyline(s, y, lid)
        wing = _line(s, y, outer, outer + np.array([0.45 * np.sign(outer[0]), 0.2], np.float32), 0.05)
        d_low, _ = _polyline(s, y, low)
        liner = np.maximum(liner, np.maximum(smoothstep(0.12, 0.04, d_up), wing) + 0.35 * smoothstep(0.08, 0.02, d_low))
        liner_low = np.maximum(liner_low, smoothstep(0.08, 0.02, d_low))
        under = np.maximum(under, _gauss(s, y, cs, float(low[:, 1].mean()) - 0.55, half, 0.35))
    out["eyeshadow"], out["eyeliner"], out["under_eye"] = shadow, np.clip(liner, 0, 1), under
    out["eyeliner_low"] = liner_low
    # version 11 (shadow_spread): smoky eye shadow, dark over the whole lid and blended up to the brow bone and out
    # past the outer corner, a little along the outer lower lash line; no edge anywhere
    smoky = np.zeros(s.shape, np.float32)
    for lid, low, outer in ((L[36:40], L[[39, 40, 41, 36]], L[36]), (L[42:46], L[[45, 46, 47, 42]], L[45])):
        side = float(np.sign(outer[0]))
        cs = float(lid[:, 0].mean())
        half = float(np.ptp(lid[:, 0])) / 2
        lid_y = np.interp(s, np.sort(lid[:, 0]), lid[np.argsort(lid[:, 0]), 1])
        low_y = np.interp(s, np.sort(low[:, 0]), low[np.argsort(low[:, 0]), 1])
        above = y - lid_y  # cm above the upper lid's margin
        # over the lid, fading up to the brow bone (~1.3 cm), wider outward; the outer corner swept up and out
        # (soft across the lid margins, where the face and back-of-head tiles meet: a 1 mm edge there read as a
        # seam, Delta E 6.6, on the coarser back tile)
        lid_part = smoothstep(-0.5, 0.1, above) * smoothstep(1.4, 0.5, above) * np.exp(
            -0.5 * ((s - cs - 0.25 * side) / (1.15 * half)) ** 2)
        wing = _gauss(s, y, outer[0] + 0.45 * side, outer[1] + 0.35, 0.55, 0.45)
        lower_line = (smoothstep(0.35, 0.0, low_y - y) * smoothstep(-0.5, 0.05, low_y - y)
                      * smoothstep(cs, outer[0] + 0.2 * side, s) * smoothstep(outer[0] + 1.0 * side, outer[0] + 0.4 * side, s))
        smoky = np.maximum(smoky, np.maximum(np.maximum(lid_part, wing), 0.6 * lower_line))
    out["smoky"] = np.clip(smoky, 0, 1)
    out["dark_circle"] = _dark_circles(s, y, L)

    # Wrinkle lines for age: nasolabial folds, crow's feet, forehead lines, marionette lines.
    w = np.zeros(s.shape, np.float32)
    for side in (-1.0, 1.0):
        wing = L[31] if side < 0 else L[35]
        mouth = L[48] if side < 0 else L[54]
        canthus = L[36] if side < 0 else L[45]
        w = np.maximum(w, _line(s, y, wing + [side * 0.35, 0.1], mouth + [side * 0.45, -0.3], 0.1))
        w = np.maximum(w, 0.7 * _line(s, y, mouth + [side * 0.2, -0.2], mouth + [side * 0.35, -1.4], 0.08))
        for ang in (-0.45, 0.0, 0.4):
            start = canthus + [side * 0.35, 0.0]
            end = start + 1.0 * np.array([side * np.cos(ang), np.sin(ang)], np.float32)
            w = np.maximum(w, 0.8 * _line(s, y, start, end, 0.05))
    brow_top = float(L[17:27, 1].max())
    for k in range(3):
        yk = brow_top + 1.0 + 0.85 * k
        w = np.maximum(w, 0.6 * np.exp(-(((y - yk) / 0.09) ** 2)) * smoothstep(4.5, 2.5, a))
    out["wrinkles"] = w
    out.update(age_line_maps(s, y, L))
    return {k: v.astype(np.float32) for k, v in out.items()}
