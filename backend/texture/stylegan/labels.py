"""The generator's label: the texture part of the descriptive code (plus gender and age).

For each of these attributes: its one-hot row (LABEL_OPTIONS wide, zeros when unstated) and a stated
flag, concatenated.  Unstated attributes therefore read as "any", as in Describe3D's masked code.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np

from ...schema import ATTRIBUTES, BY_NAME, encode

# Fixed, not derived from the schema: a trained generator's input is this label, and a checkpoint records
# these names and values (checkpoint.py refuses any other).  A texture attribute added to the schema later
# (under_eyes, scalp_hair, beard_color) is drawn by the parametric albedo only; the StyleGAN path names it as
# ignored (models.py).
LABEL_ATTRIBUTES: tuple[str, ...] = ("gender", "age", "skin_tone", "hair_color", "eyebrow_density", "eye_color",
                                     "beard", "makeup", "lip_color", "freckles")
# the most values of a label attribute (not the schema's MAX_OPTIONS: shape-only attributes with more
# values must not change the label of trained checkpoints)
LABEL_OPTIONS: int = max(len(BY_NAME[a].values) for a in LABEL_ATTRIBUTES)
LABEL_DIM: int = len(LABEL_ATTRIBUTES) * (LABEL_OPTIONS + 1)


def label_vector(concrete: Mapping[str, str]) -> np.ndarray:
    """Concrete attributes (others are ignored) -> (LABEL_DIM,) float32."""
    wanted = {k: v for k, v in concrete.items() if k in LABEL_ATTRIBUTES}
    onehot, mask = encode(wanted)
    rows = [i for i, a in enumerate(ATTRIBUTES) if a.name in LABEL_ATTRIBUTES]
    return np.concatenate([onehot[rows, :LABEL_OPTIONS].ravel(), mask[rows].astype(np.float32)]).astype(np.float32)
