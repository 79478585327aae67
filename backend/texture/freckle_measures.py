"""Freckle figures (params version 13): dots per cm² over the cheeks, and the share of other skin they reach."""
from __future__ import annotations

import numpy as np
import torch

DOT_LEVEL = 0.1  # of the freckle field (freckles.freckle_field, up to 1.5): a dot's texels; fainter edges not counted


def freckle_dots(params, model, seed: int, size: int = 1024, region=lambda g: g["cheek"] > 0.5) -> tuple[int, float]:
    """(freckle dots, cm² of skin) in `region` of the face slot (a mask from its geometry maps; default the cheeks).
    A dot is a 4-connected group of texels where the field is over DOT_LEVEL, counted where its centre lies."""
    from scipy import ndimage

    from .freckles import freckle_field
    from .parametric import as_tensors
    from .scalp_hair import texel_cm
    from .seeded import seed_fields, torch_geometry

    p = as_tensors(params)
    g = torch_geometry(model, size)["face"]
    n = seed_fields(model, size, int(seed)).skin["face"]
    with torch.no_grad():
        field = freckle_field(p, n).numpy()
    mask = region(g)
    mask = (mask.numpy() if isinstance(mask, torch.Tensor) else np.asarray(mask)) & (g["seam"].numpy() < 0.5)
    labels, count = ndimage.label(field > DOT_LEVEL)
    if count == 0:
        return 0, float(mask.sum()) * texel_cm(g["pos"], torch.from_numpy(mask)) ** 2
    centres = np.array(ndimage.center_of_mass(np.ones_like(field), labels, range(1, count + 1))).round().astype(int)
    dots = int(mask[centres[:, 0], centres[:, 1]].sum())
    return dots, float(mask.sum()) * texel_cm(g["pos"], torch.from_numpy(mask)) ** 2


def per_cm2(params, model, seed: int, size: int = 1024, region=lambda g: g["cheek"] > 0.5) -> float:
    dots, area = freckle_dots(params, model, seed, size, region)
    return dots / area if area > 0 else 0.0
