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


# Scalp zones for the share of grey texels (params version 19's temple_grey), head cm (x to the side, y up, z forward),
# anatomical, not scalp_hair.TEMPLE_ZONE's blend: the temples and sideburns (the sides forward of the ears, below the
# temple corners) and the crown (quality.SCALP_REGIONS "top": the top of the head behind the hairline).
GREY_ZONES = {
    "temple": lambda e, pos: (e["hairline"] > 0.5) & (np.abs(pos[0]) > 5.5) & (pos[2] > 1.5) & (pos[1] < 8.0),
    "crown": lambda e, pos: SCALP_REGIONS["top"](e, pos),
}
GREY_L = 50.0  # L*: a texel lighter than this reads grey/white (pigmented hair sits at ~20-40, white hair at ~70-80)


def grey_share(albedo, model, zone: str) -> tuple[float, float]:
    """(share of texels lighter than GREY_L, mean L*) over a GREY_ZONES zone, both skin slots."""
    img = _image(albedo)
    af = atlas_fields(model, img.shape[0])
    L = []
    for slot in ("face", "back"):
        f = af.slots[slot]
        sel = GREY_ZONES[zone](f.extra, f.pos) & f.covered
        if sel.any():
            L.append(srgb_to_lab(_slot(img, slot)[sel])[..., 0])
    if not L:
        raise ValueError(f"empty scalp zone {zone!r}")
    L = np.concatenate(L)
    return float((L > GREY_L).mean()), float(L.mean())


PROMPTS = ("a man with black hair", "a man with salt-and-pepper hair", "a man grey at the temples",
           "a woman with greying hair", "a man with grey hair", "a man with white hair")


def main(argv: list[str] | None = None) -> None:
    """`python -m backend.texture.grey_hair_measures [--seeds N] [--size PX] [--before]`: per prompt, the share of
    grey texels (L* > GREY_L) at the temples and the crown and their mean L*, over seeds 0..N-1, drawn as generate
    draws them (parse, params_from_code with the parser's hair_grey as looks); --before leaves the hair_grey out
    (what params version <= 18 drew: the same code, every grey alike)."""
    import argparse

    from ..parser import parse
    from .params import params_from_code
    from .partial_grey import looks_of

    ap = argparse.ArgumentParser(prog="python -m backend.texture.grey_hair_measures", description=main.__doc__)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--size", type=int, default=512)
    ap.add_argument("--before", action="store_true", help="leave the parser's hair_grey out (params version <= 18)")
    args = ap.parse_args(argv)
    if args.seeds < 1 or args.size < 64:
        ap.error(f"--seeds must be at least 1 and --size at least 64, got {args.seeds} and {args.size}")
    from ..face_model import load_face_model
    from .parametric import albedo

    model = load_face_model()
    print(f"{args.seeds} seeds, {args.size} px{' (before: no hair_grey)' if args.before else ''}; grey texel: L* > {GREY_L}")
    for prompt in PROMPTS:
        r = parse(prompt)
        looks = {} if args.before else looks_of(r.hair_grey)
        rows = []
        for s in range(args.seeds):
            p = params_from_code(r.concrete, s, r.denied, r.facial_hair, age_years=r.age_years, looks=looks)
            img = albedo(p, args.size, s, model).detach()
            rows.append([*grey_share(img, model, "temple"), *grey_share(img, model, "crown")])
        t, tl, c, cl = np.mean(rows, 0)
        print(f"{prompt!r}: temple grey {100 * t:5.1f}% (L* {tl:4.1f}), crown grey {100 * c:5.1f}% (L* {cl:4.1f})")


if __name__ == "__main__":
    main()
