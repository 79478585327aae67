"""Stated age met: the miss rate of a stated age over seeds, as the pipeline draws and checks the head.

`python -m backend.shape.age_read 40` prints, for each prompt, how many of seeds 0..N-1 end with the pipeline's
`stated age ... not met` warning (the shape stage only: parse, shape_request, sample_identity with verify, and
the pipeline's final check, backend.measure.unmet on the stated attributes).
"""
from __future__ import annotations

import sys

import numpy as np

PROMPTS = ("an old woman", "a 70-year-old Chinese woman", "a middle-aged Indian woman", "an old man",
           "Name: Mei Lin. Age: 70. Ancestry: Chinese. Hair: white, in a bun.",
           "a middle-aged Indian woman with long black hair in a braid")


def age_missed(prompt: str, seed: int, model=None) -> str | None:
    """The age the head measures when a stated age misses (None when met or no age is stated)."""
    from ..face_model import load_face_model
    from ..measure import unmet
    from ..parser import parse
    from . import expression_weights, load_shape_model
    from .code import IDENTITY_ATTRIBUTES
    from .expression_gestures import with_gestures
    from .lids import lids_cover
    from .request import shape_request

    model = model or load_face_model()
    parsed = parse(prompt)
    if "age" not in parsed.concrete:
        return None
    strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
    expression = expression_weights(parsed.concrete, model.expression_names, parsed.strength.get("expression", 1.0))
    expression = with_gestures(expression, model.expression_names, getattr(parsed, "gestures", {}))
    covered = lids_cover(model, expression)
    drawn_from, offset, _ = shape_request(parsed, seed, model)
    identity = load_shape_model().sample_identity(drawn_from, seed=seed, n=1, strength=strength, verify=model,
                                                  expression=expression, accept=covered, offset=offset)[0]
    return unmet(model, identity, parsed.concrete, expression).get("age")


def miss_rates(prompts=PROMPTS, seeds=range(40)) -> dict[str, tuple[int, int]]:
    from ..face_model import load_face_model

    model = load_face_model()
    out = {}
    for p in prompts:
        misses = [age_missed(p, s, model) for s in seeds]
        out[p] = (sum(m is not None for m in misses), len(misses))
    return out


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 40
    for p, (miss, total) in miss_rates(seeds=range(n)).items():
        print(f"{miss:3d}/{total} miss  {p}")
