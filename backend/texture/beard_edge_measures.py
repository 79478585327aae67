"""How a painted beard's cheek line fades (tests and `python -m backend.texture.beard_edge_measures ALBEDO.png`).

A grown beard thins out hair by hair over about a centimetre at its top edge on the cheek; a carved one stops at a
line.  The figure reads the albedo (atlas layout, as quality.py's) over the cheek between the nose's wing and the
sideburn (SIDEBURN_CM before the jaw's end), where only the full beard grows (no moustache, no sideburn), and bins its texels by their height above
the drawn cheek line (found column by column in the albedo): the share of each band that reads as hair (> HAIR_DE from the bare
skin) falls from 1 below the line to 0 above it, and the edge's width is the height over which it falls from 90 % to
10 %.
"""
from __future__ import annotations

import sys

import numpy as np

from .fields import atlas_fields
from .quality import HAIR_DE, _image, _slot, plain_skin, region_colour, srgb_to_lab
from .regions import beard_cheek_span, chart

BAND_CM = 0.1  # the height of one band of the coverage profile
COLUMN_CM = 0.5  # the width of one column across the cheek line
SIDEBURN_CM = 3.4  # the cheek ends this far in front of the jaw's end, where regions.py's sideburn starts
WINDOW_CM = 3.0  # each column is read this far above and below the regions' cheek line (any line drawn lies within)
EDGE_COVER = (0.9, 0.1)  # the edge runs from the highest band this covered (counted up from below) to this


def cheek_profile(albedo, model) -> tuple[np.ndarray, np.ndarray]:
    """(heights (B,) cm of the bands' lower edges above the drawn cheek line, from -2.5 to 2.5; the share (B,) of each
    band's cheek texels that read as hair).  The line is found in the albedo, column by column (COLUMN_CM wide):
    the height of a sharp edge with as much hair in the column's window, so any drawing's line can be measured (where
    it runs is not part of how it fades)."""
    img = _image(albedo)
    f = atlas_fields(model, img.shape[0]).slots["face"]
    face = srgb_to_lab(_slot(img, "face"))
    skin = srgb_to_lab(region_colour(img, model, plain_skin))
    hair = np.linalg.norm(face - skin, axis=-1) > HAIR_DE
    s, y = chart(np.moveaxis(f.pos, 0, -1))
    landmarks = np.asarray(model.neutral)[np.asarray(model.landmarks)]
    wing_s, jaw_s = beard_cheek_span(np.stack(chart(landmarks), 1))
    above = f.extra["beard_above"]  # (the regions' line: only to keep to its neighbourhood)
    # (from 1.5 cm past the nose's wing: the moustache's and the goatee's sides fade out before)
    cheek = f.covered & (np.abs(s) > wing_s + 1.5) & (np.abs(s) < jaw_s - SIDEBURN_CM) & (np.abs(above) < WINDOW_CM)
    lows = np.arange(-2.5, 2.5, BAND_CM)
    window = np.arange(-WINDOW_CM, WINDOW_CM, BAND_CM)
    height = np.full(s.shape, np.nan)
    for lo in np.arange(-jaw_s, jaw_s, COLUMN_CM):
        col = cheek & (s >= lo) & (s < lo + COLUMN_CM)
        cover = [hair[col & (above >= b) & (above < b + BAND_CM)] for b in window]
        if col.sum() < 50 or min(len(c) for c in cover) == 0:
            continue
        # where a sharp edge with the same hair in the window would lie (unbiased by the noise of any one band)
        line = -WINDOW_CM + BAND_CM * sum(c.mean() for c in cover)
        height[col] = above[col] - line
    share = np.array([hair[cheek & (height >= lo) & (height < lo + BAND_CM)].mean() for lo in lows])
    return lows, share


def cheek_edge_cm(albedo, model) -> float:
    """The cheek line's width (cm): from the top of the band that is >= 90 % hair counting up from the bottom of the
    profile (cheek_profile) to the first band above it that is < 10 % hair."""
    lows, share = cheek_profile(albedo, model)
    full = np.nonzero(share < EDGE_COVER[0])[0][0]  # the first band, going up, that is no longer fully haired
    bare = full + np.nonzero(share[full:] < EDGE_COVER[1])[0][0]
    return float(lows[bare] - lows[full])


def main(argv: list[str]) -> int:
    from PIL import Image

    from ..face_model import load_face_model

    if len(argv) != 1:
        print("usage: python -m backend.texture.beard_edge_measures ALBEDO.png", file=sys.stderr)
        return 2
    model = load_face_model()
    albedo = np.asarray(Image.open(argv[0]).convert("RGB"))  # uint8, as _image reads it
    lows, share = cheek_profile(albedo, model)
    print(f"cheek line: 90 % -> 10 % hair over {cheek_edge_cm(albedo, model):.2f} cm")
    for lo, c in zip(lows, share):
        if -1.5 <= lo < 2.0:
            print(f"  {lo:+.1f} cm  {c:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
