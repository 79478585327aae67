"""`python -m backend sample --seed N --out DIR`: a random head from the ICT model (N(0,1) identity)."""
from __future__ import annotations

HELP = "write a random ICT head (identity ~ N(0,1)) as OBJ + coefficients JSON"


def add_arguments(p) -> None:
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--scale", type=float, default=1.0, help="standard deviations of the identity draw")


def run(args) -> int:
    import json

    import numpy as np

    from ..face_model import blend, load_face_model
    from ..io.obj import write_obj
    from ..paths import output_dir

    out = output_dir(args.out)
    model = load_face_model()
    identity = np.random.default_rng(args.seed).normal(0, args.scale, model.identity_basis.shape[0])
    vertices = blend(model, identity)[0]
    path = write_obj(out / "head.obj", vertices, model.face_vertices, model.face_offsets, model.uvs,
                     model.face_uv_indices, header="TextFace random head (ICT Face Model, MIT)")
    (out / "head_identity.json").write_text(json.dumps({"seed": args.seed, "identity": identity.tolist()}))
    print(f"wrote {path}")
    return 0
