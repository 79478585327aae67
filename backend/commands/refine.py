"""`python -m backend refine HEAD.json "ABSTRACT TEXT" --out DIR`: CLIP-refine an existing head."""
from __future__ import annotations

HELP = "refine an existing head (its JSON sidecar) towards abstract phrases with CLIP"


def add_arguments(p) -> None:
    p.add_argument("head", help="the head's JSON sidecar (head.json written by generate)")
    p.add_argument("text", help='abstract description, e.g. "looks kind and wise"')
    p.add_argument("--out", required=True, help="output folder for the refined head")
    p.add_argument("--clip-weights", default=None,
                   help="local open_clip weights (safetensors or a torch state dict) or, when online, an "
                        "open_clip pretrained tag; without it the head is written unrefined, with the reason")
    p.add_argument("--clip-model", default="ViT-B-32",
                   help="open_clip model config name (ViT-B-32-quickgelu for OpenAI's original weights)")
    p.add_argument("--steps", type=int, default=100, help="optimisation steps (paper: 100-200)")
    p.add_argument("--device", default="cpu", choices=("cpu", "cuda", "auto"))
    p.add_argument("--no-preview", action="store_true", help="do not render preview.png")


def run(args) -> int:
    import sys

    from ..io.sidecar import read_sidecar
    from ..pipeline import GenerateOptions, refine_head, write_head

    sidecar = read_sidecar(args.head)
    opts = GenerateOptions(refine=True, refine_steps=args.steps, clip_weights=args.clip_weights,
                           clip_model=args.clip_model, device=args.device)

    def progress(stage, step, total, message="", preview=None):
        if stage == "refine" and step % 10 and step != total:
            return  # one line per ten steps
        print(f"  [{stage} {step}/{total}] {message}", flush=True)

    head = refine_head(sidecar, args.text, opts, progress=progress)
    paths = write_head(head, args.out, preview=not args.no_preview, progress=progress)
    ref = head.refinement
    if ref.get("status") == "done":
        print(ref.get("summary") or "refinement done")
    else:
        print(f"note: not refined ({ref.get('status')}): {ref.get('reason')}", file=sys.stderr)
    print(f"wrote {', '.join(str(p) for p in paths.values())}")
    return 0
