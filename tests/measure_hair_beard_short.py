"""Short full beards and thick moustaches as a mesh (hair/beard.py): per prompt and seed, the beard part's standoff
from the skin at the chin / jaw / cheek (mm), the painted nearly-full beard it covers, the chin's jawOpen follow, points
over the open mouth, open edges off the skin, creases' 95th percentile.  No beard part: "painted only".
Run: .venv/bin/python tests/measure_hair_beard_short.py [SEEDS [PROMPT ...]] (default 3 seeds, the prompts below)"""
import sys

import numpy as np

from backend.face_model import load_face_model
from backend.hair.beard_figures import beard_figures, beard_surface, moustache, standoff
from backend.hair.eval_heads import draw_hair
from backend.shape import load_shape_model

PROMPTS = tuple(sys.argv[2:]) or (
           "a man with a full thick beard", "a lumberjack with a bushy brown beard", "a man with a short beard",
           "a man with a neatly trimmed beard", "a man with a thick moustache", "a man with a handlebar moustache",
           "a man with a moustache", "a man with a short stubbly beard", "a man with stubble")
model, shape = load_face_model(), load_shape_model()
for prompt in PROMPTS:
    for seed in range(int(sys.argv[1]) if len(sys.argv) > 1 else 3):
        d, mesh = draw_hair(model, shape, prompt, seed)
        if mesh is None or "beard" not in mesh.parts:
            print(f"{prompt!r} {seed}: painted only"); continue
        f = {**standoff(model, mesh, d.identity, d.params), **beard_figures(model, mesh, d.identity),
             **beard_surface(model, mesh, d.identity), **moustache(model, mesh, d.identity)}
        print(f"{prompt!r} {seed}: length {d.params['beard_length']:.2f}; standoff chin {f['chin_mm']:.1f} jaw "
              f"{f['jaw_mm']:.1f} cheek {f['cheek_mm']:.1f} mm; coverage {100 * f['coverage']:.0f}%; chin follow "
              f"{100 * f['chin_follow']:.0f}%; over mouth {f['over_mouth']}; open edges off skin {f['open_off_skin']}; "
              f"creases p95 {f['dihedral_p95']:.1f} deg; moustache {f['moustache_cm']:.2f} cm, over lip "
              f"{f['over_lip_cm']:.2f} cm; polygons {f['polygons']}")
