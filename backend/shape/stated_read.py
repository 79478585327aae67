"""Stated attributes met: for each prompt, on how many of seeds 0..N-1 the head the pipeline's shape stage draws
misses a stated attribute (parse, shape_request, sample_identity with verify, then backend.measure.unmet, the
pipeline's final check), by attribute.  `python -m backend.shape.stated_read 20 ["a prompt" ...]`."""
from __future__ import annotations

import sys
from collections import Counter

PROMPTS = ("an emaciated old woman", "an extremely thin man with hollow cheeks", "a very thin old man",
           "a 95 year old woman with white hair", "an 85 year old man with long white hair and no beard",
           "an 80 year old woman with blonde hair")


def misses(prompt: str, seeds, model=None) -> tuple[Counter, int]:
    """(attribute -> heads that miss it, heads that miss any) over `seeds`."""
    from ..face_model import load_face_model
    from ..measure import unmet
    from ..parser import parse
    from . import load_shape_model
    from .code import IDENTITY_ATTRIBUTES
    from .request import shape_request

    model, shape, parsed = model or load_face_model(), load_shape_model(), parse(prompt)
    strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
    by, any_miss = Counter(), 0
    for seed in seeds:
        drawn, offset, _ = shape_request(parsed, seed, model)
        x = shape.sample_identity(drawn, seed=seed, strength=strength, verify=model, offset=offset)[0]
        missed = unmet(model, x, parsed.concrete)
        by.update(missed.keys())
        any_miss += bool(missed)
    return by, any_miss


def main(argv=None) -> int:
    from ..face_model import load_face_model

    args = sys.argv[1:] if argv is None else argv
    if args and not args[0].isdigit():
        print("usage: python -m backend.shape.stated_read [SEEDS] [PROMPT ...]", file=sys.stderr)
        return 2
    n = int(args[0]) if args else 20
    model = load_face_model()
    for p in args[1:] or PROMPTS:
        by, any_miss = misses(p, range(n), model)
        print(f"{any_miss:3d}/{n} miss  {p}  " + (", ".join(f"{a} {k}" for a, k in sorted(by.items())) or "-"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
