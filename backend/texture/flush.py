"""A flushed face and a sunburn (params version 16's `flush` and `sunburn`, the parser's skin_flush).

Both are more blood in the dermis (erythema), drawn as haemoglobin added in absolute amounts (the skin's own level
varies 0.15..0.45 over the tones; melanin then masks the redness on darker skin, as it does): a flush ("rosy cheeks",
"red-faced") reddens the cheeks and, less, the nose, blending out softly; a sunburn reddens the skin the sun reaches
on a head - the face's front, most on the forehead, nose, cheekbones and ears, and the sides and back of the neck and a bare scalp's top - and stops
sharply where clothing covered it (the collar line), with the shade under the chin lighter.  The maps are written in
the head's 3D positions (cm: y up, z forward; the chin at y -7.6, the brows at 6.3, the nose tip z 13), so they run
on across the face and back-of-head tiles without a seam.
"""
from __future__ import annotations

import torch

FLUSH_HB = 0.5  # haemoglobin added at the cheeks' centre at flush 1 (fair cheeks: a* ~ +8)
FLUSH_NOSE = 0.6  # the nose's share of that
SUNBURN_HB = 0.7  # haemoglobin added on fully exposed skin at sunburn 1 (fair: a* ~ +12, an obvious burn)
COLLAR_Y = -13.0  # cm: the sun line at the base of the neck
COLLAR_EDGE = 0.25  # cm over which the sun line goes from burnt to covered (the rest blends over 1-2 cm)
SUN_FACE = 0.6  # the rest of the face's front burns less than its prominent parts
SCALP_HAIR_SHADE = 1.0  # share of the sun the scalp's hair keeps off its skin per unit of scalp_hair


def _smooth(e0: float, e1: float, x: torch.Tensor) -> torch.Tensor:
    t = ((x - e0) / (e1 - e0)).clamp(0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def flush_zone(g: dict) -> torch.Tensor:
    """0..1 per texel: where a flush shows (cheeks, the nose less), off the lips and lid margins."""
    return torch.maximum(g["cheek"], FLUSH_NOSE * g["nose"]).clamp(0.0, 1.0) * (1.0 - g["lips"]) * (1.0 - g["lid_margin"])


def sun_exposed(g: dict) -> tuple[torch.Tensor, torch.Tensor]:
    """-> (skin the sun reaches, 0..1; the bare scalp's share of it, to be scaled by how little hair covers it)."""
    x, y, z = g["pos"]
    a = x.abs()
    front = _smooth(2.0, 5.0, z)
    # up under the hair's edge (the painted hairline wanders above scalp_mask's: a hard cut there left a pale strip)
    skin = _smooth(2.5, -0.5, g["hairline"])
    whole = SUN_FACE * front * _smooth(-8.0, -6.5, y) * skin  # the face's front, above the chin's underside
    forehead = _smooth(6.0, 7.0, y) * front * skin  # from the brow ridge up to the hairline
    cheekbones = torch.exp(-((a - 4.3) / 1.7) ** 2 - ((y - 1.8) / 1.4) ** 2) * front
    ears = _smooth(6.8, 7.8, a) * _smooth(-2.5, -0.8, y) * _smooth(8.0, 6.5, y) * _smooth(-4.0, -1.0, z)
    neck = _smooth(-6.0, -8.5, y) * _smooth(COLLAR_Y - COLLAR_EDGE, COLLAR_Y + COLLAR_EDGE, y)
    neck = neck * (1.0 - 0.55 * _smooth(1.0, 5.0, z) * _smooth(-12.5, -8.5, y))  # the shade under the chin
    face = torch.stack([whole, forehead, g["nose"].clamp(0.0, 1.0), cheekbones, ears, neck]).amax(0)
    face = face * (1.0 - g["lips"]) * (1.0 - g["lid_margin"])
    scalp = (1.0 - skin) * _smooth(7.0, 10.0, y)
    return face, scalp


def flush_haemoglobin(p: dict, g: dict) -> torch.Tensor:
    """Haemoglobin to add (h, w) for the params `p` (tensors): 0 everywhere at flush 0 and sunburn 0."""
    face, scalp = g["sun_exposed"], g["sun_scalp"]
    bare = (1.0 - SCALP_HAIR_SHADE * p["scalp_hair"]).clamp(0.0, 1.0)
    return p["flush"] * FLUSH_HB * g["flush_zone"] + p["sunburn"] * SUNBURN_HB * torch.maximum(face, bare * scalp)
