"""Beard mesh lines for the acceptance prompts (hair/beard.py): the top of the beard part under the eyes, cm below the
lower eyelid (landmarks 40, 41, 46, 47), and its vertices in the moustache zone (|x| < 1.5 cm between the nose base
and the upper lip) with how far they stand in front of the upper lip.  Run: .venv/bin/python tests/measure_hair_beard_lines.py"""
import numpy as np
from backend.face_model import load_face_model
from backend.shape import load_shape_model
from backend.hair.eval_heads import draw_hair
model = load_face_model(); shape = load_shape_model()
lm = np.asarray(model.landmarks)
for prompt in ("a scarred pirate captain with an eyepatch and a black beard", "a 70 year old man with red hair and a red beard"):
    for seed in range(2):
        d, mesh = draw_hair(model, shape, prompt, seed)
        if mesh is None or "beard" not in mesh.parts:
            print(prompt, seed, "no beard mesh", {k: round(float(d.params.get(k, 0)), 2) for k in ("beard", "beard_length", "mustache")}); continue
        v = mesh.posed(model, d.identity)
        lo, hi = mesh.parts["beard"]
        ids = np.unique(mesh.face_vertices[mesh.face_offsets[lo]:mesh.face_offsets[hi]])
        b = v[ids]
        h = d.head
        lid = h[lm[[40, 41, 46, 47]], 1].mean()
        ex = np.abs(h[lm[36:48], 0]); cheek = b[(np.abs(b[:, 0]) > ex.min()) & (np.abs(b[:, 0]) < ex.max()) & (b[:, 2] > h[lm[[0,16]], 2].mean() + 3)]
        nose = h[lm[33]]; lip = h[lm[51]]
        mo = b[(np.abs(b[:, 0]) < 1.5) & (b[:, 1] < nose[1]) & (b[:, 1] > lip[1])]
        print(prompt, seed, "params", {k: round(float(d.params.get(k, 0)), 2) for k in ("beard", "beard_length", "mustache")},
              "cheek top below lid %.1f cm" % (lid - cheek[:, 1].max()), "moustache verts", len(mo), "their max standoff z over lip", round(float(mo[:,2].max() - lip[2]), 2) if len(mo) else None)
