"""`python -m backend.texture.scar_measures [--size N]`: the figures of params version 19's scars, per prompt and skin
tone (fair, medium, dark; seeds 1-3, mean): the scar centre's CIELAB against the skin around it (a 0.4-0.8 cm ring beside the
line, outside its edges), the scar's length in cm (the largest distance between its core texels, measured on the head's
surface positions) and which side of the face it lies on (the person's own: +X is their left).  The prompts go through
the parser, so the places are the ones it reads.  Each line also gives the seeds' scar_tone (0 pale .. 1 dark, drawn by
the skin: scars.tone_from); `--scar pale` or `--scar dark` states the tone for every head (pale: how every scar was
painted before scar_tone)."""
from __future__ import annotations

import argparse

import numpy as np

from backend.face_model import load_face_model
from backend.parser import parse
from backend.texture.atlas import SLOTS
from backend.texture.fields import atlas_fields
from backend.texture.parametric import albedo, to_uint8
from backend.texture.params import params_from_code
from backend.texture.quality import srgb_to_lab
from backend.texture.scars import FIELDS, scar_maps

PROMPTS = ("a man with a scar across his left cheek", "a woman with a scar through her right eyebrow",
           "a pirate with a scar on his chin")
SEEDS = (1, 2, 3)


def measure(prompt: str, tone: str, seed: int, size: int, model, scar: str | None = None) -> dict:
    """One head's scar figures: {"field", "side_x", "length_cm", "core_lab", "ring_lab", "scar_tone"} of its first
    scar; `scar`: a stated tone ("pale", "dark") or None (drawn)."""
    parsed = parse(prompt)
    code = {**parsed.concrete, "skin_tone": tone}
    p = params_from_code(code, seed, scar=parsed.scar, looks={"scar": scar} if scar else None)
    field = next(k for k in FIELDS if getattr(p, k) > 0)
    core, edge, gap = (m.numpy() for m in scar_maps(model, size, seed, field))
    f = atlas_fields(model, size).slots["face"]
    rows, cols = SLOTS["face"].pixels(size)
    lab = srgb_to_lab(to_uint8(albedo(p, size, seed, model))[rows, cols] / 255.0)
    line = core > 0.6
    pts = f.pos[:, line].T
    length = float(np.max(np.linalg.norm(pts[:, None] - pts[None], axis=-1))) if len(pts) > 1 else 0.0
    # the ring beside the line: texels 0.4-0.8 cm from its core, measured on the surface positions
    from scipy.spatial import cKDTree

    near = cKDTree(pts).query(f.pos.reshape(3, -1).T, distance_upper_bound=0.8)[0].reshape(core.shape)
    ring = (near > 0.4) & (near < 0.8) & f.covered & (gap < 0.01)
    return {"field": field, "side_x": float(pts[:, 0].mean()), "length_cm": length,
            "core_lab": lab[line].mean(0), "ring_lab": lab[ring].mean(0), "scar_tone": p.scar_tone}


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python -m backend.texture.scar_measures", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=512, choices=(512, 1024))
    ap.add_argument("--scar", choices=("pale", "dark"), help="state this tone for every head (default: drawn)")
    args = ap.parse_args(argv)
    size = args.size
    model = load_face_model()
    for prompt in PROMPTS:
        for tone in ("fair", "medium", "dark"):
            ms = [measure(prompt, tone, s, size, model, args.scar) for s in SEEDS]
            tones = " ".join(f"{m['scar_tone']:.2f}" for m in ms)
            core, ring = np.mean([m["core_lab"] for m in ms], 0), np.mean([m["ring_lab"] for m in ms], 0)
            print(f"{prompt!r:48s} {tone:4s}: {ms[0]['field']:16s} x {np.mean([m['side_x'] for m in ms]):+5.1f} cm, "
                  f"length {np.mean([m['length_cm'] for m in ms]):.1f} cm "
                  f"({min(m['length_cm'] for m in ms):.1f}-{max(m['length_cm'] for m in ms):.1f}); "
                  f"centre L* {core[0]:5.1f} a* {core[1]:5.1f} vs skin around L* {ring[0]:5.1f} a* {ring[1]:5.1f} "
                  f"(dL* {core[0] - ring[0]:+5.1f}, da* {core[1] - ring[1]:+5.1f}); "
                  f"scar_tone {tones}")


if __name__ == "__main__":
    main()
