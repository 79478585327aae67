"""`python -m backend refine HEAD.json "ABSTRACT TEXT" --out DIR`: CLIP-refine an existing head."""
from __future__ import annotations

from ..errors import TextFaceError

HELP = "refine an existing head (its JSON sidecar) towards abstract phrases with CLIP"


def add_arguments(p) -> None:
    p.add_argument("head", help="the head's JSON sidecar (head.json written by generate)")
    p.add_argument("text", help='abstract description, e.g. "looks kind and wise"')
    p.add_argument("--out", required=True,
                   help="output folder for the refined head; HEAD's own folder replaces that head, but the "
                        "new head.json keeps the starting identity and texture parameters as "
                        "refinement.identity_before and refinement.texture_before (copy them back to "
                        "identity and texture.params, then run refine without --clip-weights to rebuild "
                        "the files)")
    p.add_argument("--clip-weights", default=None,
                   help="local open_clip weights (safetensors or a torch state dict) or, when online, an "
                        "open_clip pretrained tag; without it the head is written unrefined, with the reason")
    p.add_argument("--clip-model", default="ViT-B-32",
                   help="open_clip model config name (ViT-B-32-quickgelu for OpenAI's original weights)")
    p.add_argument("--texture", default=None,
                   help="stylegan:PATH, for a head made with a StyleGAN texture: the checkpoint to use (a "
                        "checkpoint path named inside the head file is never opened)")
    p.add_argument("--steps", type=int, default=100, help="optimisation steps (paper: 100-200)")
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    p.add_argument("--no-preview", action="store_true", help="do not render preview.png")
    p.add_argument("--obj-units", default=None, choices=("cm", "m"),
                   help="units of head.obj's vertices (as generate's option); default: those of the head's own "
                        "head.obj beside HEAD, else cm")


def run(args) -> int:
    import sys

    from ..cli import print_progress
    from ..face_model import load_face_model
    from ..io.sidecar import read_sidecar
    from ..io.staging import check_output_dir
    from ..paths import existing_file
    from ..pipeline import GenerateOptions, refine_head, write_head

    existing_file(args.head, "head file", (".json",))  # a missing file before a missing model
    # checked, not created, before the minutes of refinement (write_head makes it once the head is whole)
    out = check_output_dir(args.out, "output folder (--out)")
    # the options (a missing CUDA device, CLIP weights) before the face model is loaded
    opts = GenerateOptions(refine=True, refine_steps=args.steps, clip_weights=args.clip_weights,
                           clip_model=args.clip_model, device=args.device).validated()
    sidecar = read_sidecar(args.head, expression_names=load_face_model().expression_names)
    sidecar = {**sidecar, "texture": {**sidecar["texture"], "model": texture_model(sidecar, args.texture)}}
    head = refine_head(sidecar, args.text, opts, progress=print_progress)
    paths = write_head(head, out, preview=not args.no_preview, progress=print_progress,
                       obj_units=args.obj_units or _units_beside(args.head))
    ref = head.refinement
    if ref.get("status") == "done":
        print(ref.get("summary") or "refinement done")
    else:
        print(f"note: not refined ({ref.get('status')}): {ref.get('reason')}", file=sys.stderr)
    if ref.get("concrete_note"):  # text that named attributes refinement does not set: never silent
        print(f"warning: {ref['concrete_note']}", file=sys.stderr)
    print(f"wrote {', '.join(str(p) for p in paths.values())}")
    return 0


def _units_beside(head_file: str) -> str:
    """The units of the head.obj written beside HEAD (a refined head keeps them), cm when there is none."""
    from pathlib import Path

    from ..io.obj import obj_units_of

    obj = Path(head_file).expanduser().with_suffix(".obj")
    try:
        return obj_units_of(obj)
    except OSError:
        return "cm"


def texture_model(sidecar: dict, option: str | None) -> str:
    """The texture spec to rebuild the head with.  A head file may come from anyone, so the checkpoint
    path it names is not opened: a StyleGAN head needs the user's own --texture stylegan:PATH."""
    from ..paths import existing_file
    from ..texture.models import parse_texture_spec

    kind, named = parse_texture_spec(sidecar["texture"].get("model", "parametric"))
    if option is None:
        if kind == "stylegan":
            raise TextFaceError(f"the head file names the StyleGAN checkpoint {named[:200]!r}; refine does not "
                                f"open files a head file names: pass --texture stylegan:PATH to use it")
        return "parametric"
    given, path = parse_texture_spec(option)
    if given != kind:
        raise TextFaceError(f"--texture {option!r} does not fit this head, whose texture is {kind}")
    if path is None:
        return option
    return f"stylegan:{existing_file(path, 'StyleGAN checkpoint')}"
