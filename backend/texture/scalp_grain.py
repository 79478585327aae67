"""The grain of scalp hair: which tufts are white in grey hair, and how lit each tuft is (params version 10).

Hairs do not go white one by one at random: neighbouring hairs share follicle age, so salt-and-pepper hair shows
tufts and streaks of white among darker ones.  A texel too coarse to resolve single strands (the back-of-head
tile: 0.16-0.63 cm) used to take the mean grey, a flat mid-grey at a grey fraction of 0.3-0.4.  Here each hair's
grey selector is split into a tuft part shared by its neighbours, `grain` (seamless 3D noise smeared along the
hair, in octaves from 1 cm to 2 mm), and its own part.  A texel shows the share of white its tuft has,
Phi((grain - cut) / sd): the mean over the head stays hair_grey exactly, the contrast is largest in mixed grey
and vanishes as the hair goes all dark or all white.  Octaves finer than a texel can carry are left out (filtered
to the texel's footprint, the same on both sides of the face/back seam), and what they leave goes to the hair's
own part (sd), so no texel-wide dashes appear.

grey_strands (params version 15): at the ~0.08 cm pixels of a 512 px preview the 0.3 and 0.15 cm octaves (half the
selector's variance) drew whole patches of a greying crop white or dark, a blotchy salt and pepper.  Greying hair
reads as fine mixed strands: GRAIN_SHARE_FINE leaves the coarse octave (the back tile's only one) as it was and gives
the finer ones far less, the rest going to each hair's own part (`grain_fine` and `grain_fine_sd`).
"""
from __future__ import annotations

import dataclasses

import torch

from .noise import Noise3D, normalised

GRAIN_CELLS = (57, 113, 227)  # lattice cells across the head box (34 cm): features of ~0.6, 0.3 and 0.15 cm
GRAIN_SHARE = (0.06, 0.22, 0.3)  # share of each hair's grey selector (variance) carried by each octave
GRAIN_SHARE_FINE = (0.06, 0.04, 0.03)  # the same for grey_strands 1 (params version 15): fine strands, few blotches
GRAIN_SMEAR = (-0.9, -0.3, 0.3, 0.9)  # cm along the hair: tufts are streaks, not blobs
# an octave shows fully where its cell spans GRAIN_RESOLVED[1] texel footprints, not at all below [0]
GRAIN_RESOLVED = (1.0, 2.0)
SEAM_STRICT = 2.0
HEAD_BOX_CM = 34.0  # 2 * noise.HEAD_HALF: the lattices span this


def grain_noise(gen: torch.Generator) -> tuple[Noise3D, ...]:
    """One single-octave lattice per grain octave (weighted per texel, so each is its own Noise3D)."""
    return tuple(Noise3D(gen, 1, (c,)) for c in GRAIN_CELLS)


def raw_grain(octaves: tuple[Noise3D, ...], p: torch.Tensor, t: torch.Tensor, fade: torch.Tensor) -> torch.Tensor:
    """(K, h, w) octaves at positions p (3, h, w), each averaged along the hair's direction t (3, h, w); zero where
    `fade` (K, h, w) leaves the octave out everywhere (the coarse tile's fine octaves: most of the cost)."""
    grids = [normalised(p + s * t) for s in GRAIN_SMEAR]
    return torch.stack([sum(o(g)[0] for g in grids) if bool(f.any()) else torch.zeros(p.shape[1:])
                        for o, f in zip(octaves, fade)])


def grain_fade(footprint: torch.Tensor, seam: torch.Tensor) -> torch.Tensor:
    """(K, h, w) 0..1: how far each octave shows at texels of this footprint (cm).  Near the face/back seam (`seam`
    1 on it) only octaves the coarse tile's bilinear lookups reconstruct closely (cells of SEAM_STRICT footprints
    more): both tiles agree there."""
    cell = torch.tensor([HEAD_BOX_CM / c for c in GRAIN_CELLS]).view(-1, 1, 1)
    footprint = footprint * (1.0 + (SEAM_STRICT - 1.0) * seam)
    t = ((cell / footprint.clamp_min(1e-4) - GRAIN_RESOLVED[0]) / (GRAIN_RESOLVED[1] - GRAIN_RESOLVED[0])).clamp(0, 1)
    return t * t * (3.0 - 2.0 * t)


def finish_grain(skin: dict) -> dict:
    """SkinNoise per slot with raw grain octaves and their fades -> with `grain` (the tuft selector) and
    `grain_sd` (the std of what each hair adds to it).  The octaves are normalised over both slots together: one field, no seam."""
    raws = [n.grain_octaves for s in skin.values() for _, n in s.scalp if n.grain_octaves is not None]
    if not raws:
        return skin
    fades = [n.grain_fade for s in skin.values() for _, n in s.scalp if n.grain_octaves is not None]
    flat, shown = torch.cat([r.flatten(1) for r in raws], 1), torch.cat([f.flatten(1) for f in fades], 1) > 0
    # (over the texels where each octave shows: elsewhere it was not evaluated)
    std = torch.stack([v[m].std() if int(m.sum()) > 1 else torch.tensor(1.0) for v, m in zip(flat, shown)])
    std = std.clamp_min(1e-6).view(-1, 1, 1)
    out = {}
    for slot, s in skin.items():
        boxes = []
        for box, n in s.scalp:
            z, sd = _selector(n, std, GRAIN_SHARE)
            fine, fine_sd = _selector(n, std, GRAIN_SHARE_FINE)
            boxes.append((box, dataclasses.replace(n, grain=z, grain_sd=sd, grain_fine=fine, grain_fine_sd=fine_sd,
                                                   grain_octaves=None, grain_fade=None)))
        out[slot] = dataclasses.replace(s, scalp=tuple(boxes))
    return out


def _selector(n, std: torch.Tensor, shares) -> tuple[torch.Tensor, torch.Tensor]:
    """(the tuft part of each hair's grey selector, the std of its own part) with `shares` per octave."""
    weight = torch.tensor(shares).view(-1, 1, 1).sqrt() * n.grain_fade
    z = (weight * n.grain_octaves / std).sum(0)
    return z, (1.0 - (weight * weight).sum(0)).clamp_min(1e-3).sqrt()


def white_share(grain: torch.Tensor, sd: torch.Tensor, cut: torch.Tensor) -> torch.Tensor:
    """Share of white hairs in a tuft: P(grain + sd * own > cut), own a unit Gaussian."""
    return torch.special.ndtr((grain - cut) / sd)
