"""A labelled training folder drawn from the parametric albedo, for bootstrapping the StyleGAN2 when no
scanned UV albedos are at hand (the paper trains on real scans; this data only teaches the GAN the
parametric model's look).  Writes N PNGs in the atlas layout and labels.json with their attributes."""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ...errors import TextFaceError
from ...schema import BY_NAME
from .labels import LABEL_ATTRIBUTES
from .training import IMAGE_SUFFIXES

STATED = 0.7  # chance that an attribute is stated in a sampled label


def random_code(rng: np.random.Generator) -> dict:
    return {name: str(rng.choice(BY_NAME[name].values)) for name in LABEL_ATTRIBUTES if rng.random() < STATED}


def write_parametric_dataset(folder: str | Path, n: int, size: int = 256, seed: int = 0, model=None) -> Path:
    import torch
    from PIL import Image

    from ..parametric import SIZES, albedo, to_uint8
    from ..params import params_from_code

    folder = Path(folder).expanduser()
    if n < 1:
        raise TextFaceError("the synthetic dataset needs at least 1 image")
    if size not in SIZES:
        raise TextFaceError(f"synthetic albedo size must be one of {SIZES}, got {size}")
    if folder.exists() and any(p.suffix.lower() in IMAGE_SUFFIXES for p in folder.iterdir()):
        raise TextFaceError(f"{folder} already holds images; synthesise into an empty folder")
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    labels = {}
    for i in range(n):
        code = random_code(rng)
        person = int(rng.integers(0, 2**31 - 1))
        with torch.no_grad():
            image = albedo(params_from_code(code, person), size=size, seed=person, model=model)
        name = f"parametric_{i:05d}.png"
        Image.fromarray(to_uint8(image)).save(folder / name)
        labels[name] = code
    (folder / "labels.json").write_text(json.dumps(labels, indent=1), encoding="utf-8")
    return folder
