"""Ears seen past long loose hair in the three preview views (hair/ear_figures.py).  Run: .venv/bin/python
tests/measure_hair_ears_seen.py PROMPT [PROMPT ...]"""
import numpy as np, sys, time
from backend.face_model import load_face_model
from backend.shape import load_shape_model
from backend.hair.eval_heads import draw_hair
from backend.hair.ear_figures import ears_seen
model = load_face_model(); shape = load_shape_model()
for prompt in sys.argv[1:]:
    for seed in range(2):
        d, mesh = draw_hair(model, shape, prompt, seed)
        verts = mesh.posed(model, d.identity)
        t=time.time()
        print(prompt, seed, d.style.length, ears_seen(model, d.head, verts, mesh.face_vertices, mesh.face_offsets), round(time.time()-t,1), flush=True)
