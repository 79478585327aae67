"""Gestures: looks layered on the stated expression, as ARKit weights (`ParseResult.gestures`, read by
backend/parser/gestures.py): one raised eyebrow, both raised, a skeptical, suspicious or confused look, boredom,
whistling, a blown kiss, a bitten lip, a lopsided grin, a wince of pain, puffed cheeks; and the side of a wink or smirk.

Why a field beside `expression` and not more expression values: each combines with an expression ("a skeptical
smirk", "a lopsided grin", "grimacing in pain" is a frown with a wince, "a bored frown"), which one value cannot say
without a value per pair, and the schema's expression list is checked by `eval shape`'s mouth goals for every value.
Nothing here enters the identity code (the regressor never sees expression).

Sides: ARKit's _L is the character's own left (measured on the ICT mesh: the _L keys move vertices at +x, where the
68-point landmarks put the subject's left eye, 42-47); "his left eyebrow" is his own left, which the viewer sees on
the image's right.  Unstated, an asymmetric look is on the character's left, as the smirk and wink presets have always
been.  Keys are written for the left side here and mirrored for "right".

Layering: a gesture's keys are merged with the expression's by the larger weight (a gesture never weakens what the
expression does), except `lopsided`, which scales the other side of a smile down.  `degree`: the parser's degree words
("slightly raised", "very confused"): a share of the weights below 1 (0.5 at the softest), up to 1.4 times above,
every weight <= 1.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

GESTURES: Mapping[str, Mapping[str, float]] = {
    # one brow up, the outer part most (an arch), the other a touch down so the asymmetry reads from the front; at
    # least as high as surprise's brows (was outer 0.9, inner 0.45, other down 0.25: 6.5 mm up against surprise's
    # 7.3, faint at preview size; now 7.8, brow over brow 8.4 mm)
    "brow_raise": {"browOuterUp_L": 1.0, "browInnerUp_L": 0.7, "browDown_R": 0.35},
    # both brows raised ("raised eyebrows"): surprise's brows, without its wide eyes and open mouth
    "brows_raised": {"browInnerUp_L": 0.8, "browInnerUp_R": 0.8, "browOuterUp_L": 0.8, "browOuterUp_R": 0.8},
    # suspicion: both eyes narrowed under lowered brows, a slight frown with the lips pressed (bored's mouth and its
    # seal); skeptical is the one raised brow of doubt.  eyeBlink 0.1 left 42% of the iris on one of eval shape's
    # heads (goal: over 45%, not shut); 0.05: 53% / 71% / 81%
    "suspicious": {"eyeSquint_L": 0.7, "eyeSquint_R": 0.7, "eyeBlink_L": 0.05, "eyeBlink_R": 0.05,
                   "browDown_L": 0.6, "browDown_R": 0.6,
                   "mouthFrown_L": 0.2, "mouthFrown_R": 0.2, "mouthPress_L": 0.15, "mouthPress_R": 0.15,
                   "mouthUpperUp_L": 0.054, "mouthUpperUp_R": 0.054},
    # one brow raised, the other eye narrowed under a lowered brow, the lips pressed and pulled aside a little
    "skeptical": {"browOuterUp_L": 0.8, "browInnerUp_L": 0.35, "browDown_R": 0.45, "eyeSquint_R": 0.35,
                  "mouthPress_L": 0.2, "mouthPress_R": 0.2, "mouthLeft": 0.12, "jawOpen": 0.014},
    # brows drawn together with one lifted (a puzzled knit), the mouth pulled to one side, a slight frown
    "confused": {"browInnerUp_L": 0.6, "browOuterUp_L": 0.45, "browDown_R": 0.55, "eyeSquint_R": 0.2,
                 "mouthLeft": 0.25, "mouthFrown_L": 0.15, "mouthFrown_R": 0.15},
    # (the last key of a look that keeps the lips shut is its seal, lips.sealing_keys: pressed lips brought back to
# where the neutral face has them, as expression.SEAL)
# lids lowered (less than heavy lids' 0.22 + the gaze down), the corners flat and a little down, lips pressed
    "bored": {"eyeBlink_L": 0.15, "eyeBlink_R": 0.15, "eyeLookDown_L": 0.05, "eyeLookDown_R": 0.05,
              "mouthFrown_L": 0.2, "mouthFrown_R": 0.2, "mouthPress_L": 0.15, "mouthPress_R": 0.15,
              "mouthUpperUp_L": 0.054, "mouthUpperUp_R": 0.054},
    # lips pushed into a small round opening, the cheeks a little full, the inner brows up
    "whistle": {"mouthPucker": 0.8, "mouthFunnel": 0.35, "cheekPuff_L": 0.15, "cheekPuff_R": 0.15,
                "browInnerUp_L": 0.25, "browInnerUp_R": 0.25},
    # lips pushed forward and closed over slightly full cheeks, the lower lip tucked a little: the pout's recipe
    # (expression.py) further forward; the pucker alone (0.95) pressed the lips 1.1 mm through each other
    "kiss": {"mouthPucker": 0.8, "mouthRollLower": 0.2, "mouthShrugUpper": 0.2, "cheekPuff_L": 0.3,
             "cheekPuff_R": 0.3, "mouthUpperUp_L": 0.127, "mouthUpperUp_R": 0.127},
    # the lower lip drawn in under the upper teeth, the upper lip lifted a little off them
    "lip_bite": {"mouthRollLower": 0.7, "mouthUpperUp_L": 0.2, "mouthUpperUp_R": 0.2, "browInnerUp_L": 0.2,
                 "browInnerUp_R": 0.2},
    # pain: eyes squeezed, cheeks raised, nose wrinkled, the lips drawn back from the teeth (over the frown that
    # "grimacing" already says: its brows down)
    "wince": {"eyeSquint_L": 0.7, "eyeSquint_R": 0.7, "eyeBlink_L": 0.2, "eyeBlink_R": 0.2, "cheekSquint_L": 0.6,
              "cheekSquint_R": 0.6, "noseSneer_L": 0.5, "noseSneer_R": 0.5, "mouthStretch_L": 0.45,
              "mouthStretch_R": 0.45, "mouthUpperUp_L": 0.3, "mouthUpperUp_R": 0.3, "browDown_L": 0.6,
              "browDown_R": 0.6, "browInnerUp_L": 0.4, "browInnerUp_R": 0.4},
    # a grimace on its own (no pain said): the lips stretched wide and drawn off the teeth, upper lip up, lower lip
    # down, over the frown "grimace" already says; the eyes stay (the wince squeezes them)
    "grimace": {"mouthStretch_L": 0.55, "mouthStretch_R": 0.55, "mouthUpperUp_L": 0.4, "mouthUpperUp_R": 0.4,
                "mouthLowerDown_L": 0.4, "mouthLowerDown_R": 0.4, "noseSneer_L": 0.2, "noseSneer_R": 0.2},
    # air held in: the lips sealed (cheekPuff alone moved them 0.64 mm on the lip line; mouthClose with the jaw's seal)
    "cheek_puff": {"cheekPuff_L": 0.85, "cheekPuff_R": 0.85, "mouthClose": 0.05, "jawOpen": 0.061},
}
# a smile's keys on the other side, and what is left of them there: a lopsided grin lifts one corner
LOPSIDED_KEYS = ("mouthSmile_R", "mouthDimple_R", "cheekSquint_R", "eyeSquint_R")
LOPSIDED_SHARE = 0.15
# the looks whose side the parser may state: these gestures, and the expression's smirk and the lids' wink
SIDED = frozenset({"brow_raise", "skeptical", "confused", "lopsided", "smirk", "wink"})
SMIRK_KEYS = ("mouthSmile_L", "mouthDimple_L", "cheekSquint_L", "mouthPress_R")
WINK_KEYS = ("eyeBlink_L", "cheekSquint_L", "mouthSmile_L")
NAMES = frozenset(GESTURES) | SIDED
SIDES = ("left", "right")


def mirror_key(k: str) -> str:
    """browDown_L <-> browDown_R, mouthLeft <-> mouthRight; centre keys stay."""
    for a, b in (("_L", "_R"), ("Left", "Right")):
        if k.endswith(a):
            return k[: -len(a)] + b
        if k.endswith(b):
            return k[: -len(b)] + a
    return k


def _share(degree: float) -> float:
    d = float(degree)
    if d < 1.0:
        return 0.5 + 0.5 * (max(d, 0.5) - 0.5) / 0.5
    return min(1.0 + 0.4 * (d - 1.0), 1.4)


def check_gestures(gestures: Mapping[str, Mapping]) -> None:
    """ValueError with one line for a gesture, side or degree this module does not know."""
    for name, how in gestures.items():
        if name not in NAMES:
            raise ValueError(f"unknown gesture {name!r} (known: {', '.join(sorted(NAMES))})")
        side = how.get("side", "left")
        if side not in SIDES:
            raise ValueError(f"gesture {name!r}: side {side!r} is neither 'left' nor 'right'")
        degree = how.get("degree", 1.0)
        if not isinstance(degree, (int, float)) or not 0.0 < degree <= 4.0:
            raise ValueError(f"gesture {name!r}: degree {degree!r} is not a number in (0, 4]")


def _swap(out: dict[str, float], keys) -> None:
    for k in keys:
        m = mirror_key(k)
        out[k], out[m] = out.get(m, 0.0), out.get(k, 0.0)


def layered(keys: Mapping[str, float], gestures: Mapping[str, Mapping]) -> dict[str, float]:
    """ARKit name -> weight of the expression (`keys`, expression.preset's) with `gestures` layered on it."""
    check_gestures(gestures)
    out = dict(keys)
    for name, keyset in (("smirk", SMIRK_KEYS), ("wink", WINK_KEYS)):  # presets made on the left: mirrored
        if gestures.get(name, {}).get("side") == "right":
            _swap(out, keyset)
    for name, how in gestures.items():
        if name not in GESTURES:
            continue
        right, share = how.get("side") == "right", _share(how.get("degree", 1.0))
        for k, w in GESTURES[name].items():
            k = mirror_key(k) if right else k
            out[k] = max(out.get(k, 0.0), min(1.0, w * share))
    if "lopsided" in gestures:
        how = gestures["lopsided"]
        other = [mirror_key(k) for k in LOPSIDED_KEYS] if how.get("side") == "right" else LOPSIDED_KEYS
        share = LOPSIDED_SHARE / _share(how.get("degree", 1.0))  # a very lopsided grin keeps less of the other side
        for k in other:
            if k in out:
                out[k] = out[k] * share
    return {k: w for k, w in out.items() if w > 0.0}


def with_gestures(weights: np.ndarray, names: Sequence[str], gestures: Mapping[str, Mapping]) -> np.ndarray:
    """(len(names),) expression weights -> the same with `gestures` layered (a copy; `weights` when none)."""
    if not gestures:
        return weights
    names = list(names)
    keys = layered({n: float(w) for n, w in zip(names, weights) if w != 0.0}, gestures)
    missing = sorted(set(keys) - set(names))
    if missing:
        raise ValueError(f"gestures {sorted(gestures)} need {', '.join(missing)}, absent from the model")
    out = np.zeros(len(names), np.float32)
    for k, w in keys.items():
        out[names.index(k)] = w
    return out
