"""Heads for `eval hair` drawn as `generate` draws them (backend/pipeline.py's generate_head with the parametric
texture and no refinement), without painting the albedo: the identity from the ancestry's implied shape, the stated
fullness's offset, degree words and the lids' check (shape_request, sample_identity with verify); the texture params
with every prior the pipeline passes (denied values, facial hair, stated wrinkles, freckle amount, the cut's shaved
sides, age in years, flush); the style from the parser's hair reading on those params (hair/style.py's `choose`).
`tests/test_hair_eval_heads.py` checks a draw against generate_head's head, so the two cannot part silently."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class EvalHead:
    prompt: str
    seed: int
    identity: np.ndarray  # (100,)
    params: dict  # the texture params, as head.json's texture.params
    style: object  # hair.style.HairStyle
    head: np.ndarray  # (N, 3) the blended head, no expression (what the hair is built on)


def draw_head(model, shape, prompt: str, seed: int) -> EvalHead:
    """`prompt` and `seed` -> the head `generate --texture parametric --no-refine` draws (no albedo painted)."""
    from ..face_model import blend
    from ..parser import parse
    from ..shape import expression_weights
    from ..shape.code import IDENTITY_ATTRIBUTES
    from ..shape.expression_gestures import with_gestures
    from ..shape.lids import lids_cover
    from ..shape.request import shape_request
    from ..texture.params import params_from_code
    from ..texture.wrinkle_words import stated_wrinkles
    from .style import choose

    parsed = parse(prompt)
    # the shape stage of generate_head, step for step
    strength = {a: f for a, f in parsed.strength.items() if a in IDENTITY_ATTRIBUTES and a in parsed.concrete}
    expression = expression_weights(parsed.concrete, model.expression_names, parsed.strength.get("expression", 1.0))
    expression = with_gestures(expression, model.expression_names, getattr(parsed, "gestures", {}))
    covered = lids_cover(model, expression)
    drawn_from, offset, _ = shape_request(parsed, seed, model)
    identity = shape.sample_identity(drawn_from, seed=seed, n=1, strength=strength, verify=model,
                                     expression=expression, accept=covered, offset=offset)[0]
    identity = np.asarray(identity, np.float32)
    # the parametric texture's draw (texture/models.py ParametricTexture.generate, as generate_head calls it)
    params = params_from_code(parsed.concrete, seed, parsed.denied, getattr(parsed, "facial_hair", {}),
                              stated_wrinkles(parsed.abstract), getattr(parsed, "freckle_amount", None),
                              (getattr(parsed, "hair", None) or {}).get("cut"),
                              age_years=getattr(parsed, "age_years", None),
                              skin_flush=getattr(parsed, "skin_flush", None)).to_dict()
    style, _ = choose(getattr(parsed, "hair", None) or {}, parsed.to_dict().get("concrete", {}), params, seed)
    head = blend(model, identity[None], None)[0]
    return EvalHead(prompt=prompt, seed=seed, identity=identity, params=params, style=style, head=head)


def draw_hair(model, shape, prompt: str, seed: int):
    """-> (EvalHead, its HairMesh or None), the mesh as generate builds it (hair/mesh.py's build_hair)."""
    from .mesh import build_hair

    h = draw_head(model, shape, prompt, seed)
    return h, build_hair(model, h.identity, h.params, h.style, seed)
