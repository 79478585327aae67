"""`python -m backend.texture.look_measures [LOOK ...]`: the figures of params version 17's looks, on the 512 albedo
(params_from_code directly, seeds 1-3, mean): lipstick (CIELAB of the lips per stated lipstick against bare lips, fair, medium, brown and dark skin),
freckles (freckle dots per cm^2 by region), hair (L*/b* of the painted scalp hair, grey / silver / white), covered
(the covered scalp's texel spread), beard (the grey beard strands' repeat), sideburn (the beard's edge up the
sideburn); version 18's eyeliner (L* of the upper and lower lash lines against the lid, per stated liner).  LOOK: any of those names (default: all)."""
from __future__ import annotations

import sys

import numpy as np

from backend.face_model import load_face_model
from backend.texture.atlas import SLOTS
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import params_from_code
from backend.texture.fields import atlas_fields
from backend.texture.quality import SCALP_REGIONS, srgb_to_lab
from backend.texture.seeded import torch_geometry

SIZE = 512
SEEDS = (1, 2, 3)


def _lab(p, seed: int, model) -> np.ndarray:
    img = to_uint8(albedo(p, SIZE, seed, model))
    rows, cols = SLOTS["face"].pixels(SIZE)
    return srgb_to_lab(img[rows, cols] / 255.0)


def lipstick(model) -> None:
    g = torch_geometry(model, SIZE)["face"]
    lips = g["lips"].numpy() > 0.8
    for tone in ("fair", "medium", "brown", "dark"):
        bare = np.mean([_lab(params_from_code({"gender": "female", "age": "young", "makeup": "none",
                                               "skin_tone": tone}, s), s, model)[lips].mean(0) for s in SEEDS], 0)
        print(f"lipstick {tone:6s} bare (no make-up)         : lips L* {bare[0]:5.1f} a* {bare[1]:5.1f} b* {bare[2]:5.1f}")
        for colour, shade in (("red", None), ("red", "dark"), ("natural", None), ("natural", "nude")):
            code = {"gender": "female", "age": "young", "makeup": "light", "lip_color": colour, "skin_tone": tone}
            looks = {"lipstick": shade} if shade else None
            lab = np.mean([_lab(params_from_code(code, s, looks=looks), s, model)[lips].mean(0) for s in SEEDS], 0)
            print(f"lipstick {tone:6s} lip_color {colour:8s} shade {str(shade):5s}: lips L* {lab[0]:5.1f} "
                  f"a* {lab[1]:5.1f} b* {lab[2]:5.1f} (dL* {lab[0] - bare[0]:+5.1f} over bare)")


def scalp_lab(img: np.ndarray, model) -> np.ndarray:
    """Mean CIELAB of the face slot's full scalp hair (SCALP_REGIONS top and fringe) of a uint8 albedo."""
    f = atlas_fields(model, img.shape[0]).slots["face"]
    sel = (SCALP_REGIONS["top"](f.extra, f.pos) | SCALP_REGIONS["fringe"](f.extra, f.pos)) & f.covered
    rows, cols = SLOTS["face"].pixels(img.shape[0])
    return srgb_to_lab(img[rows, cols] / 255.0)[sel].mean(0)


def hair(model) -> None:
    for tone in ("fair", "brown"):
        for age in ("middle-aged", "old"):
            code = {"gender": "male", "age": age, "skin_tone": tone, "hair_color": "gray", "scalp_hair": "full"}
            for shade in (None, "silver", "white"):
                looks = {"hair": shade} if shade else None
                lab = np.mean([scalp_lab(to_uint8(albedo(params_from_code(code, s, looks=looks), SIZE, s, model)),
                                         model) for s in SEEDS], 0)
                print(f"hair {tone:5s} {age:11s} {str(shade or 'gray'):6s}: scalp hair L* {lab[0]:5.1f} "
                      f"a* {lab[1]:5.1f} b* {lab[2]:5.1f}")


def _pos(g):
    x, y, z = g["pos"].numpy()
    return np.abs(x), y, z


FRECKLE_REGIONS = {  # face slot, cm (the head's frame: y up, z forward)
    "forehead": lambda g: (lambda a, y, z: (y > 7.0) & (y < 9.5) & (z > 6) & (a < 3))(*_pos(g)),
    "nose": lambda g: g["nose"].numpy() > 0.6,
    "cheeks": lambda g: g["cheek"].numpy() > 0.5,
    "jaw": lambda g: (lambda a, y, z: (y > -8.0) & (y < -5.0) & (a > 3.0) & (a < 6.5) & (z > 0))(*_pos(g)),
    "neck": lambda g: (lambda a, y, z: (y < -10.0) & (y > -14.0) & (a < 5.0))(*_pos(g)),
}


def freckles(model) -> None:
    from backend.texture.freckle_measures import per_cm2

    code = {"gender": "female", "age": "young", "skin_tone": "fair", "freckles": "some"}
    for amount, looks in ((None, None), ("heavy", None), ("heavy", {"freckles": "all_over"})):
        dots = {r: np.mean([per_cm2(params_from_code(code, s, freckle_amount=amount, looks=looks), model, s, SIZE, f)
                            for s in SEEDS]) for r, f in FRECKLE_REGIONS.items()}
        print(f"freckles {str(amount):5s} {'all over' if looks else '':8s}: dots/cm2 "
              + ", ".join(f"{r} {v:4.2f}" for r, v in dots.items()))


