"""Measures of the brows, mustache, long beard and smoky eye shadow of params version 11 (tests and `eval texture`).

Each reads an albedo in the atlas layout (as quality.py's: sRGB 0..1, CIELAB Delta E against the bare skin) over
regions of the neutral head (regions.py), so the same figure can be taken from any params version's drawing.
"""
from __future__ import annotations

import numpy as np

from .fields import atlas_fields
from .quality import HAIR_DE, SCALP_REGIONS, _image, _slot, plain_skin, region_colour, srgb_to_lab

BROW_CORE_PERCENTILE = 10  # the darkest tenth of the brow's texels: the hairs themselves, least mixed with skin
BEARD_ROW_CM = 0.5  # the long beard's reach is measured in bands of this height below the chin
BEARD_REACH_COVER = 0.5  # a band counts as bearded where at least this share of its texels reads as hair


def _face(albedo, model):
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    face = srgb_to_lab(_slot(img, "face"))
    skin = srgb_to_lab(region_colour(img, model, plain_skin))
    return img, f, face, skin


def brow_and_hair_colour(albedo, model) -> tuple[np.ndarray, np.ndarray]:
    """(CIELAB of the brow hairs: the mean of the darkest BROW_CORE_PERCENTILE % of the texels where the brow of
    versions <= 10 lies (brow > 0.5), CIELAB of the scalp hair over the top of the head (both skin slots))."""
    img, f, face, _ = _face(albedo, model)
    brow = face[(f.extra["brow"] > 0.5) & f.covered]
    core = brow[brow[:, 0] <= np.percentile(brow[:, 0], BROW_CORE_PERCENTILE)].mean(0)
    af = atlas_fields(model, img.shape[0])
    top = [_slot(img, s)[SCALP_REGIONS["top"](af.slots[s].extra, af.slots[s].pos) & af.slots[s].covered]
           for s in ("face", "back")]
    return core, srgb_to_lab(np.concatenate(top)).mean(0)


def brow_cover_cm2(albedo, model) -> float:
    """Skin area (cm^2, both brows) that reads as brow hair: texels of the widest brow band (brow_wide > 0) more than
    HAIR_DE from the bare skin, each counted with its own area on the neutral head."""
    _, f, face, skin = _face(albedo, model)
    sel = (f.extra["brow_wide"] > 0.0) & f.covered
    hair = sel & (np.linalg.norm(face - skin, axis=-1) > HAIR_DE)
    return float(_texel_area(f.pos)[hair].sum())


def _texel_area(pos: np.ndarray) -> np.ndarray:
    """(h, w) cm^2 each texel covers on the neutral head (from the positions' differences to the next texels)."""
    du = np.linalg.norm(np.diff(pos, axis=2, append=pos[:, :, -1:]), axis=0)
    dv = np.linalg.norm(np.diff(pos, axis=1, append=pos[:, -1:, :]), axis=0)
    return np.minimum(du * dv, 0.05)  # (no texel of a 256^2 atlas and up is larger; island borders jump)


def beard_reach_cm(albedo, model) -> float:
    """How far (cm) the beard reaches below the level line under the chin (regions.py beard_below): the lowest band
    of BEARD_ROW_CM, across the front of the neck (beard_side < 0.4), where >= BEARD_REACH_COVER of the texels read
    as hair (> HAIR_DE from the bare skin); 0 where none below the line does."""
    _, f, face, skin = _face(albedo, model)
    hair = np.linalg.norm(face - skin, axis=-1) > HAIR_DE
    below, front = f.extra["beard_below"], (f.extra["beard_side"] < 0.4) & f.covered
    reach = 0.0
    for lo in np.arange(0.0, 12.0, BEARD_ROW_CM):
        band = front & (below >= lo) & (below < lo + BEARD_ROW_CM)
        if band.sum() >= 10 and hair[band].mean() >= BEARD_REACH_COVER:
            reach = float(lo + BEARD_ROW_CM)
    return reach


def mustache_cover(albedo, model) -> tuple[float, float]:
    """(share of the upper lip's texels that read as hair: > HAIR_DE from the lower lip, which no mustache covers;
    share of the skin's between the nose and the lip, above a pencil line: > HAIR_DE from the bare skin): a thin
    mustache leaves both bare, a thick one covers both."""
    _, f, face, skin = _face(albedo, model)
    e = f.extra
    lips = (e["lips"] > 0.5) & f.covered
    lip = lips & (e["mustache_thick"] > 0.8)
    lower_lip = lips & (e["mustache_thick"] < 0.01)
    above = (e["mustache_thick"] > 0.8) & (e["lips"] < 0.05) & (e["mustache_thin"] < 0.05) & f.covered
    on_lip = np.linalg.norm(face[lip] - face[lower_lip].mean(0), axis=-1) > HAIR_DE
    return float(on_lip.mean()), float((np.linalg.norm(face[above] - skin, axis=-1) > HAIR_DE).mean())


def smoky_depth(albedo, model) -> tuple[float, float]:
    """CIELAB L* below the bare skin's (> 0: darker) of (the lid's eye shadow, eyeshadow > 0.6; the brow bone and the
    outer corner, where only smoky shadow goes: smoky > 0.5, eyeshadow < 0.1, away from liner and brows)."""
    _, f, face, skin = _face(albedo, model)
    e = f.extra
    lid = (e["eyeshadow"] > 0.6) & (e["eyeliner"] < 0.05) & f.covered
    out = (e["smoky"] > 0.5) & (e["eyeshadow"] < 0.1) & (e["eyeliner"] < 0.05) & (e["brow_wide"] < 0.05) & f.covered
    return float(skin[0] - face[lid][:, 0].mean()), float(skin[0] - face[out][:, 0].mean())


def brow_pieces(albedo, model) -> tuple[int, float]:
    """(separate pieces of brow hair: 8-connected groups of brow texels (brow_wide > 0) more than HAIR_DE from the bare
    skin, of 2+ texels; their skin area in cm^2): a brow that reads as one shape has few pieces, short strands scattered
    over the band many (params version 12's brow_strokes)."""
    from scipy.ndimage import label

    _, f, face, skin = _face(albedo, model)
    hair = (f.extra["brow_wide"] > 0.0) & f.covered & (np.linalg.norm(face - skin, axis=-1) > HAIR_DE)
    labels, n = label(hair, structure=np.ones((3, 3)))
    sizes = np.bincount(labels.ravel())[1:]
    return int((sizes >= 2).sum()), float(_texel_area(f.pos)[hair].sum())
