"""`python -m backend eval refine`: what CLIP refinement does to heads, measured.

For a fixed set of concrete heads (identity coefficients drawn with fixed seeds) and abstract phrases,
runs refinement and reports:
  - CLIP similarity to the phrase before/after in five fixed views (front, both three-quarters, both
    profiles), none of which is a training view exactly;
  - with --compare-front-only, the same for the paper's set-up (one front view per step, no
    augmentation), so the gain on side views of the multi-view refinement can be compared;
  - the RMS change of the identity coefficients against the regulariser's bound;
  - measured shape labels (backend.measure) before/after: how many still hold.
Each head wears the hair its texture and seed draw (backend/hair: style.choose, build_hair), drawn in every render
as in `refine`; --no-hair evaluates the bald heads.
Needs CLIP weights (--clip-weights).  --random-weights runs the same code with an untrained model:
it checks the mechanics and timing only; its similarity figures mean nothing.
"""
from __future__ import annotations

import time

from .. import checks

PHRASES = ("looks kind and gentle", "a stern, strict face", "looks like a movie star", "tired and worn out",
           "a wise old professor", "a cheerful, friendly person")


def parse_args(argv):
    p = checks.OptionParser(prog="python -m backend eval refine", description=__doc__.split("\n")[0])
    w = p.add_mutually_exclusive_group()
    w.add_argument("--clip-weights", default=None, help="local open_clip weights or a pretrained tag (online)")
    w.add_argument("--random-weights", action="store_true", help="untrained CLIP: mechanics and timing only")
    p.add_argument("--clip-model", default="ViT-B-32")
    p.add_argument("--heads", type=int, default=3, help=f"number of heads (1..{len(PHRASES)})")
    p.add_argument("--steps", type=int, default=100)
    p.add_argument("--views", type=int, default=3, help="views per step")
    p.add_argument("--size", type=int, default=224, help="render size")
    p.add_argument("--compare-front-only", action="store_true", help="also run the paper's single-front-view set-up")
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    p.add_argument("--no-hair", action="store_true", help="heads without their hair mesh")
    p.add_argument("--json", dest="json_out", default=None, help="write the full report to this JSON file")
    return p.parse_args(argv)


