"""`python -m backend.hair.grey_figures [--seeds N] [--before | --zones | --pepper | --mesh]`: the hair mesh's albedo
for grey, silver and partly grey prompts, drawn as generate draws it (parse, params_from_code with the look words and the
parser's hair_grey): the mean CIELAB L* and b* of its opaque texels, and the share of grey texels (L* > 50) at the
temples (texture.temple_weight > 0.8) and over the crown rows (v > 0.92); --zones: for grey at the temples, the grey
share on the short hair's temple in front of the ear (azimuth 40-65 deg, v 0.2-0.45) and over and behind the ear
(80-110 deg, same rows).  --pepper: salt-and-pepper's texel mean L* against the dark and the white hair's (the
share's place between them: L* (share) = dark + share (white - dark) by texel) and its stripes' regularity (the
highest autocorrelation, at lags 3-64 texels, of the across-strand profile: the white share averaged over rows
0.3-0.7 of v, minus its mean).  --mesh: grey at the temples on built meshes (eval_heads.draw_hair, as generate builds
them; needs the face model): the grey share of the mesh's corners rooted at the temples (texture.root_temples'
weight at the corner's anchor > 0.8) and elsewhere (< 0.2), and of the temple-rooted corners at the tips (v < 0.35)
and near the roots (v > 0.5), with the albedo from the UV band (the mesh's albedo) and from the mesh's roots.  --before: what params version <= 18's
mesh drew (no hair_grey amounts; the mesh took no hair_silver: it is left at 0)."""
from __future__ import annotations

import argparse

import numpy as np

PROMPTS = ("a man with black hair", "a man with white hair", "a woman with long silver hair",
           "a man with salt-and-pepper hair", "a man grey at the temples", "a woman with long greying hair")
GREY_L = 50.0


def measure(prompt: str, seed: int, before: bool = False) -> tuple[float, float, float, float]:
    """-> (mean L*, mean b*, temple grey share, crown grey share) of the mesh albedo for `prompt` at `seed`."""
    from ..parser import parse
    from ..texture.look_words import stated_looks
    from ..texture.params import params_from_code
    from ..texture.partial_grey import looks_of
    from ..texture.quality import srgb_to_lab
    from .texture import SIZE, hair_albedo, temple_weight

    r = parse(prompt)
    looks = stated_looks(prompt, r.hair) | ({} if before else looks_of(r.hair_grey))
    p = params_from_code(r.concrete, seed, r.denied, r.facial_hair, age_years=r.age_years, looks=looks).to_dict()
    if before:
        p["hair_silver"] = 0.0
    a = hair_albedo(p, seed)
    lab = srgb_to_lab(a[..., :3] / 255.0)
    opaque = a[..., 3] > 200
    temple = (temple_weight(SIZE) > 0.8) & opaque
    crown = ((1.0 - (np.arange(SIZE) + 0.5) / SIZE)[:, None] > 0.92) & opaque
    return (float(lab[opaque][:, 0].mean()), float(lab[opaque][:, 2].mean()),
            float((lab[temple][:, 0] > GREY_L).mean()), float((lab[crown][:, 0] > GREY_L).mean()))


ZONE_ROWS = (0.2, 0.45)
FRONT_AZ, EAR_AZ = (40.0, 65.0), (80.0, 110.0)


def zone_shares(prompt: str, seed: int) -> tuple[float, float]:
    """-> grey share (L* > GREY_L) of the mesh albedo at the temple in front of the ear and over/behind the ear."""
    from ..parser import parse
    from ..texture.look_words import stated_looks
    from ..texture.params import params_from_code
    from ..texture.partial_grey import looks_of
    from ..texture.quality import srgb_to_lab
    from .texture import SIZE, hair_albedo

    r = parse(prompt)
    looks = stated_looks(prompt, r.hair) | looks_of(r.hair_grey)
    p = params_from_code(r.concrete, seed, r.denied, r.facial_hair, age_years=r.age_years, looks=looks).to_dict()
    light = srgb_to_lab(hair_albedo(p, seed)[..., :3] / 255.0)[..., 0] > GREY_L
    az = np.degrees(np.abs(-np.pi + 2 * np.pi * (np.arange(SIZE) + 0.5) / SIZE))
    v = 1.0 - (np.arange(SIZE) + 0.5) / SIZE
    rows = (v >= ZONE_ROWS[0]) & (v <= ZONE_ROWS[1])
    share = lambda lo, hi: float(light[rows][:, (az >= lo) & (az <= hi)].mean())  # noqa: E731
    return share(*FRONT_AZ), share(*EAR_AZ)


