"""`python -m backend.texture.shaved_measures [--size N] [--seeds N]`: how much of a shaved or buzzed scalp shows stubble,
on the crown (quality.SCALP_REGIONS "top": bare in a balding horseshoe) against the sides and back (its "fringe"): the
share of the region's texels darker than the bare skin (the face's plain skin, quality.plain_skin) by more than
DARKER L*, per prompt (through the parser), mean and range over seeds 1..N.  Bald and balding heads are listed beside
them: they keep their patterns."""
from __future__ import annotations

import argparse

import numpy as np

from backend.face_model import load_face_model
from backend.parser import parse
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code
from backend.texture.quality import SCALP_REGIONS, _image, _slot, plain_skin, region_colour, srgb_to_lab

PROMPTS = ("a young woman with a shaved head", "a man with a buzzed head", "an old man with a shaved head",
           "a man with a buzz cut", "a bald man", "a balding man")
DARKER = 4.0  # L*: a stubble texel against the bare skin (stubble over fair skin: ~-10..-30 at 512)


def stubble_share(image, model, where: str) -> float:
    """Share of the scalp region's texels (face and back slots) more than DARKER L* below the bare skin's."""
    img = _image(image)
    af = atlas_fields(model, img.shape[0])
    skin = srgb_to_lab(region_colour(img, model, plain_skin))[0]
    hit = total = 0
    for slot in ("face", "back"):
        f = af.slots[slot]
        sel = SCALP_REGIONS[where](f.extra, f.pos) & f.covered
        lum = srgb_to_lab(_slot(img, slot)[sel])[..., 0]
        hit, total = hit + int((lum < skin - DARKER).sum()), total + int(sel.sum())
    return hit / total


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.shaved_measures", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=256, choices=(256, 512, 1024))
    ap.add_argument("--seeds", type=int, default=10)
    args = ap.parse_args(argv)
    model = load_face_model()
    for prompt in PROMPTS:
        r = parse(prompt)
        shares = {"top": [], "fringe": []}
        for seed in range(1, args.seeds + 1):
            img = albedo(params_from_code(r.concrete, seed, cut=(r.hair or {}).get("cut")), args.size, seed, model)
            for where in shares:
                shares[where].append(stubble_share(img, model, where))
        top, side = np.array(shares["top"]), np.array(shares["fringe"])
        print(f"{prompt!r:36s}: crown stubble {top.mean():.2f} ({top.min():.2f}-{top.max():.2f}), "
              f"sides {side.mean():.2f} ({side.min():.2f}-{side.max():.2f})")


if __name__ == "__main__":
    main()
