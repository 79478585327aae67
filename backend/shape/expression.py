"""Expression presets: schema `expression` values -> weights of the ICT model's ARKit expressions.

Kept apart from identity: the regressor never sees expression, and these weights go to the
expression basis only.  Weights are moderate (<= 0.8) so presets read clearly without breaking lips;
a closed lid is the exception (a blink closes it only at 1), and so are a scream's and a shout's stretched
corners and drawn lips (ICT's mouthStretch barely widens the mouth below 1).  `eyelids` and `mouth`, when stated,
replace the expression's eye keys and lip-opening keys.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np

from ..schema import check
from .expression_degree import graded

PRESETS: Mapping[str, Mapping[str, float]] = {
    "neutral": {},
    # the smile presses the lips together beside the centre (0.45 mm through each other on eval shape's heads):
    # its own mouthUpperUp is SEAL["smile"], so a smile with the mouth unstated has its lips meet as at rest
    "smile": {"mouthSmile_L": 0.8, "mouthSmile_R": 0.8, "cheekSquint_L": 0.35, "cheekSquint_R": 0.35,
              "eyeSquint_L": 0.2, "eyeSquint_R": 0.2, "mouthDimple_L": 0.2, "mouthDimple_R": 0.2,
              "mouthUpperUp_L": 0.031, "mouthUpperUp_R": 0.031},
    # brows lowered and drawn together, a little squint, mouth corners down and the lips pressed.  browDown at 1
    # with no browInnerUp (0.7 with browInnerUp 0.2 lowered the inner brows 0.4 mm: most heads read as neutral;
    # now 2.2 mm, the brows' peaks 3.7 mm, the inner ends 4.3 mm closer).  Anger stays apart: its sneer wrinkles
    # the nose, lifts the upper lip and pulls the inner brows 1.2 mm further down.  No raised chin
    # (mouthShrugLower 0.3 pushed the lower lip 2 mm up through the upper all along the lip line, which no seal
    # undid at the corners), and the corners at 0.6 (0.7 pressed the lips through each other beside the corners)
    "frown": {"mouthFrown_L": 0.6, "mouthFrown_R": 0.6, "browDown_L": 1.0, "browDown_R": 1.0,
              "eyeSquint_L": 0.3, "eyeSquint_R": 0.3, "cheekSquint_L": 0.1, "cheekSquint_R": 0.1,
              "mouthPress_L": 0.25, "mouthPress_R": 0.25},
    "surprise": {"browInnerUp_L": 0.8, "browInnerUp_R": 0.8, "browOuterUp_L": 0.8, "browOuterUp_R": 0.8,
                 "eyeWide_L": 0.6, "eyeWide_R": 0.6, "jawOpen": 0.35, "mouthFunnel": 0.15},
    # brows fully down and knitted, the eyes narrowed, the nose wrinkled and the upper lip raised off the teeth,
    # the corners stretched and down: a snarl, the mouth a frown lacks.  Before (browDown 0.8, squint, sneer 0.45,
    # pressed lips) "an angry man" read as mild annoyance or a wince in the front view
    "anger": {"browDown_L": 1.0, "browDown_R": 1.0, "eyeSquint_L": 0.5, "eyeSquint_R": 0.5,
              "noseSneer_L": 0.7, "noseSneer_R": 0.7, "mouthUpperUp_L": 0.4, "mouthUpperUp_R": 0.4,
              "mouthStretch_L": 0.25, "mouthStretch_R": 0.25, "mouthLowerDown_L": 0.15, "mouthLowerDown_R": 0.15,
              "mouthFrown_L": 0.3, "mouthFrown_R": 0.3, "cheekSquint_L": 0.25, "cheekSquint_R": 0.25},
    # a smile with the mouth open and the eyes narrowed by the cheeks.  The smile at 0.55 and the cheeks at 0.4
    # (with the eyes narrowed a little more): at 0.8 / 0.5, laughing with the mouth closed moved the lips 0.70 mm
    # from rest beside a corner on eval shape's heads (0.85 on the heads drawn since each draw fits its gender),
    # against the lip line's 0.75 mm limit; now 0.62 / 0.63 mm.  The open jaw and narrowed eyes carry the laugh
    "laugh": {"mouthSmile_L": 0.55, "mouthSmile_R": 0.55, "jawOpen": 0.3, "mouthUpperUp_L": 0.2,
              "mouthUpperUp_R": 0.2, "cheekSquint_L": 0.4, "cheekSquint_R": 0.4, "eyeSquint_L": 0.45,
              "eyeSquint_R": 0.45, "mouthDimple_L": 0.15, "mouthDimple_R": 0.15},
    # inner brows raised (not lowered as in a frown), mouth corners down, the upper lids lowered as over a
    # downcast gaze (ICT's eyeLookDown moves the lids only) about as far as heavy lids: 43-78 % of each iris
    # showing on eval shape's heads (median 65 %; heavy: 40-77 %).  No raised chin, corners at 0.5: as the
    # frown.  With inner brows at 0.7 and the lids at blink 0.15 alone, most heads read as neutral.
    "sad": {"browInnerUp_L": 1.0, "browInnerUp_R": 1.0, "mouthFrown_L": 0.5, "mouthFrown_R": 0.5,
            "eyeBlink_L": 0.15, "eyeBlink_R": 0.15, "eyeLookDown_L": 0.15, "eyeLookDown_R": 0.15},
    "disgust": {"noseSneer_L": 0.7, "noseSneer_R": 0.7, "mouthUpperUp_L": 0.45, "mouthUpperUp_R": 0.45,
                "browDown_L": 0.4, "browDown_R": 0.4, "cheekSquint_L": 0.3, "cheekSquint_R": 0.3,
                "eyeSquint_L": 0.3, "eyeSquint_R": 0.3, "mouthFrown_L": 0.3, "mouthFrown_R": 0.3},
    "fear": {"browInnerUp_L": 0.8, "browInnerUp_R": 0.8, "browOuterUp_L": 0.4, "browOuterUp_R": 0.4,
             "eyeWide_L": 0.7, "eyeWide_R": 0.7, "mouthStretch_L": 0.5, "mouthStretch_R": 0.5, "jawOpen": 0.15},
    # one-sided: the head's left corner (ARKit _L is the subject's left)
    "smirk": {"mouthSmile_L": 0.6, "mouthDimple_L": 0.3, "cheekSquint_L": 0.2, "mouthPress_R": 0.2},
    # lips pushed forward over slightly puffed cheeks, the lower lip tucked a little so that the lips meet along
    # the lip line: the pucker with a raised chin (mouthShrugLower 0.3) instead pressed them 1.7 mm through each
    # other beside the corners; without the puffed cheeks they still pressed 0.7 mm there
    "pout": {"mouthPucker": 0.6, "mouthRollLower": 0.2, "mouthShrugUpper": 0.2, "cheekPuff_L": 0.3,
             "cheekPuff_R": 0.3},
    # a sad smile ("a wistful smile", "smiling through tears"): a softer smile (0.55, the cheeks barely raised)
    # under the sad face's raised inner brows (0.9) and lowered lids.  The two presets added would cancel: the sad
    # corners pull down what the smile lifts, and it read as a plain smile with a contradiction warned
    "wistful": {"mouthSmile_L": 0.55, "mouthSmile_R": 0.55, "mouthDimple_L": 0.15, "mouthDimple_R": 0.15,
                "cheekSquint_L": 0.15, "cheekSquint_R": 0.15, "browInnerUp_L": 0.9, "browInnerUp_R": 0.9,
                "eyeBlink_L": 0.12, "eyeBlink_R": 0.12, "eyeLookDown_L": 0.12, "eyeLookDown_R": 0.12},
    # a yawn: the jaw dropped further than the open mouth's (0.75 against 0.6) with the lips drawn into a tall
    # oval (a little pucker narrows them), the eyes squeezed nearly shut, the brows raised and knitted, the nose
    # wrinkled.  Its lips part no further than the open mouth may (< 30 mm at the centre on eval shape's heads:
    # the upper lip lifted by the sneer and mouthLowerDown would take it past)
    "yawn": {"jawOpen": 0.75, "mouthPucker": 0.1, "noseSneer_L": 0.15, "noseSneer_R": 0.15,
             "eyeBlink_L": 0.6, "eyeBlink_R": 0.6, "eyeSquint_L": 0.5, "eyeSquint_R": 0.5,
             "cheekSquint_L": 0.4, "cheekSquint_R": 0.4, "browInnerUp_L": 0.6, "browInnerUp_R": 0.6,
             "browDown_L": 0.3, "browDown_R": 0.3},
}

# The `eyelids` attribute replaces what the expression does with the eye keys (its own keys win, and
# the expression's other eye keys go): "laughing with her eyes closed" closes the laugh's narrowed eyes.
EYE_KEYS = ("eyeBlink_L", "eyeBlink_R", "eyeSquint_L", "eyeSquint_R", "eyeWide_L", "eyeWide_R")
EYELIDS: Mapping[str, Mapping[str, float]] = {
    "open": {},
    "wide": {"eyeWide_L": 0.6, "eyeWide_R": 0.6},
    "squint": {"eyeSquint_L": 0.6, "eyeSquint_R": 0.6, "cheekSquint_L": 0.2, "cheekSquint_R": 0.2},
    "closed": {"eyeBlink_L": 1.0, "eyeBlink_R": 1.0},
    # the head's left eye, the cheek pushing up under it
    "wink": {"eyeBlink_L": 1.0, "cheekSquint_L": 0.4, "mouthSmile_L": 0.2},
    # tired, sleepy: the upper lids lowered to about the top of the pupil.  ICT's blink is one offset for
    # every identity, so a fixed weight lowers small eyes further: 0.27 half covered the pupil of some
    # heads and pushed the cornea through the lid of others, 0.15 barely reached the iris of most.
    "heavy": {"eyeBlink_L": 0.22, "eyeBlink_R": 0.22},
}


# The `mouth` attribute replaces what the expression does with the keys that open the lips ("laughing with
# her mouth closed", "surprised, lips parted"): they go, SEAL closes what the expression's other keys
# open (a sneer lifts the upper lip) or press through (a raised chin), and the value's own keys open the
# lips from there.  Measured at the mouth's centre on `eval shape`'s 60 checked heads with every expression
# (lips.py): closed = within -0.3..+0.7 mm of the head's neutral lips; parted = 3.1-7.9 mm (median 5.4), the
# incisors showing (median 4.8 mm); open = 19.1-29.1 mm (median 21.8; the laugh's own jawOpen 0.3: 11.6 mm).
# Along the lip line (lip_line.py, 7 sections): closed within 0.7 mm of the neutral lips, parted >= 2.7 mm
# apart across the middle.
MOUTH_KEYS = ("jawOpen", "mouthClose", "mouthFunnel", "mouthLowerDown_L", "mouthLowerDown_R",
              "mouthUpperUp_L", "mouthUpperUp_R")
MOUTH: Mapping[str, Mapping[str, float]] = {
    "closed": {},
    # the lips part rather than the jaw only dropping: jawOpen 0.15 alone opens as far and shows about half
    # as much of the incisors (2.3 mm median against 4.1)
    "parted": {"jawOpen": 0.09, "mouthUpperUp_L": 0.2, "mouthUpperUp_R": 0.2,
               "mouthLowerDown_L": 0.1, "mouthLowerDown_R": 0.1},
    "open": {"jawOpen": 0.6, "mouthLowerDown_L": 0.2, "mouthLowerDown_R": 0.2},
}
# Per expression, with its MOUTH_KEYS gone: the key (or left/right pair) and weight that bring the mean head's
# lips nearest to where its neutral face has them all along the lip line (`lips.sealing_keys` over
# `lip_line.SECTIONS`; tests/test_shape_mouth.py recomputes them).  mouthClose closes a sneer's lifted lip;
# mouthUpperUp opens lips a preset presses together more evenly across the mouth than jawOpen does.
SEAL: Mapping[str, Mapping[str, float]] = {
    "smile": {"mouthUpperUp_L": 0.031, "mouthUpperUp_R": 0.031},
    "frown": {"mouthUpperUp_L": 0.105, "mouthUpperUp_R": 0.105},
    "anger": {"mouthClose": 0.112},
    "laugh": {"mouthUpperUp_L": 0.012, "mouthUpperUp_R": 0.012},
    "sad": {"mouthUpperUp_L": 0.039, "mouthUpperUp_R": 0.039},
    "disgust": {"mouthClose": 0.115},
    "fear": {"mouthUpperUp_L": 0.024, "mouthUpperUp_R": 0.024},
    "smirk": {"mouthUpperUp_L": 0.072, "mouthUpperUp_R": 0.072},
    "pout": {"mouthUpperUp_L": 0.073, "mouthUpperUp_R": 0.073},
    "wistful": {"mouthUpperUp_L": 0.025, "mouthUpperUp_R": 0.025},
    "yawn": {"mouthClose": 0.025},
}
# An open mouth turns some expressions into another look, which replaces the expression's preset and the open
# mouth's keys: fear with the mouth open is a scream and anger a shout (the parser reads "screaming" as fear +
# open, "shouting" and "yelling" as anger + open).  The plain open mouth on fear's wide eyes read as surprise:
# a scream stretches the corners sideways and draws both lips off the teeth (mouthStretch, mouthUpperUp,
# mouthLowerDown) under brows raised and drawn together (browInnerUp with browDown); a shout bares the teeth
# under lowered brows, the nose wrinkled and the eyes narrowed.  jawOpen is set so the lips part 25.7 / 26.7 mm
# at the centre on `eval shape`'s heads (median; 29.1 at most), inside the open mouth's 15-30 mm.
OPEN_LOOKS: Mapping[str, Mapping[str, float]] = {
    "fear": {"jawOpen": 0.4, "mouthStretch_L": 1.0, "mouthStretch_R": 1.0, "mouthUpperUp_L": 0.6,
             "mouthUpperUp_R": 0.6, "mouthLowerDown_L": 1.0, "mouthLowerDown_R": 1.0, "browInnerUp_L": 1.0,
             "browInnerUp_R": 1.0, "browDown_L": 0.5, "browDown_R": 0.5, "eyeWide_L": 0.6, "eyeWide_R": 0.6,
             "noseSneer_L": 0.3, "noseSneer_R": 0.3},
    "anger": {"jawOpen": 0.35, "mouthStretch_L": 0.8, "mouthStretch_R": 0.8, "mouthUpperUp_L": 0.7,
              "mouthUpperUp_R": 0.7, "mouthLowerDown_L": 0.8, "mouthLowerDown_R": 0.8, "browDown_L": 1.0,
              "browDown_R": 1.0, "eyeSquint_L": 0.5, "eyeSquint_R": 0.5, "noseSneer_L": 0.8, "noseSneer_R": 0.8,
              "cheekSquint_L": 0.3, "cheekSquint_R": 0.3},
    # a yawn opens its own mouth: "yawning, mouth open" is the yawn, not the plain open mouth over shut eyes
    "yawn": PRESETS["yawn"],
}
# Stated lids that an expression's own eyes already go past keep those eyes, the stated keys added where they go
# further: "a tired man yawning" (the parser implies heavy lids with every yawn) keeps the yawn's eyes squeezed
# nearly shut; the heavy lids alone would open them to the top of the pupil.
LIDS_WITHIN: Mapping[str, frozenset[str]] = {"yawn": frozenset({"heavy"})}
STATED = ("expression", "eyelids", "mouth")


def preset(concrete: Mapping[str, str], degree: float = 1.0) -> dict[str, float]:
    """ARKit name -> weight of the stated expression, eyelids and mouth (the expression's own lids and
    mouth when those are unstated); `degree`: the expression's strength (expression_degree.py)."""
    expression, mouth = concrete.get("expression", "neutral"), concrete.get("mouth")
    own, seal = graded(expression, degree, PRESETS, SEAL)  # "slightly annoyed" .. "furious"
    look = OPEN_LOOKS.get(expression) if mouth == "open" else None
    out = dict(own if look is None else look)
    lids = concrete.get("eyelids")
    if lids is not None:
        if lids not in LIDS_WITHIN.get(expression, ()):
            out = {k: w for k, w in out.items() if k not in EYE_KEYS}
        for k, w in EYELIDS[lids].items():
            out[k] = max(out.get(k, 0.0), w)
    if look is not None:
        return out  # the look opens the mouth itself
    if mouth is None and not any(k in MOUTH_KEYS for k in own):
        # lips pressed through each other are a flaw of a preset, not a look (a smile presses them together a
        # little, a frown's corners more): the seal's opening keys bring them back to where the neutral face has
        # them; a sneer's apart lips are its look and stay
        out.update({k: w for k, w in seal.items() if k != "mouthClose"})
    if mouth is not None:
        out = {k: w for k, w in out.items() if k not in MOUTH_KEYS}
        for keys in (seal, MOUTH[mouth]):  # the opening adds to the seal's jawOpen
            for k, w in keys.items():
                out[k] = out.get(k, 0.0) + w
    return out


def expression_weights(concrete: Mapping[str, str], names: Sequence[str] | None = None,
                       degree: float = 1.0) -> np.ndarray:
    """Concrete attributes -> (len(names),) float32 expression weights (zeros when none is stated).

    `names` are the model's expression names (default: the installed ICT model's 53); `degree`: the parser's
    strength of the expression (ParseResult.strength["expression"], 1 when none).
    """
    check({k: v for k, v in concrete.items() if k in STATED})
    if names is None:
        from ..face_model import load_face_model

        names = load_face_model().expression_names
    names = list(names)
    weights = np.zeros(len(names), np.float32)
    keys = preset(concrete, degree)
    missing = sorted(set(keys) - set(names))
    if missing:
        stated = {k: concrete[k] for k in STATED if k in concrete}
        raise ValueError(f"expression {stated} needs {', '.join(missing)}, absent from the model")
    for key, w in keys.items():
        weights[names.index(key)] = w
    return weights