def main(argv=None) -> int:
    import numpy as np
    import torch

    from ..cli import UserError
    from ..face_model import FaceModelModule, load_face_model
    from .attributes import NOT_CHECKED, face_labeller, keep_attributes, measurement_available
    from .head import resolve_device
    from .loop import RefineSettings, refine
    from .registry import NO_WEIGHTS_REASON, build_clip, load_clip
    from .scene import FaceScene
    from ..texture.atlas import atlas_uvs
    from ..texture.params import params_from_code
    from .texture import REFINE_TEXTURE_SIZE, parametric_problem
    from ..hair.mesh import build_hair
    from ..hair.style import choose

    args = parse_args(argv)
    if not 1 <= args.heads <= len(PHRASES):
        raise UserError(f"--heads must be in 1..{len(PHRASES)}")
    if not (args.clip_weights or args.random_weights):
        raise UserError(f"{NO_WEIGHTS_REASON} (or --random-weights to check mechanics only)")
    try:  # the settings' own bounds, before CLIP and the model load
        RefineSettings(steps=args.steps, views_per_step=args.views, render_size=args.size).validated()
    except ValueError as exc:
        msg = str(exc)
        for words, option in (("steps", "--steps"), ("views per step", "--views"), ("render size", "--size")):
            if msg.startswith(words):
                msg = option + msg[len(words):]
        raise UserError(msg) from None
    json_out = checks.json_out_path(args.json_out)  # before the run: its figures must not be lost at the end
    device = resolve_device(args.device)
    clip = build_clip(args.clip_model, device) if args.random_weights else load_clip(
        args.clip_model, args.clip_weights, device)
    if clip.random_weights:
        print("NOTE: random CLIP weights: similarity figures below mean nothing about quality")
    model = load_face_model()
    layout = atlas_uvs(model)
    face = FaceModelModule(model)
    setups = {"multi-view": RefineSettings(steps=args.steps, views_per_step=args.views, render_size=args.size,
                                           preview_every=0)}
    if args.compare_front_only:
        setups["front-only (paper)"] = RefineSettings(steps=args.steps, views_per_step=1, augment=False,
                                                      render_size=args.size, preview_every=0)
    report = {"clip_model": clip.name, "clip_weights": clip.source, "device": device, "steps": args.steps,
              "heads": []}
    for k in range(args.heads):
        # a concrete head: identity and parametric texture drawn from fixed seeds
        identity = np.random.default_rng(100 + k).normal(0, 0.6, 100).astype(np.float32)
        params = params_from_code({}, seed=k).to_dict()
        style = None if args.no_hair else choose({}, {}, params, k)[0]
        hair = build_hair(model, identity, params, style, k) if style is not None and style.has_mesh else None
        problem = parametric_problem(params, k, REFINE_TEXTURE_SIZE, layout.uvs, layout.face_uv_indices, {}, device,
                                     model, hair_mesh=hair)
        phrase = PHRASES[k]
        entry = {"head": k, "phrase": phrase, "texture": problem.note, "setups": {},
                 "hair": "none" if style is None else {**style.to_dict(), "mesh": hair is not None}}
        for name, settings in setups.items():
            t = time.perf_counter()
            scene = FaceScene(face, model, None, problem.uvs, problem.face_uv_indices, problem.albedo_fn, device,
                              hair=hair, hair_colour=problem.hair_colour, hair_colour_note=problem.hair_colour_note)
            out = refine(clip, [phrase], scene, torch.as_tensor(identity), problem.params,
                         RefineSettings(**{**settings.__dict__, "seed": k}))
            st = out.status
            gains = {v: st.similarity_after[v] - st.similarity_before[v] for v in st.similarity_before}
            entry["setups"][name] = {
                "seconds": round(time.perf_counter() - t, 2), "gain": gains,
                "similarity_before": st.similarity_before, "similarity_after": st.similarity_after,
                "identity_rms_change": st.identity_rms_change, "identity_bound": st.identity_bound,
            }
            if measurement_available():  # every measured label of the start head counts as stated
                labels = face_labeller(model, None)
                _, record = keep_attributes(identity, out.identity, labels(identity), labels)
                entry["setups"][name]["attributes"] = record
            else:
                entry["setups"][name]["attributes"] = dict(NOT_CHECKED)
            print(f"head {k} {phrase!r} [{name}] {entry['setups'][name]['seconds']:.0f} s: gain "
                  + ", ".join(f"{v} {g:+.4f}" for v, g in gains.items())
                  + f"; identity RMS change {st.identity_rms_change:.3f} (bound {st.identity_bound:.3f}); "
                  + _attr_line(entry["setups"][name]["attributes"]))
        report["heads"].append(entry)
    _summary(report, list(setups))
    if json_out:
        checks.write_json(json_out, report, indent=1)
        print(f"wrote {json_out}")
    return 0


def _attr_line(attrs: dict) -> str:
    if attrs.get("status") != "checked":
        return f"attributes {attrs.get('status')}: {attrs.get('reason')}"
    lost = attrs["lost_at_full_change"]
    return (f"attributes held {attrs['held_before'] - len(lost)}/{attrs['held_before']} at the full change"
            + (f" (lost: {', '.join(lost)}; kept by scaling the change to {attrs['change_scale']})" if lost else ""))


def _summary(report: dict, setups: list[str]) -> None:
    import numpy as np

    print("summary (mean over heads):")
    for name in setups:
        rows = [h["setups"][name] for h in report["heads"]]
        views = list(rows[0]["gain"])
        mean = {v: float(np.mean([r["gain"][v] for r in rows])) for v in views}
        improved = sum(r["gain"][v] > 0 for r in rows for v in views)
        side = float(np.mean([mean[v] for v in views if v != "front"]))
        print(f"  {name}: similarity gain front {mean['front']:+.4f}, side views {side:+.4f}; "
              f"improved in {improved}/{len(rows) * len(views)} (head, view) pairs; "
              f"identity RMS change {np.mean([r['identity_rms_change'] for r in rows]):.3f}")
        report.setdefault("summary", {})[name] = {"gain": mean, "side_gain": side, "improved": improved,
                                                  "pairs": len(rows) * len(views)}