def pepper(prompt: str, seed: int, before: bool = False, beard: bool = False) -> tuple[float, float, float, float, float]:
    """-> (grey share, mean L*, dark hair's L*, white hair's L*, stripe regularity) of the mesh albedo; `before`:
    drawn by the shared mix (texture.PEPPER_BELOW 0: the pepper path off); `beard`: the beard mesh's albedo
    (beard.beard_albedo: the hair albedo in the beard's pigments and grey, seed + 7919)."""
    from ..parser import parse
    from ..texture.look_words import stated_looks
    from ..texture.params import params_from_code
    from ..texture.partial_grey import looks_of
    from ..texture.quality import srgb_to_lab
    from . import texture

    r = parse(prompt)
    looks = stated_looks(prompt, r.hair) | looks_of(r.hair_grey)
    p = params_from_code(r.concrete, seed, r.denied, r.facial_hair, age_years=r.age_years, looks=looks).to_dict()
    if beard:
        p = {"hair_eumelanin": p["beard_eumelanin"], "hair_pheomelanin": p["beard_pheomelanin"],
             "hair_grey": p["beard_grey"], "temple_grey": 0.0}  # (v19: see texture.PEPPER_BELOW)
        seed = int(seed) + 7919
    keep = texture.PEPPER_BELOW
    texture.PEPPER_BELOW = 0.0 if before else keep
    try:
        ls = [srgb_to_lab(texture.hair_albedo({**p, "hair_grey": g}, seed)[..., :3] / 255.0)[..., 0]
              for g in (p["hair_grey"], 0.0, 1.0)]
    finally:
        texture.PEPPER_BELOW = keep
    size = ls[0].shape[0]
    rows = slice(int(0.3 * size), int(0.7 * size))
    share = (ls[0] - ls[1]) / np.maximum(ls[2] - ls[1], 1e-6)  # each texel's place between dark and white
    prof = share[rows].mean(0)
    prof = prof - prof.mean()
    ac = np.fft.irfft(np.abs(np.fft.rfft(prof)) ** 2, size)
    return float(p["hair_grey"]), float(ls[0].mean()), float(ls[1].mean()), float(ls[2].mean()), float(
        ac[3:65].max() / ac[0])


MESH_PROMPTS = (("a woman grey at the temples", 3), ("a woman with long hair, grey at the temples", 0),
                ("a man grey at the temples", 3))