def covered(model) -> None:
    from backend.texture.grey_hair_measures import scalp_blotchiness

    for tone in ("fair", "brown"):
        code = {"gender": "male", "age": "middle-aged", "skin_tone": tone, "beard": "full", "scalp_hair": "full"}
        for looks in (None, {"covered": "yes"}):
            b = np.mean([scalp_blotchiness(albedo(params_from_code(code, s, looks=looks), SIZE, s, model), model)
                         for s in SEEDS], 0)
            print(f"covered {tone:5s} {'covered' if looks else 'bare':7s}: scalp L* spread at preview scale "
                  f"{b[0]:4.2f}, texels in blotches {100 * b[1]:4.1f} %")


def strand_continuity(img: np.ndarray, model) -> float:
    """How continuous a uint8 albedo's beard strands are along their length: the correlation of L* (less its 9-texel
    local mean) between texels one apart down the atlas columns (the strands run about vertically) inside the full
    beard.  A comb of one texel repeated every few texels along a line (versions <= 16) is beaded: low; strands ~1."""
    from scipy import ndimage as nd

    size = img.shape[0]
    g = torch_geometry(model, size)["face"]
    beard = ((g["beard"].numpy() > 0.8) & (g["lips"].numpy() < 0.05) & (g["mustache"].numpy() < 0.05))
    rows, cols = SLOTS["face"].pixels(size)
    L = srgb_to_lab(img[rows, cols] / 255.0)[..., 0]
    d = L - nd.uniform_filter(L, 9)
    both = beard[:-1] & beard[1:]
    return float(np.corrcoef(d[:-1][both], d[1:][both])[0, 1])


def beard(model) -> None:
    code = {"gender": "male", "age": "old", "skin_tone": "fair", "beard": "full", "beard_color": "gray"}
    for k in (0.0, 1.0):  # (beard_strokes 0: versions <= 16)
        from dataclasses import replace

        peaks = [strand_continuity(to_uint8(albedo(replace(params_from_code(code, s), beard_strokes=k), 1024, s, model)), model)
                 for s in SEEDS]
        print(f"beard strokes {k:.0f}: strand continuity of the grey beard (1024 px, lag-1 correlation) "
              f"{np.mean(peaks):5.2f} (seeds {', '.join(f'{v:.2f}' for v in peaks)})")


def sideburn_edge(model, key: str, size: int = SIZE) -> list[tuple[float, float]]:
    """(height y cm, the sideburn's front edge: the largest z cm of its texels over 0.5) up the side of the face slot's
    `key` beard map (|x| > 5.5 cm: the side of the face, where front to back is z), one row per 0.5 cm, y 3 to 5."""
    g = torch_geometry(model, size)["face"]
    a, y, z = _pos(g)
    m = (g[key].numpy() > 0.5) & (a > 5.5)
    return [(float(lv), float(z[m & (np.abs(y - lv) < 0.25)].max())) for lv in np.arange(3.0, 5.01, 0.5)]


def sideburn(model) -> None:
    for key in ("beard", "beard_taper"):  # (sideburn_taper 0 draws "beard": versions <= 16)
        print(f"sideburn {key:11s}: front edge z cm by height "
              + ", ".join(f"y {lv:+.1f}: {e:.2f}" for lv, e in sideburn_edge(model, key)))


def eyeliner_lines(img: np.ndarray, model) -> tuple[float, float, float]:
    """(upper lash line, lower lash line, lid above the liner) mean L* of a uint8 albedo's face slot."""
    g = torch_geometry(model, img.shape[0])["face"]
    liner, low = g["eyeliner"].numpy(), g["eyeliner_low"].numpy()
    rows, cols = SLOTS["face"].pixels(img.shape[0])
    L = srgb_to_lab(img[rows, cols] / 255.0)[..., 0]
    lid = (g["eyeshadow"].numpy() > 0.5) & (liner < 0.05)
    return float(L[(liner > 0.8) & (low < 0.05)].mean()), float(L[low > 0.8].mean()), float(L[lid].mean())


def eyeliner(model) -> None:
    code = {"gender": "female", "age": "young", "skin_tone": "fair", "makeup": "light"}
    for said in (None, {"eyeliner": "light"}, {"eyeliner": "heavy"}, {"eyeliner": "heavy", "eyeliner_color": "blue"},
                 {"eyeliner": "none"}):
        up, low, lid = np.mean([eyeliner_lines(to_uint8(albedo(params_from_code(code, s, looks=said), SIZE, s, model)),
                                               model) for s in SEEDS], 0)
        print(f"eyeliner {str(said):48s}: upper lash line L* {up:5.1f}, lower {low:5.1f}, lid {lid:5.1f}")


LOOKS = {"lipstick": lipstick, "hair": hair, "freckles": freckles, "covered": covered, "beard": beard,
         "sideburn": sideburn, "eyeliner": eyeliner}


def main(argv: list[str]) -> None:
    names = argv or list(LOOKS)
    bad = [n for n in names if n not in LOOKS]
    if bad:
        raise SystemExit(f"unknown look {bad[0]!r}: choose from {', '.join(LOOKS)}")
    model = load_face_model()
    for n in names:
        LOOKS[n](model)


if __name__ == "__main__":
    main(sys.argv[1:])
