"""Measures of the painted cornrows (params version 15's cornrow_nape; shared by the tests and `eval texture`).

Seen from behind, rows that run down to the nape side by side stay beside a vertical line down the back of the head:
the line runs along one row (or the scalp between two) and crosses few; rows that meet in a star at the occiput cross
every vertical line off the midline, one after another, as they fan out."""
from __future__ import annotations

import numpy as np

from .fields import atlas_fields
from .quality import _image, _slot

BACK_Z = -5.0  # cm: texels behind this are the back of the head
COLUMNS = (-3.0, -1.5, 1.5, 3.0)  # cm: vertical lines down the back, off the midline
COLUMN_HALF = 0.2  # cm: each line's half-width
RISE = (1.0, 10.0)  # cm: from about the nape to above the occiput
BIN = 0.2  # cm per bin along the line
HYSTERESIS = 0.25  # of the range between hair and scalp: a crossing goes from below mid - this to above mid + this


def rows_crossed(albedo, model) -> dict[float, int]:
    """Per vertical line (COLUMNS, x in cm) down the back tile (z < BACK_Z, y over RISE): how many times its mean
    luminance (bins of BIN cm) passes between hair and bare scalp (the region's 20th and 80th percentiles, with
    HYSTERESIS): about 0-2 beside rows that run down side by side, many where they fan out of a star."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["back"]
    lum = _slot(img, "back").mean(-1)
    x, y, z = f.pos
    region = f.covered & (z < BACK_Z) & (y > RISE[0]) & (y < RISE[1]) & (np.abs(x) < max(map(abs, COLUMNS)) + 1.0)
    lo, hi = np.percentile(lum[region], (20, 80))
    mid, band = 0.5 * (lo + hi), HYSTERESIS * (hi - lo)
    n = int((RISE[1] - RISE[0]) / BIN)
    out = {}
    for c in COLUMNS:
        sel = region & (np.abs(x - c) < COLUMN_HALF)
        bins = ((y[sel] - RISE[0]) / BIN).astype(int).clip(0, n - 1)
        count = np.bincount(bins, minlength=n)
        mean = (np.bincount(bins, lum[sel], minlength=n) / np.maximum(count, 1))[count > 0]
        state, crossings = None, 0
        for v in mean:
            now = True if v > mid + band else False if v < mid - band else state
            if state is not None and now != state:
                crossings += 1
            state = now
        out[c] = crossings
    return out
