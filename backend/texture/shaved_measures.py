"""`python -m backend.texture.shaved_measures [--size N] [--seeds N]`: how much of a shaved or buzzed scalp shows stubble,
on the crown (quality.SCALP_REGIONS "top": bare in a balding horseshoe) against the sides and back (its "fringe"): the
share of the region's texels darker than the bare skin (the face's plain skin, quality.plain_skin) by more than
DARKER L*, and (for grey or blond stubble, not darker) the share whose colour the scalp hair changes by more than
CHANGED Delta E (against the same head drawn with no scalp hair), per prompt (through the parser), mean and range over
seeds 1..N.  A balding head is listed beside them: it keeps its pattern."""
from __future__ import annotations

import argparse
from dataclasses import replace

import numpy as np

from backend.face_model import load_face_model
from backend.parser import parse
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo
from backend.texture.params import params_from_code
from backend.texture.quality import SCALP_REGIONS, _image, _slot, plain_skin, region_colour, srgb_to_lab

PROMPTS = ("a young woman with a shaved head", "a man with a buzzed head", "an old man with a shaved head",
           "a balding man")
DARKER = 4.0  # L*: a stubble texel against the bare skin (stubble over fair skin: ~-10..-30 at 512)
CHANGED = 3.0  # Delta E: a texel the scalp hair changes


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


def changed_share(image, bare, model, where: str) -> float:
    """Share of the scalp region's texels whose colour differs from the same head without scalp hair by > CHANGED."""
    img, ref = _image(image), _image(bare)
    af = atlas_fields(model, img.shape[0])
    hit = total = 0
    for slot in ("face", "back"):
        f = af.slots[slot]
        sel = SCALP_REGIONS[where](f.extra, f.pos) & f.covered
        de = np.linalg.norm(srgb_to_lab(_slot(img, slot)[sel]) - srgb_to_lab(_slot(ref, slot)[sel]), axis=-1)
        hit, total = hit + int((de > CHANGED).sum()), total + int(sel.sum())
    return hit / total


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.shaved_measures", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=256, choices=(256, 512, 1024))
    ap.add_argument("--seeds", type=int, default=10)
    args = ap.parse_args(argv)
    model = load_face_model()
    for prompt in PROMPTS:
        r = parse(prompt)
        shares = {k: [] for k in ("top", "fringe", "top_de", "fringe_de")}
        for seed in range(1, args.seeds + 1):
            p = params_from_code(r.concrete, seed, cut=(r.hair or {}).get("cut"))
            img = albedo(p, args.size, seed, model)
            bare = albedo(replace(p, scalp_hair=0.0), args.size, seed, model)
            for where in ("top", "fringe"):
                shares[where].append(stubble_share(img, model, where))
                shares[where + "_de"].append(changed_share(img, bare, model, where))
        print(f"{prompt!r:36s}: " + ", ".join(
            f"{k} {np.mean(v):.2f} ({min(v):.2f}-{max(v):.2f})" for k, v in shares.items()))


if __name__ == "__main__":
    main()
