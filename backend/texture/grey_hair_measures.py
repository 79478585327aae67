"""Measures of greying scalp hair at preview scale (params version 15's grey_strands; shared by the tests and `eval
texture`).  A 512 px preview shows the head at ~0.08 cm per pixel: what survives a blur of about that size is what the
preview shows.  Fine mixed strands average to an even grey there; white and dark patches stay."""
from __future__ import annotations

import numpy as np
from scipy import ndimage as nd

from .fields import atlas_fields
from .quality import SCALP_REGIONS, _image, _slot, srgb_to_lab

PREVIEW_CM = 0.12  # cm: the blur's sigma, about a 512 px preview's pixel and a half
WINDOW_CM = 3.0  # cm: the local mean taken away (the hairline's and the locks' slow changes are not blotches)
BLOTCH_DL = 8.0  # L*: a blurred texel this far from its local mean is part of a blotch


def scalp_blotchiness(albedo, model, slot: str = "face") -> tuple[float, float]:
    """(std of L* after a PREVIEW_CM blur less the WINDOW_CM mean, share of texels in blotches (BLOTCH_DL)) over a
    skin slot's full scalp hair (SCALP_REGIONS "top" and "fringe", two texels in from their borders)."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots[slot]
    sel = (SCALP_REGIONS["top"](f.extra, f.pos) | SCALP_REGIONS["fringe"](f.extra, f.pos)) & f.covered
    sel = nd.binary_erosion(sel, iterations=2)
    if not sel.any():
        raise ValueError(f"no scalp hair region in slot {slot!r}")
    L = srgb_to_lab(_slot(img, slot))[..., 0]
    texel = float(np.median(np.linalg.norm(np.diff(f.pos, axis=2), axis=0)[f.covered[:, 1:] & f.covered[:, :-1]]))
    w = sel.astype(float)

    def mean_over(sigma_or_box, gaussian):
        filt = (lambda a: nd.gaussian_filter(a, sigma_or_box)) if gaussian else (lambda a: nd.uniform_filter(a, sigma_or_box))
        return filt(np.where(sel, L, 0.0)) / np.maximum(filt(w), 1e-6)

    blurred = mean_over(max(PREVIEW_CM / texel, 0.5), True)
    detail = (blurred - mean_over(max(int(round(WINDOW_CM / texel)), 1), False))[sel]
    return float(detail.std()), float((np.abs(detail) > BLOTCH_DL).mean())
