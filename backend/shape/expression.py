"""Expression presets: schema `expression` values -> weights of the ICT model's ARKit expressions.

Kept apart from identity: the regressor never sees expression, and these weights go to the
expression basis only.  Weights are moderate (<= 0.8) so presets read clearly without breaking lips.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..schema import check

PRESETS: Mapping[str, Mapping[str, float]] = {
    "neutral": {},
    "smile": {"mouthSmile_L": 0.8, "mouthSmile_R": 0.8, "cheekSquint_L": 0.35, "cheekSquint_R": 0.35,
              "eyeSquint_L": 0.2, "eyeSquint_R": 0.2, "mouthDimple_L": 0.2, "mouthDimple_R": 0.2},
    "frown": {"mouthFrown_L": 0.7, "mouthFrown_R": 0.7, "browDown_L": 0.5, "browDown_R": 0.5,
              "mouthShrugLower": 0.3, "browInnerUp_L": 0.2, "browInnerUp_R": 0.2},
    "surprise": {"browInnerUp_L": 0.8, "browInnerUp_R": 0.8, "browOuterUp_L": 0.8, "browOuterUp_R": 0.8,
                 "eyeWide_L": 0.6, "eyeWide_R": 0.6, "jawOpen": 0.35, "mouthFunnel": 0.15},
    "anger": {"browDown_L": 0.8, "browDown_R": 0.8, "eyeSquint_L": 0.4, "eyeSquint_R": 0.4,
              "noseSneer_L": 0.45, "noseSneer_R": 0.45, "mouthPress_L": 0.35, "mouthPress_R": 0.35,
              "mouthFrown_L": 0.25, "mouthFrown_R": 0.25},
}


def expression_weights(concrete: Mapping[str, str], names: Sequence[str] | None = None) -> np.ndarray:
    """Concrete attributes -> (len(names),) float32 expression weights (zeros when none is stated).

    `names` are the model's expression names (default: the installed ICT model's 53).
    """
    check({k: v for k, v in concrete.items() if k == "expression"})
    if names is None:
        from ..face_model import load_face_model

        names = load_face_model().expression_names
    names = list(names)
    weights = np.zeros(len(names), np.float32)
    value = concrete.get("expression", "neutral")
    missing = sorted(set(PRESETS[value]) - set(names))
    if missing:
        raise ValueError(f"expression preset {value!r} needs {', '.join(missing)}, absent from the model")
    for key, w in PRESETS[value].items():
        weights[names.index(key)] = w
    return weights
