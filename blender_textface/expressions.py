"""The ICT Face Model's 53 ARKit-named expressions, as the backend's head files name them, and the weights
the backend takes (backend/limits.py EXPRESSION_RANGE; tests/blender compare both with the backend).

Refine Selected sends the pose the head shows: only these keys are expressions; keys a user adds to a
head (correctives, their own shapes) are not sent (the backend refuses names it does not know)."""
from __future__ import annotations

EXPRESSION_RANGE = (0.0, 1.0)  # inclusive
EXPRESSION_NAMES = (
    "browDown_L", "browDown_R", "browInnerUp_L", "browInnerUp_R", "browOuterUp_L", "browOuterUp_R",
    "cheekPuff_L", "cheekPuff_R", "cheekSquint_L", "cheekSquint_R", "eyeBlink_L", "eyeBlink_R",
    "eyeLookDown_L", "eyeLookDown_R", "eyeLookIn_L", "eyeLookIn_R", "eyeLookOut_L", "eyeLookOut_R",
    "eyeLookUp_L", "eyeLookUp_R", "eyeSquint_L", "eyeSquint_R", "eyeWide_L", "eyeWide_R", "jawForward",
    "jawLeft", "jawOpen", "jawRight", "mouthClose", "mouthDimple_L", "mouthDimple_R", "mouthFrown_L",
    "mouthFrown_R", "mouthFunnel", "mouthLeft", "mouthLowerDown_L", "mouthLowerDown_R", "mouthPress_L",
    "mouthPress_R", "mouthPucker", "mouthRight", "mouthRollLower", "mouthRollUpper", "mouthShrugLower",
    "mouthShrugUpper", "mouthSmile_L", "mouthSmile_R", "mouthStretch_L", "mouthStretch_R", "mouthUpperUp_L",
    "mouthUpperUp_R", "noseSneer_L", "noseSneer_R",
)


def current_expression(key_blocks) -> tuple[dict[str, float], list[str]]:
    """The expression weights a head shows now, from its shape keys: {name: weight} without the zero ones
    (as the backend writes them; a muted or deleted key is 0), and one line per value outside 0..1 (a
    slider the user widened), which is sent clamped: the backend renders weights within 0..1 only.  The
    values, whatever the shape key lock shows (refine.refine_request says so); Blender keeps a value within
    its slider's range, so a narrowed slider is read as the head shows it."""
    lo, hi = EXPRESSION_RANGE
    weights, clamped = {}, []
    for name in EXPRESSION_NAMES:
        block = key_blocks.get(name)
        value = 0.0 if block is None or block.mute else float(block.value)
        if not lo <= value <= hi:
            sent = min(max(value, lo), hi)
            clamped.append(f"{name} {value:.3g} as {sent:g}")
            value = sent
        if value != 0.0:
            weights[name] = value
    return weights, clamped
