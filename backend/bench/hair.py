"""Benchmark: the hair mesh of one head (backend/hair), per style, warm (goal: <= 0.3 s each on a quiet CPU)."""
from __future__ import annotations

HELP = "hair mesh: style -> geometry + albedo on one head (short, long, ponytail, bun, curly long, a long beard)"


def add_arguments(p) -> None:
    p.add_argument("--seed", type=int, default=1)


def run(args) -> int:
    import numpy as np

    from ..face_model import load_face_model
    from ..hair.mesh import build_hair
    from ..hair.style import HairStyle
    from ..hair.texture import hair_albedo
    from ..texture.params import params_from_code
    from ._report import Report

    rep = Report("hair", args)
    model = load_face_model()
    params = params_from_code({"gender": "female", "age": "young"}, seed=args.seed).to_dict()
    identity = np.random.default_rng(args.seed).normal(0, 1, 100).astype(np.float32)
    rep.time("hair albedo 512^2", lambda: hair_albedo(params, args.seed))
    for style in (HairStyle("short"), HairStyle("long"), HairStyle("long", "ponytail"), HairStyle("long", "bun"),
                  HairStyle("long", volume="curly")):
        mesh = build_hair(model, identity, params, style, args.seed)
        rep.time(f"build_hair {style.length} {style.style} {style.volume}",
                 lambda s=style: build_hair(model, identity, params, s, args.seed),
                 polygons=len(mesh.face_offsets) - 1)
    # a bald old man's long full beard (beard.py), alone and under short hair
    bearded = params_from_code({"gender": "male", "age": "old", "beard": "full"}, seed=args.seed,
                               facial={"beard_length": "long"}).to_dict()
    for style in (HairStyle("cropped"), HairStyle("short")):
        mesh = build_hair(model, identity, bearded, style, args.seed)
        rep.time(f"build_hair long beard, hair {style.length}", lambda s=style: build_hair(model, identity, bearded, s,
                                                                                           args.seed),
                 polygons=len(mesh.face_offsets) - 1)
    rep.finish()
    return 0
