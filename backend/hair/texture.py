"""The hair mesh's albedo (RGBA, row 0 = top = v 1): the painted scalp hair's colour (the head's texture params:
pigments and grey, as texture/pigments.py and parametric.py mix them), with strand streaks along v (the strands'
direction on the mesh), locks of lighter and darker hair, roots a little darker than the tips, and coverage (alpha)
thinning towards the tips (v -> 0) in uneven strands.  Numpy only, deterministic per seed; the u direction wraps."""
from __future__ import annotations

import numpy as np

from ..texture.parametric import SILVER_HAIR, WHITE_HAIR
from ..texture.pigments import (EUMELANIN_SCALE, KERATIN, PHEOMELANIN_SCALE, SIGMA_EUMELANIN,
                                SIGMA_PHEOMELANIN)

SIZE = 512
TIP_FADE = 0.18  # v below which the strands thin out to the tips
# Silver hair on the mesh (hair_silver, params version 17's look; the mesh drew WHITE_HAIR's warm grey-white before,
# so a silver head under a hair mesh read as plain grey): its white strands in SILVER_HAIR, with the painted scalp's
# extra lustre (scalp_hair.SILVER_SHEEN) on the brighter strands.
SILVER_SHEEN = 0.06
# Grey at the temples on the mesh (temple_grey, params version 19): the cap's and the drape's u is the azimuth
# (theta = -pi + 2 pi u, the front at u 0.5: geometry._cap, drape.add_surface), v runs from the crown (1) down.  The
# temples' share of grey lies on the strands at azimuths TEMPLE_AZIMUTH degrees from the front (the sides forward of
# the ears), smooth over TEMPLE_EDGE degrees, low on the cap (v under TEMPLE_V, full by TEMPLE_V - TEMPLE_RAMP): the
# hair that grows at the temples.  The azimuths are texture/scalp.py's HAIRLINE about its CENTRE: temple corner 39,
# temporal point 51, sideburn front 56-62, ear front 77, over the ear 90 degrees (60-100 before: the patch sat over
# and behind the ear).  On short hair (v 1 at the crown to 0.15 at the hairline) v 0.55 is ~4 cm above the temple's
# hairline.
TEMPLE_AZIMUTH = (35.0, 72.0)
TEMPLE_EDGE = 12.0
TEMPLE_V = 0.55
TEMPLE_RAMP = 0.15


# Partly grey hair (0 < hair_grey < PEPPER_BELOW, temple_grey not above it: salt-and-pepper, greying, an age's drawn
# grey; above half a scalp reads grey, not a mix: partial_grey.py) is dark hair peppered with grey hairs: each texel
# one strand, grey or pigmented at full contrast (the shared mix, 0.4 of every texel at the mean, drew an even light
# silver, texel mean L* 46.7 at 0.35 grey, and the selector's 128-256-cycle sines regular pinstripes).  Which strands
# are grey: independent per column (no period), each strand changing along its length over PEPPER_RUN rows (hairs
# of uneven lengths crossing), from the albedo's own stream (PEPPER_SALT).  Refinement's copy (refine/hair_colour.py)
# does not draw it yet (its white share would take pepper_field's sigmoid in place of select's), so such a mesh's
# colour is fixed in refinement, as grey at the temples is.  Params version 19 on (partial grey's version: its field
# temple_grey is there, 0 or not); a bare colour dict without it (older heads, beard.beard_albedo's) draws the mix.
PEPPER_BELOW = 0.5
PEPPER_RUN = 24
PEPPER_SALT = 29
PEPPER_SLOPE = 16.0


