"""`python -m backend sample --seed N --out DIR`: a random head from the ICT model (N(0,1) identity)."""
from __future__ import annotations

HELP = "write a random ICT head (identity ~ N(0,1)) as OBJ + coefficients JSON"
MAX_SCALE = 10.0  # standard deviations; far beyond the model's range the mesh is no face


def add_arguments(p) -> None:
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", required=True, help="output folder")
    p.add_argument("--scale", type=float, default=1.0, help="standard deviations of the identity draw")


def _check(args) -> None:
    import math

    from ..cli import UserError
    from ..limits import MAX_SEED

    if not 0 <= args.seed <= MAX_SEED:
        raise UserError(f"--seed must be in 0..{MAX_SEED}, got {args.seed}")
    if not (math.isfinite(args.scale) and 0 <= args.scale <= MAX_SCALE):  # NaN would write an OBJ of nan
        raise UserError(f"--scale must be a number in 0..{MAX_SCALE:g}, got {args.scale}")


def run(args) -> int:
    import json

    import numpy as np

    from ..face_model import blend, load_face_model
    from ..io.obj import UNITS_NOTE, write_obj
    from ..io.staging import check_output_dir, staged_output

    _check(args)
    # checked now, made only once both files are written
    out = check_output_dir(args.out, "output folder (--out)")
    model = load_face_model()
    identity = np.random.default_rng(args.seed).normal(0, args.scale, model.identity_basis.shape[0])
    vertices = blend(model, identity)[0]
    with staged_output(out) as stage:  # both files or neither
        write_obj(stage / "head.obj", vertices, model.face_vertices, model.face_offsets, model.uvs,
                  model.face_uv_indices, header=f"TextFace random head (ICT Face Model, MIT)\n{UNITS_NOTE}")
        (stage / "head_identity.json").write_text(json.dumps({"seed": args.seed, "identity": identity.tolist()}))
    print(f"wrote {out / 'head.obj'}")
    return 0
