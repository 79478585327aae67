"""`python -m backend.texture.flush_measures [OUT]`: a* / L* by region for skin_flush None / flushed / sunburnt (params_from_code directly), fair and brown skin,
on the 512 albedo (seed 1, a young man, full hair); OUT: a folder for each albedo's picture."""
from __future__ import annotations

import sys
import numpy as np

from PIL import Image
from backend.face_model import load_face_model
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import params_from_code
from backend.texture.seeded import torch_geometry
from backend.texture.atlas import SLOTS
from backend.texture.quality import srgb_to_lab as rgb2lab


def main() -> None:
    model = load_face_model()
    size = 512
    g = torch_geometry(model, size)["face"]
    rows, cols = SLOTS["face"].pixels(size)
    x, y, z = g["pos"].numpy()
    a = np.abs(x)
    skin = (g["scalp_mask"].numpy() == 0) & (g["lips"].numpy() < 0.05) & (np.abs(g["pos"].numpy()).sum(0) > 0)
    regions = {"cheeks": (g["cheek"].numpy() > 0.6), "nose": g["nose"].numpy() > 0.6,
               "forehead": (y > 7.8) & (y < 9.5) & (z > 6) & (a < 3),
               "ears": (a > 7.6) & (y > 0) & (y < 5) & (z < -0.5),
               "neck side": (y < -9) & (y > -12) & (a > 4) & (z < 3),
               "below collar": (y < -14) & (y > -16) & (a > 4),
               "chin": (y > -7) & (y < -5) & (a < 1.5) & (z > 8)}
    out = sys.argv[1] if len(sys.argv) > 1 else None  # a folder for the pictures (none without)
    for tone in ("fair", "brown"):
        for flush in (None, "flushed", "sunburnt"):
            p = params_from_code({"gender": "male", "age": "young", "skin_tone": tone, "scalp_hair": "full"}, 1, skin_flush=flush)
            img = to_uint8(albedo(p, size, 1, model))
            if out:
                Image.fromarray(img).save(f"{out}/flush_{tone}_{flush}.png")
            lab = rgb2lab(img[rows, cols] / 255.0)
            line = ", ".join(f"{r} {lab[m & skin][:, 1].mean():5.1f}/{lab[m & skin][:, 0].mean():4.1f}" for r, m in regions.items())
            print(f"{tone:5s} {str(flush):8s} a*/L*: {line}")


if __name__ == "__main__":
    main()
