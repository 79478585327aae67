"""`python -m backend.texture.cheek_measures [SEEDS]`: how much the unstated cheek colour stands out as a spot, per
prompt over seeds 0..SEEDS-1 (default 10), 512 albedo through the parser and params_from_code: CIELAB a* of the cheek's
centre (regions.py cheek > 0.7) less the cheek around it (0.1-0.3, off the nose), and of the nose tip (nose > 0.7)
less the cheek around it.  No make-up or flush is stated in these prompts."""
from __future__ import annotations

import sys

import numpy as np

from backend.face_model import load_face_model
from backend.parser import parse
from backend.texture.atlas import SLOTS
from backend.texture.look_words import stated_looks
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.seeded import torch_geometry

SIZE = 512
PROMPTS = ("a 95 year old woman", "an 80 year old woman with blonde hair",
           "a 30 year old woman with very short black hair, pixie cut")


def spot_contrast(p, seed: int, model) -> tuple[float, float]:
    """(cheek centre a* - surround a*, nose tip a* - surround a*) of the params' 512 albedo."""
    g = torch_geometry(model, SIZE)["face"]
    cheek, nose = g["cheek"].numpy(), g["nose"].numpy()
    rows, cols = SLOTS["face"].pixels(SIZE)
    a = srgb_to_lab(to_uint8(albedo(p, SIZE, seed, model))[rows, cols] / 255.0)[..., 1]
    around = a[(cheek > 0.1) & (cheek < 0.3) & (nose < 0.1)].mean()
    return float(a[cheek > 0.7].mean() - around), float(a[nose > 0.7].mean() - around)


def main(argv: list[str]) -> None:
    try:
        seeds = int(argv[0]) if argv else 10
    except ValueError:
        raise SystemExit(f"SEEDS must be a whole number, got {argv[0]!r}") from None
    model = load_face_model()
    for prompt in PROMPTS:
        r = parse(prompt)
        d = np.array([spot_contrast(params_from_code(r.concrete, s, denied=r.denied, facial=r.facial_hair,
                                                     cut=(r.hair or {}).get("cut"), age_years=r.age_years,
                                                     looks=stated_looks(prompt, r.hair, r.eyeliner)), s, model)
                      for s in range(seeds)])
        print(f"{prompt!r}: cheek spot a* {d[:, 0].mean():+5.2f} (max {d[:, 0].max():+5.2f}), nose tip a* "
              f"{d[:, 1].mean():+5.2f} (max {d[:, 1].max():+5.2f}) over the cheek around, {seeds} seeds")


if __name__ == "__main__":
    main(sys.argv[1:])
