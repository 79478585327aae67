"""Per-seed noise fields of the parametric albedo (one seed = one person's skin, hairs and irises).

Built once per (model, size, seed) and cached in-process; they hold no parameters, so the albedo
stays a cheap, differentiable combination of these fields with the TextureParams.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
import torch

from .fields import AtlasFields, atlas_fields
from .flush import flush_zone, sun_exposed
from .freckles import FRECKLE_CUT, freckle_noise
from .noise import Noise3D, noise_2d, normalised, streaks
from .scalp_grain import finish_grain, grain_noise
from .scalp_hair import scalp_noise, texel_cm


@dataclass(frozen=True, eq=False)
class SkinNoise:
    tone: torch.Tensor  # (2, h, w) low-frequency melanin / haemoglobin variation, unit variance
    spots: torch.Tensor  # (h, w) >= 0, small speckles of uneven tone (the age spots of params version <= 4)
    lentigo: torch.Tensor  # (h, w) >= 0, sun spots: round soft discs, peak melanin added at full amount
    lentigo_rank: torch.Tensor  # (h, w) 0..1, the disc's rank: a disc shows where rank < the amount drawn
    freckles: torch.Tensor  # (h, w) >= 0, freckle dots already limited to the freckle zone
    detail: torch.Tensor  # (h, w) ~1, pores
    wrinkles: torch.Tensor  # (h, w) >= 0, broken wrinkle lines
    stubble: torch.Tensor  # (hl, wl) 0..1 in the lower-face crop: cover of the short hairs
    brow_strands: torch.Tensor  # (hb, wb) strands in the brow crop
    beard_strands: torch.Tensor  # (hl, wl) strands in the lower-face crop
    brow_grey: torch.Tensor  # per-strand grey selectors (same crops), unit variance
    beard_grey: torch.Tensor
    stubble_grey: torch.Tensor  # (hl, wl) per-hair grey selector of the stubble, unit variance
    stubble_dense: torch.Tensor  # (hl, wl) 0..1 cover of the short hairs with the fainter ones too (hair_grain, dark skin)
    beard_patch: torch.Tensor  # (hl, wl) ~unit low-frequency noise: uneven growth at the beard's borders
    scalp: tuple = ()  # scalp hair: (box, ScalpNoise) pairs (none where the slot has no scalp)
    # params version 11: strands and grey selectors of the brows' wider band (crop "brow_wide") and of the long
    # beard below the neck line (crop "neck")
    brow_wide_strands: torch.Tensor = torch.zeros(0, 0)
    brow_wide_grey: torch.Tensor = torch.zeros(0, 0)
    neck_strands: torch.Tensor = torch.zeros(0, 0)
    neck_grey: torch.Tensor = torch.zeros(0, 0)
    # params version 12 (brow_strokes): longer brow strands in the "brow_wide" crop, laid along the brow's flow
    brow_strokes: torch.Tensor = torch.zeros(0, 0)
    # params version 13 (freckle_density, freckles.py): the freckle dots' noise before its cut, their darkness and
    # zone (freckles is these at the cut of versions <= 12), a second dot noise and the wider zone of dense freckles
    freckle_noise: torch.Tensor = torch.zeros(0, 0)
    freckle_mod: torch.Tensor = torch.zeros(0, 0)
    freckle_zone: torch.Tensor = torch.zeros(0, 0)
    freckle_more: torch.Tensor = torch.zeros(0, 0)
    freckle_wide: torch.Tensor = torch.zeros(0, 0)
    # params version 17 (freckle_sun, freckles.py): the wide zone kept to the sun-exposed face
    freckle_sun: torch.Tensor = torch.zeros(0, 0)
    # params version 17 (beard_strokes): the beard's strands and grey selector smeared densely along wavy directions
    beard_fine: torch.Tensor = torch.zeros(0, 0)
    beard_fine_grey: torch.Tensor = torch.zeros(0, 0)


@dataclass(frozen=True, eq=False)
class SeedFields:
    skin: dict  # "face" / "back" -> SkinNoise
    fibres: dict  # "eyeball" / "iris" -> (h, w) radial iris fibres
    veins: torch.Tensor  # (h, w) sclera veins (eyeball slot)
    mouth: dict  # "gums" / "teeth" -> (h, w) unit noise
    lashes: torch.Tensor  # (h, w) 0..1 share of skin colour between lash strands


def _crop(t: torch.Tensor, box) -> torch.Tensor:
    r0, r1, c0, c1 = box
    return t[..., r0:r1, c0:c1]


# Sun spots (solar lentigines): flat round brown macules of ~2-12 mm on sun-exposed skin, soft-edged.
# One candidate disc per LENTIGO_CELL-cm cell of a 3D lattice (seamless across UV seams), at a random
# place with a log-normal radius; the neck and shoulders, mostly covered, get fewer and fainter ones.
LENTIGO_CELL = 1.3  # cm
LENTIGO_RADIUS = (0.25, 0.4)  # cm, median and log-sd of the disc radius


LENTIGO_MAX_RADIUS = 0.5  # cm: every disc fades within half a cell of its centre (8 cells to visit)
LENTIGO_GRID = 384  # the field is computed on at most this many texel rows per slot, then upsampled


def _lentigo_discs(seed: int):
    """Per-cell disc centre (3, n^3) in cells, radius (cm), rank and strength (flat over the lattice's
    cells) and the lattice origin; its own generator, so the other seeded fields draw as before."""
    gen = torch.Generator().manual_seed(int(seed) * 2 + 1_000_003)
    n = int(2 * 22.0 / LENTIGO_CELL) + 3
    cells = torch.stack(torch.meshgrid(*[torch.arange(n)] * 3, indexing="ij")).reshape(3, -1).float()
    centre = cells + torch.rand(3, n ** 3, generator=gen)
    radius = (LENTIGO_RADIUS[0] * torch.exp(LENTIGO_RADIUS[1] * torch.randn(n ** 3, generator=gen))
              ).clamp(0.1, LENTIGO_MAX_RADIUS)
    rank = torch.rand(n ** 3, generator=gen)
    strength = 0.6 + 0.4 * torch.rand(n ** 3, generator=gen)
    return n, centre, radius, rank, strength, -22.0


def _lentigo(pos: torch.Tensor, ex: dict, discs) -> tuple[torch.Tensor, torch.Tensor]:
    """(3, h, w) positions -> (disc profile * strength, rank) of the strongest disc per texel, with
    less on the neck and shoulders and none on the lips and lid margins."""
    n, centre, radius, rank, strength, origin = discs
    h, w = pos.shape[1:]
    step = max(h // LENTIGO_GRID, 1)
    coarse = pos[:, ::step, ::step]
    ch, cw = coarse.shape[1:]
    q = (coarse.reshape(3, -1) - origin) / LENTIGO_CELL
    near = q.floor() + (q - q.floor() >= 0.5).float() - 1.0  # the 2x2x2 block of cells around the texel
    best = torch.zeros(q.shape[1])
    best_rank = torch.ones(q.shape[1])
    base = near.clamp(0, n - 2).long()
    base = (base[0] * n + base[1]) * n + base[2]
    r2 = (radius / LENTIGO_CELL) ** 2  # in cell units
    for d in range(8):
        idx = base + ((d >> 2) * n + ((d >> 1) & 1)) * n + (d & 1)
        d2 = ((q - centre.index_select(1, idx)) ** 2).sum(0) / r2.index_select(0, idx)
        prof = torch.exp(-d2 * d2) * strength.index_select(0, idx)  # flat top, soft edge
        take = prof > best
        best = torch.where(take, prof, best)
        best_rank = torch.where(take, rank.index_select(0, idx), best_rank)
    maps = torch.stack([best, best_rank]).view(1, 2, ch, cw)
    if step > 1:
        maps = torch.nn.functional.interpolate(maps, size=(h, w), mode="bilinear", align_corners=False)
    best, best_rank = maps[0]
    x, y, z = pos
    sun = 0.3 + 0.7 * torch.clamp((y + 11.0) / 5.0, 0.0, 1.0)  # face: full; neck, shoulders: less
    sun = sun * (1.0 - (1.0 - SCALP_SUN_BEFORE) * scalp_shade(pos))
    return best * sun * (1.0 - ex["lips"]) * (1.0 - ex["lid_margin"]), best_rank


# Sun on the scalp's skin, of the full amount elsewhere, as params version <= 7 drew it for every head (hair
# assumed); the albedo scales it to TextureParams.scalp_sun (bald scalps get the full sun) with
# `scalp_sun_gain`, which leaves it exactly as it was at scalp_sun = SCALP_SUN_BEFORE.
SCALP_SUN_BEFORE = 0.25
BEARD_TO_SCALP = (-2.0, 0.5)  # cm of the full hairline's signed distance (scalp.py): all beard .. all scalp colour
STUBBLE_DENSE_CUT = 0.5  # of the stubble's unit streak field: the stubs' cut at 1.3 shows ~10 % of texels, this ~30 %


def scalp_shade(pos: torch.Tensor) -> torch.Tensor:
    """0..1, 1 on the scalp: above a line from the top of the forehead (y 11, z 11 cm) down to above the
    ear (y 6, z 3), and behind the ears above the nape (the sun-shaded part of params version <= 7)."""
    x, y, z = pos
    return torch.maximum(torch.clamp((y - 0.625 * z - 4.1) / 1.5, 0.0, 1.0),
                         torch.clamp((2.0 - z) / 2.0, 0.0, 1.0) * torch.clamp((y + 2.0) / 2.0, 0.0, 1.0))


def scalp_sun_gain(pos: torch.Tensor) -> torch.Tensor:
    """g with sun(scalp_sun) = sun(before) * (1 + (scalp_sun - SCALP_SUN_BEFORE) * g)."""
    shade = scalp_shade(pos)
    return shade / (1.0 - (1.0 - SCALP_SUN_BEFORE) * shade)


def _skin_noise(geo, crops, slot: str, u_sign: float, gen: torch.Generator, tone3d: Noise3D,
                spots3d: Noise3D, discs) -> SkinNoise:
    f = geo[slot]
    pos, ex = f["pos"], f
    h, w = pos.shape[1:]
    grid = normalised(pos)
    tone = tone3d(grid)
    spots = (spots3d(grid)[0] - 1.3).clamp_min(0.0)
    lentigo, lentigo_rank = _lentigo(pos, ex, discs)
    # Texel-space detail: feature sizes scale with the slot so 1024 and 2048 look alike.
    dot_noise = noise_2d(h, w, gen, h / 220.0)[0]
    dots = (dot_noise - FRECKLE_CUT).clamp_min(0.0) * 1.5
    freckle_mod = 0.6 + 0.4 * noise_2d(h, w, gen, h / 20.0)[0].clamp(-1, 1)
    freckles = (dots * freckle_mod).clamp(0, 1.5) * ex["freckle_zone"]
    keep = 1.0 - ex["seam"]  # texel-space noise cannot match across the seam: fade it there
    detail = 1.0 + 0.035 * keep * noise_2d(h, w, gen, max(h / 500.0, 1.0))[0]
    wrinkles = ex["wrinkles"] * torch.sigmoid(2.0 * noise_2d(h, w, gen, h / 40.0)[0] + 1.0) * keep
    side = torch.sign(pos[0]) * u_sign

    def hair(box, direction_of, length):
        r0, r1, c0, c1 = box
        if r1 <= r0 or c1 <= c0:
            return torch.zeros(0, 0)
        d = direction_of(_crop(side, box), _crop(ex["brow_along"], box))
        d = d / d.norm(dim=0, keepdim=True).clamp_min(1e-6)
        return streaks(r1 - r0, c1 - c0, gen, d, length)

    brow_dir = lambda s, t: torch.stack([s * (1 - t * t) + 0.1 * s, -(0.35 + 0.9 * t * t)])  # noqa: E731
    beard_dir = lambda s, t: torch.stack([0.25 * s, torch.ones_like(s)])  # noqa: E731
    brow_strands = hair(crops[slot]["brow"], brow_dir, h * 0.016)
    beard_strands = hair(crops[slot]["lower"], beard_dir, h * 0.022)
    brow_grey = hair(crops[slot]["brow"], brow_dir, h * 0.03)
    # Stubble: short hair segments (a few texels) over a shadow of the hair under the skin.
    box = crops[slot]["lower"]
    short = hair(box, beard_dir, max(h * 0.004, 2.0))
    area = _crop(ex["stubble_area"], box)
    stub = torch.sigmoid(5.0 * (short - 1.3)) if short.numel() else short
    # hairs only (the shadow under the skin is drawn from the area in the albedo); near the seam,
    # where texel noise must fade, an even 30 % cover stands in for the individual hairs
    stubble = (stub * _crop(keep, box) + 0.3 * (1 - _crop(keep, box))) * area
    # the same hairs with the shorter and finer ones counted too (no draw of its own): what shows of stubble on dark
    # skin, where the shadow under the skin does not (params version 10)
    dense = torch.sigmoid(5.0 * (short - STUBBLE_DENSE_CUT)) if short.numel() else short
    dense = (dense * _crop(keep, box) + (dense.mean() if dense.numel() else 0.0) * (1 - _crop(keep, box))) * area
    beard_grey = hair(crops[slot]["lower"], beard_dir, h * 0.04)
    # one selector value per short hair: the same streak length as the hairs, its own noise
    stubble_grey = hair(box, beard_dir, max(h * 0.004, 2.0))
    r0, r1, c0, c1 = box
    patch = noise_2d(max(r1 - r0, 1), max(c1 - c0, 1), gen, h / 45.0)[0] if r1 > r0 and c1 > c0 else torch.zeros(0, 0)
    return SkinNoise(tone=tone, spots=spots, lentigo=lentigo, lentigo_rank=lentigo_rank, freckles=freckles,
                     freckle_noise=dot_noise, freckle_mod=freckle_mod, freckle_zone=ex["freckle_zone"],
                     detail=detail, wrinkles=wrinkles, stubble=stubble,
                     brow_strands=brow_strands, beard_strands=beard_strands, brow_grey=brow_grey,
                     beard_grey=beard_grey, stubble_grey=stubble_grey, stubble_dense=dense,
                     beard_patch=patch)


def _shape_noise(geo, slot: str, u_sign: float, gen: torch.Generator) -> dict:
    """Strands and grey selectors in the crops of params version 11's brows and long beard (as _skin_noise's)."""
    f = geo[slot]
    h = f["pos"].shape[1]
    side = torch.sign(f["pos"][0]) * u_sign
    out = {}
    for key, box, direction, lengths in (
            ("brow_wide", f["crops"]["brow_wide"],
             lambda s, t: torch.stack([s * (1 - t * t) + 0.1 * s, -(0.35 + 0.9 * t * t)]), (0.016, 0.03)),
            ("neck", f["crops"]["neck"], lambda s, t: torch.stack([0.12 * s, torch.ones_like(s)]), (0.03, 0.05))):
        r0, r1, c0, c1 = box
        if r1 <= r0 or c1 <= c0:
            continue
        d = direction(_crop(side, box), _crop(f["brow_wide_along"], box))
        d = d / d.norm(dim=0, keepdim=True).clamp_min(1e-6)
        out[f"{key}_strands"] = streaks(r1 - r0, c1 - c0, gen, d, h * lengths[0])
        out[f"{key}_grey"] = streaks(r1 - r0, c1 - c0, gen, d, h * lengths[1])
    return out


BROW_STROKE = 0.04  # of the slot's height: the brow strokes' length (version 11's strands: 0.016, read as dots at 512)


def _brow_strokes(geo, slot: str, u_sign: float, gen: torch.Generator) -> torch.Tensor:
    """Brow strokes in the "brow_wide" crop: unit-variance streaks along the brows' growth (as _shape_noise's), longer."""
    f = geo[slot]
    r0, r1, c0, c1 = box = f["crops"]["brow_wide"]
    if r1 <= r0 or c1 <= c0:
        return torch.zeros(0, 0)
    side = torch.sign(f["pos"][0]) * u_sign
    s, t = _crop(side, box), _crop(f["brow_wide_along"], box)
    d = torch.stack([s * (1 - t * t) + 0.1 * s, -(0.35 + 0.9 * t * t)])
    d = d / d.norm(dim=0, keepdim=True).clamp_min(1e-6)
    return streaks(r1 - r0, c1 - c0, gen, d, f["pos"].shape[1] * BROW_STROKE, taps=13)


# The beard strands of versions <= 16 smear white noise over 9 taps spaced 2.5-4.5 texels apart at 1024 px, so each
# strand (and each white hair of a grey beard) is one texel repeated along its line: a regular comb at preview size.
# Version 17 smears with a tap per texel along directions that wander (BEARD_WAVE radians, ~1 cm features) and mixes
# in shorter strands (BEARD_SHORT of the length), as the scalp's fine strands are uneven (version 15).
BEARD_WAVE = 0.35
BEARD_SHORT = 0.4


def _beard_fine(geo, slot: str, u_sign: float, gen: torch.Generator) -> dict:
    """The beard's strands and grey selector in the "lower" crop (unit variance), dense and irregular."""
    f = geo[slot]
    r0, r1, c0, c1 = box = f["crops"]["lower"]
    if r1 <= r0 or c1 <= c0:
        return {}
    h, hl, wl = f["pos"].shape[1], r1 - r0, c1 - c0
    s = _crop(torch.sign(f["pos"][0]) * u_sign, box)
    turn = BEARD_WAVE * noise_2d(hl, wl, gen, h / 30.0)[0].clamp(-2.0, 2.0)
    d = torch.stack([0.25 * s, torch.ones_like(s)])
    d = torch.stack([d[0] * torch.cos(turn) - d[1] * torch.sin(turn), d[0] * torch.sin(turn) + d[1] * torch.cos(turn)])
    d = d / d.norm(dim=0, keepdim=True).clamp_min(1e-6)

    def smear(length):
        long = streaks(hl, wl, gen, d, length, taps=max(int(length) + 1, 9))
        short = streaks(hl, wl, gen, d, BEARD_SHORT * length, taps=max(int(BEARD_SHORT * length) + 1, 5))
        mixed = long + 0.6 * short
        return mixed / mixed.std().clamp_min(1e-6)

    return {"beard_fine": smear(h * 0.022), "beard_fine_grey": smear(h * 0.04)}


