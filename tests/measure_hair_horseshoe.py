"""Balding and receding men's horseshoe caps (geometry.py's masked cap): thickness off the scalp, teeth along the rim,
flaps behind the temples (hair/horseshoe_figures.py), per prompt and seed.  Run: .venv/bin/python
tests/measure_hair_horseshoe.py [PROMPT ...] [--seeds N]"""
import sys

from backend.face_model import load_face_model
from backend.hair.eval_heads import draw_hair
from backend.hair.horseshoe_figures import horseshoe_figures
from backend.shape import load_shape_model

PROMPTS = ["the village scholar, a balding man in his sixties", "a blacksmith, a burly balding man in his fifties",
           "an old man with a receding hairline"]
args = sys.argv[1:]
seeds = 2
if "--seeds" in args:
    i = args.index("--seeds")
    seeds = int(args[i + 1])
    args = args[:i] + args[i + 2:]
model, shape = load_face_model(), load_shape_model()
for prompt in args or PROMPTS:
    for seed in range(seeds):
        d, mesh = draw_hair(model, shape, prompt, seed)
        if mesh is None:
            print(f"{prompt!r} seed {seed}: no hair mesh", flush=True)
            continue
        f = horseshoe_figures(model, d.head, mesh.posed(model, d.identity), mesh.face_vertices, mesh.face_offsets)
        print(f"{prompt!r} seed {seed} {d.style.length} parts {sorted(mesh.parts)}: off the scalp p95 "
              f"{10 * f['p95']:.1f} mm, max {10 * f['max']:.1f} mm; teeth {f['teeth']} (highest "
              f"{10 * f['tooth_max']:.1f} mm), rim spikes {f['spikes']}; behind the temples {10 * f['temple_flap']:.1f} mm", flush=True)
