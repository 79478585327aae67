"""Long loose hair's sides: ears seen from the front (ear_figures.ears_seen), the scalp-to-hair hair's outer side off the scalp above the ears
and the outline's roughness (side_figures.py), per prompt and seed.  Run: .venv/bin/python tests/measure_hair_sides.py
PROMPT [PROMPT ...] [--seeds N]"""
import sys

import numpy as np

from backend.face_model import load_face_model
from backend.hair.ear_figures import ears_seen
from backend.hair.eval_heads import draw_hair
from backend.hair.shape_figures import ear_vertices
from backend.hair.side_figures import standoff_above_ears, outline_roughness
from backend.shape import load_shape_model

args = sys.argv[1:]
seeds = 2
if "--seeds" in args:
    i = args.index("--seeds")
    seeds = int(args[i + 1])
    args = args[:i] + args[i + 2:]
model, shape = load_face_model(), load_shape_model()
for prompt in args:
    for seed in range(seeds):
        d, mesh = draw_hair(model, shape, prompt, seed)
        if mesh is None:
            print(prompt, seed, "no hair mesh")
            continue
        verts = mesh.posed(model, d.identity)
        n_ear = len(ear_vertices(model, d.head))
        front = ears_seen(model, d.head, verts, mesh.face_vertices, mesh.face_offsets)["front"]
        gap = standoff_above_ears(model, d.head, verts, mesh.face_vertices, mesh.face_offsets)
        chin = float(d.head[np.asarray(model.landmarks)[8], 1])
        rough = outline_roughness(d.head, verts, chin)
        print(f"{prompt!r} seed {seed} {d.style.length}: ears seen from the front {front}/{n_ear}, hair's outer side off the scalp above the ears "
              f"{10 * gap:.1f} mm, outline roughness sides {10 * rough['sides']:.2f} mm, ends {10 * rough['ends']:.2f} mm",
              flush=True)
