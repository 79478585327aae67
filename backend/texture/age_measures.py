"""Measures of params version 12 (shared by the tests and `eval texture`): unstated eye colour by skin tone, the aged
skin's colour, the age lines' contrast and thin white hair on the scalp.  Colours as in quality.py (sRGB albedo,
CIELAB D65)."""
from __future__ import annotations

import numpy as np

from .age_lines import ZONES
from .fields import atlas_fields
from .quality import SCALP_REGIONS, _image, _slot, plain_skin, region_colour, srgb_to_lab

# Melanin bands for the eye-colour shares: split half-way between SKIN_TONES' melanin levels (params.py)
MELANIN_BANDS = (("very-fair", 0.0, 0.05), ("fair", 0.05, 0.13), ("medium", 0.13, 0.24), ("olive", 0.24, 0.41),
                 ("brown", 0.41, 0.73), ("dark", 0.73, 1.01))


def eye_colour_shares(seeds: int, draw=None) -> dict[str, dict[str, float]]:
    """Share of each unstated eye colour per melanin band (MELANIN_BANDS) over `seeds` draws of an empty prompt
    (`draw`: params._draw, or another version's, for a before/after figure), with each band's count as "n"."""
    if draw is None:
        from .params import _draw
        draw = _draw
    names = ("blue", "green", "gray", "hazel", "brown")
    counts = {band: dict.fromkeys(names, 0) for band, _, _ in MELANIN_BANDS}
    for seed in range(seeds):
        params, picked = draw({}, seed)
        band = next(b for b, lo, hi in MELANIN_BANDS if lo <= params.melanin < hi)
        counts[band][picked["eye_color"]] += 1
    out = {}
    for band, c in counts.items():
        n = sum(c.values())
        out[band] = {**{k: (v / n if n else 0.0) for k, v in c.items()}, "n": n}
    return out


def skin_lch(albedo, model) -> tuple[float, float, float]:
    """(L*, C*, b*) of the mean bare skin (quality.plain_skin, off the age lines)."""
    lab = srgb_to_lab(region_colour(albedo, model, lambda e: plain_skin(e) & (e["crease"] < 0.05)
                                    & (e["crease_rim"] < 0.05)))
    return float(lab[0]), float(np.hypot(lab[1], lab[2])), float(lab[2])


def region_lab(albedo, model, mask_fn) -> np.ndarray:
    """CIELAB of the mean colour of face texels where mask_fn(region maps)."""
    return srgb_to_lab(region_colour(albedo, model, mask_fn))


def crease_contrast(albedo, model) -> dict[str, float]:
    """Per zone of age lines (age_lines.ZONES), mean L* of the lines' valleys (crease > 0.5) minus that of the skin
    around them (the same zone, crease < 0.1): < 0 where lines show darker than their surroundings."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    lab = srgb_to_lab(_slot(img, "face"))
    e = f.extra
    out = {}
    for k, name in enumerate(ZONES):
        zone = (e["crease_zone"] == k + 1) & f.covered & (e["lips"] < 0.05) & (e["brow"] < 0.05)
        valley, around = zone & (e["crease"] > 0.5), zone & (e["crease"] < 0.1)
        out[name] = float(lab[valley, 0].mean() - lab[around, 0].mean()) if valley.any() and around.any() else 0.0
    return out


def scalp_delta_e(albedo, model, where: str = "top") -> float:
    """Mean CIELAB Delta E of a scalp region's texels (quality.SCALP_REGIONS, both skin slots) from the bare skin: how
    strongly the hair there shows (~0 bald; thin hair, skin showing between the hairs, less than a full head's)."""
    img = _image(albedo)
    af = atlas_fields(model, img.shape[0])
    skin = srgb_to_lab(region_colour(img, model, plain_skin))
    de = [np.linalg.norm(srgb_to_lab(_slot(img, slot)[SCALP_REGIONS[where](f.extra, f.pos) & f.covered]) - skin, axis=-1)
          for slot, f in ((k, af.slots[k]) for k in ("face", "back"))]
    return float(np.concatenate(de).mean())


def skin_unevenness(albedo, model) -> float:
    """Std of L* over the bare skin (quality.plain_skin, off the age lines): how uneven its pigment is (age's mottle)."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    e = f.extra
    sel = plain_skin(e) & (e["crease"] < 0.05) & (e["crease_rim"] < 0.05) & f.covered
    return float(srgb_to_lab(_slot(img, "face")[sel])[:, 0].std())
