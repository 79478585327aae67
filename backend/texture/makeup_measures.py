"""`python -m backend.texture.makeup_measures [--seeds N]`: what unstated make-up draws.  The share of "a woman"'s seeds
0..N-1 (default 200) that draw light make-up, and, for the first three seeds drawing it on fair, medium and dark skin,
what it changes on the 512 albedo against the same head bare (its eye shadow, liner, blush and lipstick at 0): the
upper lash line's L*, the lips' L* and a*, the cheeks' a* (seeded.torch_geometry's eyeliner, lips and cheek maps)."""
from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from backend.face_model import load_face_model
from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import _draw, params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.seeded import torch_geometry

SIZE = 512


def light_seeds(code: dict, seeds) -> list[int]:
    return [s for s in seeds if _draw(code, s)[1]["makeup"] == "light"]


def changes(p, seed: int, model) -> dict:
    """{"liner": dL*, "lips": (dL*, da*), "cheek": da*} of head `p` against it bare."""
    g = torch_geometry(model, SIZE)["face"]
    rows, cols = SLOTS["face"].pixels(SIZE)
    masks = {"liner": (g["eyeliner"].numpy() > 0.8) & (g["eyeliner_low"].numpy() < 0.05),
             "lips": g["lips"].numpy() > 0.8, "cheek": g["cheek"].numpy() > 0.5}
    bare = replace(p, eyeshadow=0.0, eyeliner=0.0, blush=0.0, lipstick=0.0)
    made, plain = (srgb_to_lab(to_uint8(albedo(q, SIZE, seed, model))[rows, cols] / 255.0) for q in (p, bare))
    d = {k: made[m].mean(0) - plain[m].mean(0) for k, m in masks.items()}
    return {"liner": float(d["liner"][0]), "lips": (float(d["lips"][0]), float(d["lips"][1])),
            "cheek": float(d["cheek"][1])}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.makeup_measures", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=200)
    n = ap.parse_args(argv).seeds
    if n < 1:
        ap.error("--seeds must be at least 1")
    print(f"'a woman' seeds 0-{n - 1}: light make-up drawn on {len(light_seeds({'gender': 'female'}, range(n)))}")
    model = load_face_model()
    for tone in ("fair", "medium", "dark"):
        code = {"gender": "female", "age": "young", "skin_tone": tone}
        seeds = light_seeds(code, range(100))[:3]
        ms = [changes(params_from_code(code, s), s, model) for s in seeds]
        p = params_from_code(code, seeds[0])
        print(f"{tone:6s} seeds {seeds}: lash line dL* {np.mean([m['liner'] for m in ms]):+5.1f}, lips dL* "
              f"{np.mean([m['lips'][0] for m in ms]):+5.1f} da* {np.mean([m['lips'][1] for m in ms]):+5.1f}, cheeks da* "
              f"{np.mean([m['cheek'] for m in ms]):+5.1f} (shadow {p.eyeshadow:.2f} liner {p.eyeliner:.2f} blush "
              f"{p.blush:.2f} lipstick {p.lipstick:.2f} shade {p.lipstick_shade:.2f})")


if __name__ == "__main__":
    main()