def _fibres(geo, slot: str, gen: torch.Generator) -> torch.Tensor:
    """Radial fibres of the iris: periodic noise in (angle, radius) of the eye frame."""
    rho, ang = geo[slot]["rho_n"], geo[slot]["angle"]
    lattice = torch.randn(1, 1, 12, 96, generator=gen)
    lattice = torch.cat([lattice, lattice[..., :1]], -1)  # wrap around in angle
    g = torch.stack([ang / math.pi, (rho * 2 - 1).clamp(-1, 1)], -1).unsqueeze(0)
    f = torch.nn.functional.grid_sample(lattice, g, mode="bilinear", align_corners=True)[0, 0]
    return f / f.std().clamp_min(1e-6)


@functools.lru_cache(maxsize=4)
def seed_fields(model, size: int, seed: int) -> SeedFields:
    geo = torch_geometry(model, size)
    af: AtlasFields = atlas_fields(model, size)
    gen = torch.Generator().manual_seed(int(seed))
    crops = {s: geo[s]["crops"] for s in ("face", "back")}
    tone3d = Noise3D(gen, 2, (5, 12, 28))
    spots3d = Noise3D(gen, 1, (60, 140), gain=0.8)
    discs = _lentigo_discs(seed)
    skin = {s: _skin_noise(geo, crops, s, af.u_sign, gen, tone3d, spots3d, discs) for s in ("face", "back")}
    # scalp hair: its own generator, so every field above draws as it did before scalp hair existed
    scalp_gen = torch.Generator().manual_seed(int(seed) * 2 + 2_000_003)
    scalp3d, locks3d = Noise3D(scalp_gen, 5, (22, 80)), Noise3D(scalp_gen, 1, (40, 90))
    coarse = max(texel_cm(geo[s]["pos"], geo[s]["scalp_mask"]) for s in ("face", "back"))  # the back tile's
    # the grey tufts (params version 10): a generator of their own again, so the fields above stay as they were
    grain3d = grain_noise(torch.Generator().manual_seed(int(seed) * 2 + 3_000_003))
    for s in ("face", "back"):
        g = geo[s]
        hair = scalp_noise(g["pos"], g["seam"], g["scalp_mask"], scalp_gen, scalp3d, locks3d, coarse, g["pos_border"],
                           grain3d)
        skin[s] = dataclasses.replace(skin[s], scalp=hair)
    skin = finish_grain(skin)
    # the wider brows and the long beard (params version 11): a generator of their own, the fields above stay as they were
    shapes_gen = torch.Generator().manual_seed(int(seed) * 2 + 4_000_003)
    for s in ("face", "back"):
        skin[s] = dataclasses.replace(skin[s], **_shape_noise(geo, s, af.u_sign, shapes_gen))
    # the brows' strokes (params version 12): a generator of their own again
    strokes_gen = torch.Generator().manual_seed(int(seed) * 2 + 5_000_003)
    for s in ("face", "back"):
        skin[s] = dataclasses.replace(skin[s], brow_strokes=_brow_strokes(geo, s, af.u_sign, strokes_gen))
    # dense freckles (params version 13): a generator of their own again
    freckle_gen = torch.Generator().manual_seed(int(seed) * 2 + 6_000_003)
    for s in ("face", "back"):
        skin[s] = dataclasses.replace(skin[s], **freckle_noise(geo[s], freckle_gen))
    # the beard's irregular strands (params version 17): a generator of their own again
    beard_gen = torch.Generator().manual_seed(int(seed) * 2 + 7_000_003)
    for s in ("face", "back"):
        skin[s] = dataclasses.replace(skin[s], **_beard_fine(geo, s, af.u_sign, beard_gen))
    fibres = {s: _fibres(geo, s, gen) for s in ("eyeball", "iris")}
    h, w = geo["eyeball"]["rho_n"].shape
    veins = (noise_2d(h, w, gen, h / 60.0)[0].abs() < 0.12).float() * 0.5 + 0.5 * noise_2d(h, w, gen, h / 8.0)[0]
    mouth = {s: noise_2d(*geo[s]["pos"].shape[1:], gen, geo[s]["pos"].shape[1] / 60.0)[0] for s in ("gums", "teeth")}
    lh = size // 8
    gaps = torch.sigmoid(3.0 * (noise_2d(1, lh, gen, 1.5)[0] - 0.6)).expand(lh, lh)  # strands run along v
    lower = torch.cat([torch.zeros(lh - lh // 2), torch.ones(lh // 2)]).view(lh, 1)
    tip = geo["lashes"]["tip"]
    lashes = (0.05 + 0.4 * lower + 0.3 * gaps + 0.9 * tip).clamp(0.0, 1.0)  # skin share per texel
    return SeedFields(skin=skin, fibres=fibres, veins=veins, mouth=mouth, lashes=lashes)


@functools.lru_cache(maxsize=3)
def torch_geometry(model, size: int) -> dict:
    """atlas_fields as torch tensors, plus derived maps (eye polar coordinates, depth shading)."""
    from .fields import eye_frame

    af = atlas_fields(model, size)
    geo = {}
    for name, f in af.slots.items():
        # shares memory with atlas_fields' arrays (never written to): one copy of the geometry per size
        d = {"pos": torch.from_numpy(np.ascontiguousarray(f.pos))}
        for k, v in f.extra.items():
            d[k] = torch.from_numpy(np.ascontiguousarray(v))
        geo[name] = d
    margin = max(size // 128, 2)
    for name in ("face", "back"):
        g = geo[name]
        lower = torch.stack([g["beard"], g["mustache"], g["goatee"], g["lips"]]).amax(0)
        g["stubble_area"] = torch.maximum(g["beard"], g["mustache"])  # where stubble grows
        g["crops"] = {"brow": _bbox(g["brow"], margin), "lower": _bbox(lower, margin),
                      "eyes": _bbox(torch.maximum(g["eyeshadow"], g["eyeliner"]), margin),
                      # version 11's: a crop of their own (a larger "eyes" crop changed its texels by ~1e-5: the
                      # vectorised arithmetic depends on the crop's shape), so a version <= 10 head draws bit for bit
                      "smoky": _bbox(g["smoky"], margin),
                      "brow_wide": _bbox(g["brow_wide"], margin), "neck": _bbox(g["beard_long"], margin),
                      "cheek": _bbox(g["cheek"] * (g["cheek"] > 0.02), margin),
                      "under": _bbox(g["dark_circle"] * (g["dark_circle"] > 0.01), margin)}
        g["scalp_mask"] = g["hairline"] > -1.5  # where hair may grow, the hairline's wander included
        # 0..1: how far the beard takes the scalp hair's colour, over the last BEARD_TO_SCALP cm of the sideburn
        # below the hairline (a grey beard under a dark scalp turns dark as it joins it, as sideburns do)
        t = ((g["hairline"] - BEARD_TO_SCALP[0]) / (BEARD_TO_SCALP[1] - BEARD_TO_SCALP[0])).clamp(0.0, 1.0)
        g["beard_to_scalp"] = t * t * (3.0 - 2.0 * t)
        g["scalp_sun_gain"] = scalp_sun_gain(g["pos"])
        g["flush_zone"] = flush_zone(g)  # params version 16 (flush.py)
        g["sun_exposed"], g["sun_scalp"] = sun_exposed(g)
        g["refill"] = island_refill(af.slots[name].covered, g.get("mouth_socket"), g.get("eye_socket"))
    # Eye coordinates: radius from the gaze axis in units of the iris radius, and angle.
    centre, rot = eye_frame(model, "left")
    iris = (model.neutral[model.regions["iris_left"]] - centre) @ rot.T
    front = iris[:, 2] > iris[:, 2].max() - 0.15
    r_iris = float(torch.quantile(torch.from_numpy(iris[front, :2]).norm(dim=1), 0.98))
    for name in ("eyeball", "iris"):
        p = geo[name]["pos"]
        geo[name]["rho_n"] = p[:2].norm(dim=0) / r_iris
        geo[name]["angle"] = torch.atan2(p[1], p[0])
        geo[name]["front"] = (p[2] > 0).float()
    for name in ("gums", "teeth"):
        z = geo[name]["pos"][2]
        geo[name]["depth"] = ((z - z.min()) / (z.max() - z.min()).clamp_min(1e-6))
    return geo


def island_refill(covered: np.ndarray, *sockets) -> tuple[torch.Tensor, torch.Tensor]:
    """(texels, sources): flat indices of the uncovered texels beside a skin island that took their colour from a
    mouth or eye socket island (the nearest covered texel, fields.fill_uncovered), and of the nearest skin texel
    to take it from instead.  On the 64-texel back tile of a 256^2 atlas the socket islands lie a texel from the
    temple's: the bilinear lookup at the face/back seam there read the mouth's red (Delta E up to 20)."""
    from scipy.ndimage import distance_transform_edt

    from .raster import BORDER_RING

    socket = np.zeros_like(covered)
    for m in sockets:
        if m is not None:
            socket |= covered & (m.numpy() > 0.5)
    skin = covered & ~socket
    if not socket.any() or not skin.any():
        return torch.zeros(0, dtype=torch.long), torch.zeros(0, dtype=torch.long)
    _, (ay, ax) = distance_transform_edt(~covered, return_indices=True)
    dist, (sy, sx) = distance_transform_edt(~skin, return_indices=True)
    wrong = ~covered & (dist <= BORDER_RING) & socket[ay, ax]
    ys, xs = np.nonzero(wrong)
    w = covered.shape[1]
    return torch.from_numpy(ys * w + xs), torch.from_numpy(sy[ys, xs] * w + sx[ys, xs])


def _bbox(mask: torch.Tensor, margin: int):
    nz = torch.nonzero(mask > 1e-3)
    if len(nz) == 0:
        return (0, 0, 0, 0)
    h, w = mask.shape
    (r0, c0), (r1, c1) = nz.min(0).values.tolist(), nz.max(0).values.tolist()
    return max(r0 - margin, 0), min(r1 + margin + 1, h), max(c0 - margin, 0), min(c1 + margin + 1, w)