def mesh_shares(model, shape, prompt: str, seed: int) -> dict[str, tuple[float, float, float, float]]:
    """-> {"band"|"roots": (grey share rooted at the temples, elsewhere, temple-rooted at the tips, near the roots)}."""
    from ..texture.quality import srgb_to_lab
    from ..texture.scalp_hair import TEMPLE_ZONE
    from .eval_heads import draw_hair
    from .texture import hair_albedo, root_temples

    from ..parser import parse
    from ..texture.look_words import stated_looks
    from ..texture.params import params_from_code
    from ..texture.partial_grey import looks_of

    d, mesh = draw_hair(model, shape, prompt, seed)
    # the colour as generate draws it (eval_heads' params have no looks: no grey amounts; the geometry takes none)
    pr = parse(prompt)
    looks = stated_looks(prompt, pr.hair) | looks_of(pr.hair_grey)
    params = params_from_code(pr.concrete, seed, pr.denied, pr.facial_hair, age_years=pr.age_years,
                              looks=looks).to_dict()
    size = mesh.albedo.shape[0]
    assert mesh.albedo.shape[1] == size, "a beard tile beside the hair: not measured here"
    (x0, xs), (z0, zs), (y0, ys) = TEMPLE_ZONE
    pos = d.head[mesh.anchor[mesh.face_vertices]]
    sig = lambda x: 1.0 / (1.0 + np.exp(-x))  # noqa: E731
    w = sig((np.abs(pos[:, 0]) - x0) / xs) * sig((pos[:, 2] - z0) / zs) * sig((y0 - pos[:, 1]) / ys)
    uv = mesh.loop_uvs
    r = np.clip(((1.0 - uv[:, 1]) * size).astype(int), 0, size - 1)
    c = np.clip((uv[:, 0] * size).astype(int), 0, size - 1)
    temple, other = w > 0.8, w < 0.2
    tips, roots = temple & (uv[:, 1] < 0.35), temple & (uv[:, 1] > 0.5)
    out = {}
    for name, albedo in (("band", hair_albedo(params, seed, size)),
                         ("roots", hair_albedo(params, seed, size, temples=root_temples(
                             d.head, mesh.anchor, mesh.face_vertices, uv, size)))):
        grey = srgb_to_lab(albedo[r, c, :3] / 255.0)[:, 0] > GREY_L
        out[name] = tuple(float(grey[m].mean()) if m.any() else float("nan") for m in (temple, other, tips, roots))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.hair.grey_figures", description=__doc__.split("\n")[0])
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--before", action="store_true", help="as params version <= 18's mesh drew it")
    ap.add_argument("--pepper", action="store_true", help="salt-and-pepper: lightness against the share, stripes")
    ap.add_argument("--mesh", action="store_true", help="grey at the temples on built meshes, UV band and roots")
    ap.add_argument("--zones", action="store_true", help="grey at the temples: in front of the ear against over it")
    args = ap.parse_args(argv)
    if args.seeds < 1:
        ap.error(f"--seeds must be at least 1, got {args.seeds}")
    if args.pepper:
        for prompt, beard in (("a man with salt-and-pepper hair", False), ("a woman with long greying hair", False),
                              ("a man with a greying beard", True)):
            for before in (True, False):
                m = np.mean([pepper(prompt, s, before, beard) for s in range(args.seeds)], 0)
                print(f"{prompt!r}{' beard' if beard else ''}{' (before)' if before else ''}: share {m[0]:.2f}, L* {m[1]:.1f} (dark {m[2]:.1f}, white "
                      f"{m[3]:.1f}: by the share {m[2] + m[0] * (m[3] - m[2]):.1f}), stripe autocorrelation {m[4]:.2f}")
        return
    if args.mesh:
        from ..face_model import load_face_model
        from ..shape import load_shape_model

        model, shape = load_face_model(), load_shape_model()
        for prompt, seed in MESH_PROMPTS:
            for name, m in mesh_shares(model, shape, prompt, seed).items():
                print(f"{prompt!r} seed {seed}, {name}: grey rooted at the temples {100 * m[0]:.0f}%, elsewhere "
                      f"{100 * m[1]:.0f}%; temple-rooted tips {100 * m[2]:.0f}%, near the roots {100 * m[3]:.0f}%")
        return
    if args.zones:
        for prompt in ("a man grey at the temples", "a woman grey at the temples"):
            m = np.mean([zone_shares(prompt, s) for s in range(args.seeds)], 0)
            print(f"{prompt!r}: grey in front of the ear {100 * m[0]:.0f}%, over/behind the ear {100 * m[1]:.0f}%")
        return
    print(f"hair mesh albedo, seeds 0..{args.seeds - 1}{' (before)' if args.before else ''}; grey texel L* > {GREY_L}")
    for prompt in PROMPTS:
        m = np.mean([measure(prompt, s, args.before) for s in range(args.seeds)], 0)
        print(f"{prompt!r}: L* {m[0]:.1f} b* {m[1]:+.1f}, temple grey {100 * m[2]:.0f}%, crown grey {100 * m[3]:.0f}%")


if __name__ == "__main__":
    main()