def pepper_field(seed: int, size: int) -> np.ndarray:
    """(size, size) float32, unit variance: which strands turn grey first (above a cut), irregular and fine."""
    from scipy.ndimage import uniform_filter1d, zoom

    rng = np.random.default_rng([int(seed), PEPPER_SALT])
    across = rng.standard_normal(size)  # per strand column, no period
    runs = zoom(rng.standard_normal((size // PEPPER_RUN + 2, size)), (PEPPER_RUN, 1), order=1)[:size]
    field = uniform_filter1d(0.8 * across[None, :] + 0.6 * runs, 2, axis=1, mode="wrap")  # a strand ~ a texel wide
    return ((field - field.mean()) / field.std()).astype(np.float32)


def pepper_share(seed: int, size: int, grey: float) -> np.ndarray:
    """(size, size) float32 0..1: grey strands at share `grey` (pepper_field above its quantile, nearly hard)."""
    from scipy.special import ndtri

    cut = np.float32(ndtri(1.0 - min(max(grey, 0.005), 0.995)))
    return (1.0 / (1.0 + np.exp(-(pepper_field(seed, size) - cut) * np.float32(PEPPER_SLOPE)))).astype(np.float32)


def temple_weight(size: int) -> np.ndarray:
    """(size, size) float32 0..1: how far each texel of the mesh albedo is temple hair (TEMPLE_AZIMUTH, TEMPLE_V)."""
    u = (np.arange(size) + 0.5) / size
    az = np.degrees(np.abs(-np.pi + 2 * np.pi * u))
    lo, hi = TEMPLE_AZIMUTH
    across = 1.0 / (1.0 + np.exp(-(az - lo) / (TEMPLE_EDGE / 4))) / (1.0 + np.exp((az - hi) / (TEMPLE_EDGE / 4)))
    v = 1.0 - (np.arange(size) + 0.5) / size
    down = np.clip((TEMPLE_V - v) / TEMPLE_RAMP, 0.0, 1.0)
    return (down[:, None] * across[None, :]).astype(np.float32)


def root_temples(head: np.ndarray, anchor: np.ndarray, face_vertices: np.ndarray, loop_uvs: np.ndarray,
                 size: int = SIZE) -> np.ndarray:
    """(size, size) float32 0..1: how far the hair at each texel of a built mesh grows from the temples, by the mesh's
    own roots rather than a UV band (a long drape's temple columns run from the crown to tips 40 cm down: the band's
    low rows were their ends, an ombre).  Each hair vertex's anchor is the head vertex it grows from (drape.py: the
    scalp under the cap; the point where the column leaves the skull for all its hanging hair), so a vertex's
    weight is texture/scalp_hair.TEMPLE_ZONE (the painted temples and sideburns) at its anchor on `head` (V, 3 cm),
    and hanging hair below a temple root is grey along its length: the streak that frames the face.  Each column
    (its u) takes the largest weight of its corners at each v (outer side and underside share the texels), linear
    between corners and between columns."""
    from ..texture.scalp_hair import TEMPLE_ZONE

    (x0, xs), (z0, zs), (y0, ys) = TEMPLE_ZONE
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    pos = np.asarray(head, np.float64)[np.asarray(anchor)[np.asarray(face_vertices)]]
    w = sig((np.abs(pos[:, 0]) - x0) / xs) * sig((pos[:, 2] - z0) / zs) * sig((y0 - pos[:, 1]) / ys)
    uv = np.asarray(loop_uvs, np.float64)
    rows = 1.0 - (np.arange(size) + 0.5) / size
    cols_u = np.round(uv[:, 0], 5)
    us = np.unique(cols_u)
    per = np.zeros((len(us), size))
    for k, u in enumerate(us):  # one column's corners: the largest weight at each v
        m = cols_u == u
        order = np.argsort(uv[m, 1])
        vv, ww = uv[m, 1][order], w[m][order]
        uniq, inv = np.unique(vv, return_inverse=True)
        top = np.zeros(len(uniq))
        np.maximum.at(top, inv, ww)
        per[k] = np.interp(rows, uniq, top, left=top[0], right=top[-1])
    centres = (np.arange(size) + 0.5) / size
    out = np.empty((size, size))
    for r in range(size):  # across u, periodic
        out[r] = np.interp(centres, us, per[:, r], period=1.0)
    return out.astype(np.float32)


def pigmented_colour(eumelanin: float, pheomelanin: float) -> np.ndarray:
    """Linear RGB of pigmented hair (pigments.hair_colour in numpy)."""
    return np.asarray(KERATIN) * np.exp(-(np.asarray(SIGMA_EUMELANIN) * EUMELANIN_SCALE * eumelanin
                                          + np.asarray(SIGMA_PHEOMELANIN) * PHEOMELANIN_SCALE * pheomelanin))


def _streaks(rng: np.random.Generator, size: int, octaves=((256, 1.0), (96, 0.7), (32, 0.5), (8, 0.4))) -> np.ndarray:
    """(size,) noise across the strands, periodic in u (integer frequencies only), unit variance."""
    u = np.arange(size) / size
    out = np.zeros(size)
    for top, amp in octaves:
        f = rng.integers(top // 2, top + 1, 12)
        ph = rng.uniform(0, 2 * np.pi, 12)
        out += amp * np.sin(2 * np.pi * f[:, None] * u[None] + ph[:, None]).sum(0)
    return (out - out.mean()) / out.std()


def _curls(rng: np.random.Generator, size: int, octaves) -> np.ndarray:
    """(size, size) noise as round the strands' direction as along it: coils, not streaks.  Plane waves in random
    directions (u frequencies whole numbers, so u still wraps; v's scaled by CURL_V_SCALE, the texture's v spanning
    about half as much hair as its u), ridged (1 - |noise|: thin bright curls between darker gaps), unit variance."""
    u = np.arange(size) / size
    v = np.arange(size) / size
    out = np.zeros((size, size))
    for wave, amp in octaves:  # wave: cycles across u
        ang = rng.uniform(0, np.pi, 16)
        fu = np.round(wave * np.cos(ang))
        fv = wave * np.sin(ang) * CURL_V_SCALE
        ph = rng.uniform(0, 2 * np.pi, 16)
        layer = np.zeros((size, size))
        for a, b, p in zip(fu, fv, ph):
            layer += np.sin(2 * np.pi * (a * u[None] + b * v[:, None]) + p)
        layer /= layer.std()
        out += amp * (1.0 - np.abs(np.tanh(layer)))
    return (out - out.mean()) / out.std()


CURL_V_SCALE = 0.5  # v spans about half the cm of u on an afro's or curly mesh (crown to edge, against round the head)


def strand_maps(seed: int, size: int = SIZE, curly: bool = False) -> dict[str, np.ndarray]:
    """The hair albedo's noise, fixed by the seed: (size, size) float32 maps `strand` (fine shading), `select` (which
    strands turn white, per texel), `lock` (coarse lighter and darker locks), and `v` (size,) per row.  Straight hair:
    streaks along v (the strands), drifting a little across u; curly (`curly`, an afro or curly volume): coils as
    round as they are long, no long streaks.  Both `hair_albedo` and refinement's torch copy
    (backend/refine/hair_colour.py) read these, so the two draw the same hair."""
    rng = np.random.default_rng([int(seed), 13])
    v = 1.0 - (np.arange(size) + 0.5) / size  # row 0 is v = 1 (the roots)
    if curly:
        maps = {"strand": _curls(rng, size, ((180, 1.0), (90, 0.8))),
                "select": _curls(rng, size, ((240, 1.0), (150, 0.8))),
                "lock": _curls(rng, size, ((24, 1.0), (10, 0.6)))}
        return {**{k: m.astype(np.float32) for k, m in maps.items()}, "v": v}
    fine = _streaks(rng, size)
    fine2 = _streaks(rng, size, ((256, 1.0), (160, 0.8)))  # single strands: white hairs mix in finely
    locks = _streaks(rng, size, ((12, 1.0), (5, 0.6)))
    # strands drift a little across u along their length, so streaks are not ruler-straight
    # (slow: v spans 20 to 60 cm of hair on the draped surface, faster drift reads as zig-zag strands)
    drift = (np.sin(2 * np.pi * (v * 1.2 + rng.uniform())) * 2.5 + np.sin(2 * np.pi * (v * 2.9 + rng.uniform())) * 1.0)
    # sampled between texels (a whole-texel shift steps every strand at the same row: horizontal bands)
    at = np.arange(size)[None, :] + drift[:, None]
    c0 = np.floor(at).astype(int)
    f = (at - c0).astype(np.float32)
    shift = lambda x: (x.astype(np.float32)[c0 % size] * (1 - f) + x.astype(np.float32)[(c0 + 1) % size] * f)  # noqa: E731
    return {"strand": shift(fine), "select": shift(fine2), "lock": shift(locks), "v": v}


def strand_shade(maps: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """(shade, sheen) (size, size) float32 of `strand_maps`: the colour's multiplier (strands, locks, roots a shade
    darker) and the added sheen."""
    v, strand = maps["v"], maps["strand"]
    shade = 0.86 + 0.1 * np.clip(strand, -2, 2) + 0.06 * np.clip(maps["lock"], -2, 2)
    shade *= (0.9 + 0.1 * np.clip((1.0 - v) / 0.3, 0, 1)).astype(np.float32)[:, None]  # roots a shade darker
    return shade, 0.012 * np.clip(strand, 0, 2.5)


def hair_albedo(params: dict, seed: int, size: int = SIZE, curly: bool = False,
                temples: np.ndarray | None = None) -> np.ndarray:
    """(size, size, 4) uint8: the hair's colour and coverage; `curly`: coils, not streaks (strand_maps); `temples`:
    grey at the temples' weight per texel from the built mesh's roots (root_temples), else the UV band
    (temple_weight: an albedo drawn without its mesh)."""
    maps = strand_maps(seed, size, curly)
    grey = float(params.get("hair_grey", 0.0))
    pig = pigmented_colour(float(params.get("hair_eumelanin", 0.42)), float(params.get("hair_pheomelanin", 0.15)))
    silver = float(params.get("hair_silver", 0.0))
    white = np.asarray(WHITE_HAIR) + silver * (np.asarray(SILVER_HAIR) - np.asarray(WHITE_HAIR))
    v, strand, select = maps["v"], maps["strand"], maps["select"]
    # which strands are white: a per-strand selector above the quantile that makes their share `grey`
    from scipy.special import ndtri

    temple = float(params.get("temple_grey", 0.0))
    if temple > grey:  # grey at the temples (version 19): the share per texel, the temples' there
        weight = temple_weight(size) if temples is None else temples
        local = (grey + weight * (temple - grey)).astype(np.float32)
        cut = ndtri(1.0 - np.clip(local, 0.005, 0.995)).astype(np.float32)
        white_share = 1.0 / (1.0 + np.exp(-(select - cut) * 4.0))
        white_share = local + 0.6 * (white_share - local)
    elif 0.0 < grey < PEPPER_BELOW and "temple_grey" in params:  # dark hair peppered (v19 params)
        white_share = pepper_share(seed, size, grey)
    elif grey > 0.0:
        white_share = 1.0 / (1.0 + np.exp(-(select - np.float32(ndtri(1.0 - min(max(grey, 0.005), 0.995)))) * 4.0))
        # a texel holds several strands: part of it is the mean mix (no zebra bands at preview size)
        white_share = np.float32(grey) + 0.6 * (white_share - np.float32(grey))
    else:
        white_share = np.zeros_like(strand)
    shade, sheen = strand_shade(maps)
    if silver > 0.0:  # silver's lustre on its white strands (as the painted scalp's)
        sheen = sheen + np.float32(SILVER_SHEEN * silver) * white_share * np.clip(strand, 0, 2.5)
    linear = np.empty((size, size, 4), np.float32)
    for c in range(3):
        base = pig[c] + white_share * (white[c] - pig[c])
        linear[..., c] = np.clip(base * shade + sheen, 1e-4, 1.0) ** np.float32(1 / 2.2)
    # coverage: opaque down to TIP_FADE, then strands end at uneven lengths
    ends = TIP_FADE * (0.35 + 0.65 / (1.0 + np.exp(-1.5 * select)))
    linear[..., 3] = np.clip((v.astype(np.float32)[:, None] - ends * 0.4) / (ends * 0.6 + 1e-6), 0.0, 1.0)
    out = linear
    return (out * 255 + 0.5).astype(np.uint8)
