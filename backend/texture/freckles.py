"""Freckle density (params version 13): how many freckle dots show, and where.

Versions <= 12 drew one fixed set of dots: a value noise about 1/220 of the slot wide, cut at FRECKLE_CUT, over the
freckle zone (nose bridge and cheeks, regions.py); `freckles` scales only their darkness.  `freckle_density` moves
that: at DENSITY_BEFORE (0.5) the dots are exactly those; below it the cut rises, so only the noise's highest peaks
show (a few small, sparse dots: "a few freckles"); above it a second dot noise of its own adds dots between them and
the zone widens over the forehead, the rest of the face and, fainter, the neck and shoulders ("covered in freckles").
Params version 17's freckle_sun (0 before) keeps that wider zone to the sun-exposed face: forehead, nose and cheeks,
thinning from the mouth to the jaw, little on the neck; "freckles all over" (look_words.py) keeps the wide zone.
"""
from __future__ import annotations

import torch

from .noise import noise_2d

FRECKLE_CUT = 0.8  # of the unit dot noise: the dots of versions <= 12 (about a fifth of its lattice peaks)
DENSITY_BEFORE = 0.5  # freckle_density that draws the dots of versions <= 12
FEWER_CUT = 1.8  # the cut rises by this per unit of density below DENSITY_BEFORE (0.15: cut 1.43, ~1/4 the dots)
FEWER_GAIN = 1.5  # per unit the cut rises: the sparse dots' darkness scaled back to the plain ones'
MORE_CUT = (2.8, 0.4)  # the second noise's cut at DENSITY_BEFORE (next to no dot) and at density 1 (dense)
MORE_CELL = 260.0  # the second dots are a little smaller (the slot's height / this, texels)
WIDE_BODY = 0.35  # weight of the wide zone on the neck, shoulders and head's sides, of the face's front
# freckle_sun 1: freckles follow sun exposure (they are induced by UV and fade in winter; the nose, cheeks and forehead
# catch the most sun, the jaw's underside and the neck under the chin far less): the zone's weight on the neck and
# sides, and at the jaw, of the face's front (set by hand); the front thins from SUN_RAMP[0] to SUN_RAMP[1] cm (height)
SUN_BODY = 0.06
SUN_JAW = 0.25
SUN_RAMP = (-2.0, -7.5)  # cm: below the nose tip to the jaw line
SUN_THIN = 1.5  # the second dots' cut rises by this where the sun zone is 0: fewer dots there, not just fainter


def freckle_noise(geo: dict, gen: torch.Generator) -> dict:
    """A skin slot's second dot noise and wide freckle zone (SkinNoise fields; `gen`: their own generator)."""
    pos = geo["pos"]
    h, w = pos.shape[1:]
    x, y, z = pos
    front = torch.clamp(z / 6.0, 0.0, 1.0) * torch.clamp((y + 8.0) / 4.0, 0.0, 1.0)  # the face, above the jaw
    wide = (WIDE_BODY + (1.0 - WIDE_BODY) * front) * (1.0 - geo["scalp_mask"].float())
    wide = wide * (1.0 - geo["lips"]) * (1.0 - geo["lid_margin"]) * (1.0 - geo["seam"])
    # (version 17) the sun-exposed face: facing forward, thinning from below the nose down to the jaw; no draw
    down = torch.clamp((y - SUN_RAMP[1]) / (SUN_RAMP[0] - SUN_RAMP[1]), 0.0, 1.0)
    down = down * down * (3.0 - 2.0 * down)
    face = torch.clamp(z / 6.0, 0.0, 1.0) * (SUN_JAW + (1.0 - SUN_JAW) * down) * (y > SUN_RAMP[1] - 1.5).float()
    sun = (SUN_BODY + (1.0 - SUN_BODY) * face) * (1.0 - geo["scalp_mask"].float())
    sun = sun * (1.0 - geo["lips"]) * (1.0 - geo["lid_margin"]) * (1.0 - geo["seam"])
    return {"freckle_more": noise_2d(h, w, gen, h / MORE_CELL)[0], "freckle_wide": wide, "freckle_sun": sun}


def freckle_field(p: dict, n) -> torch.Tensor:
    """Freckle dots (h, w) >= 0 of a skin slot for the params `p` (tensors) and its SkinNoise `n`; at
    freckle_density DENSITY_BEFORE this is n.freckles bit for bit (the same operations on the same values)."""
    d = p["freckle_density"]
    cut = FRECKLE_CUT + FEWER_CUT * (DENSITY_BEFORE - d).clamp_min(0.0)
    more = ((d - DENSITY_BEFORE) / (1.0 - DENSITY_BEFORE)).clamp(0.0, 1.0)  # 0 up to DENSITY_BEFORE
    # fewer dots keep the plain ones' darkness: a higher cut leaves only the peaks' tips, so they are scaled back up
    dots = (n.freckle_noise - cut).clamp_min(0.0) * 1.5 * (1.0 + FEWER_GAIN * (cut - FRECKLE_CUT))
    extra_cut = MORE_CUT[0] + (MORE_CUT[1] - MORE_CUT[0]) * more
    if float(p["freckle_sun"]) > 0.0:  # (version 17) fewer dots, not only fainter ones, away from the sun
        extra_cut = extra_cut + p["freckle_sun"] * SUN_THIN * (1.0 - n.freckle_sun)
    extra = (n.freckle_more - extra_cut).clamp_min(0.0) * 1.5 * more
    wide = n.freckle_wide + p["freckle_sun"] * (n.freckle_sun - n.freckle_wide)  # (version 17; 0 before)
    zone = torch.maximum(n.freckle_zone, more * wide)
    return (torch.maximum(dots, extra) * n.freckle_mod).clamp(0, 1.5) * zone
