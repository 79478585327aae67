"""How strongly an expression is made: the parser's `strength["expression"]` (degree words and intensity words,
backend/parser/mood_degree.py: "slightly annoyed" 0.5, "angry" 1, "furious" / "very angry" 2) -> the preset and
seal that expression.preset uses in place of PRESETS / SEAL.

- weak (factor < 1): a share of the preset and of its seal, WEAK_SHARE at the parser's softest factor (0.5), the
  whole preset at 1.  ICT's expression offsets add linearly, so the scaled seal closes the scaled preset's lips as
  the seal closes the preset's: closed lips stay where the neutral face has them, within the same share.
- strong (factor > 1): the preset blended towards STRONG, reached at VERY (2.0, "very", "furious"; "extremely" is
  no further): more of the preset's keys and the keys a strong version adds (strong anger bares the teeth under a
  wrinkled nose).  Every weight stays <= 1; STRONG_SEAL is STRONG's seal as SEAL is PRESETS' (recomputed by
  tests/test_expression_degree_shape.py with lips.sealing_keys), blended the same way.
- GRADED: the expressions with a strong version; any other expression is made as stated at any factor above 1
  (a share of it below 1).  A look the open mouth makes (a shout, a scream) is not graded: it is the strong one.
"""
from __future__ import annotations

from typing import Mapping

WEAK_SHARE = 0.5  # the share of a preset at the parser's softest factor (SOFT, 0.5)
SOFT_FACTOR, VERY_FACTOR = 0.5, 2.0  # the parser's "slightly" and "very" (backend/parser/lexicon.py)


def _pair(**keys: float) -> dict[str, float]:
    """browDown=1.0 -> browDown_L and browDown_R at 1.0 (jawOpen, mouthFunnel: no sides)."""
    out = {}
    for k, w in keys.items():
        if k in ("jawOpen", "mouthFunnel", "mouthPucker", "mouthClose"):
            out[k] = w
        else:
            out[f"{k}_L"], out[f"{k}_R"] = w, w
    return out


# The strong versions (front views compared by eye on generated heads; figures: `eval shape`, "expression degree").
STRONG: Mapping[str, Mapping[str, float]] = {
    # fury: brows fully down and knitted, the eyes narrowed in a glare, the nose wrinkled and the upper lip raised
    # off clenched teeth, the corners stretched, the jaw barely open
    "anger": _pair(browDown=1.0, eyeWide=0.2, eyeSquint=0.75, noseSneer=0.8, mouthUpperUp=0.7, mouthStretch=0.3,
                   mouthLowerDown=0.4, jawOpen=0.06, mouthFrown=0.3, cheekSquint=0.35),
    # a broad smile, a grin, beaming: the teeth showing and the eyes narrowed; its other lip keys are the smile's, so
    # a closed strong smile is the closed smile (mouthSmile 0.85 with more cheek pressed the closed lips past the
    # smile's own on some of eval shape's heads)
    "smile": _pair(mouthSmile=0.8, cheekSquint=0.35, eyeSquint=0.35, mouthDimple=0.2, mouthUpperUp=0.4,
                   mouthLowerDown=0.2, jawOpen=0.04),
    # heartbroken, devastated: inner brows up (already at 1 in the preset), the corners further down and stretched as
    # before crying, the lower lip pulled down, the lids lowered
    "sad": _pair(browInnerUp=1.0, mouthFrown=0.7, eyeBlink=0.2, eyeLookDown=0.2, mouthStretch=0.2,
                 mouthLowerDown=0.2, cheekSquint=0.2),
    # astonished, stunned: brows fully up, the eyes wide, the jaw dropped
    "surprise": _pair(browInnerUp=1.0, browOuterUp=1.0, eyeWide=0.9, jawOpen=0.5, mouthFunnel=0.2),
    # terrified: brows up and knitted, the eyes fully wide, the mouth stretched open
    "fear": _pair(browInnerUp=1.0, browOuterUp=0.5, browDown=0.3, eyeWide=1.0, mouthStretch=0.8, jawOpen=0.25,
                  mouthLowerDown=0.3),
}
# STRONG without its lip-opening keys (expression.MOUTH_KEYS) -> the key that brings the mean head's lips back to
# where its neutral face has them (lips.sealing_keys), as expression.SEAL for PRESETS
STRONG_SEAL: Mapping[str, Mapping[str, float]] = {
    "anger": {"mouthClose": 0.129},
    "smile": {"mouthUpperUp_L": 0.031, "mouthUpperUp_R": 0.031},
    "sad": {"mouthUpperUp_L": 0.047, "mouthUpperUp_R": 0.047},
    "surprise": {},
    "fear": {"mouthUpperUp_L": 0.039, "mouthUpperUp_R": 0.039},
}
GRADED = frozenset(STRONG)


def _scaled(keys: Mapping[str, float], share: float) -> dict[str, float]:
    return {k: w * share for k, w in keys.items()}


def _blend(a: Mapping[str, float], b: Mapping[str, float], t: float) -> dict[str, float]:
    out = {k: min(1.0, (1.0 - t) * a.get(k, 0.0) + t * b.get(k, 0.0)) for k in {**a, **b}}
    return {k: w for k, w in out.items() if w > 0.0}


def graded(expression: str, factor: float, presets: Mapping[str, Mapping[str, float]],
           seals: Mapping[str, Mapping[str, float]]) -> tuple[dict[str, float], dict[str, float]]:
    """(preset, seal) of `expression` at strength `factor` (1: presets[expression] and seals' as they are)."""
    own, seal = dict(presets[expression]), dict(seals.get(expression, {}))
    factor = float(factor)
    if factor < 1.0:
        t = (max(factor, SOFT_FACTOR) - SOFT_FACTOR) / (1.0 - SOFT_FACTOR)
        share = WEAK_SHARE + (1.0 - WEAK_SHARE) * t
        return _scaled(own, share), _scaled(seal, share)
    if factor > 1.0 and expression in STRONG:
        t = min((factor - 1.0) / (VERY_FACTOR - 1.0), 1.0)
        return _blend(own, STRONG[expression], t), _blend(seal, STRONG_SEAL[expression], t)
    return own, seal
