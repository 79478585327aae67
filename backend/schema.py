"""The attribute schema: the contract between the parser, the synthesis stages and evaluation.

The descriptive code is a fixed-size one-hot layout (attributes x max options) with a mask for
"not mentioned", as in Describe3D.  Values are ordered low -> high where an order exists, so
`index / (n - 1)` is a meaningful scalar for ordinal attributes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

import numpy as np


@dataclass(frozen=True)
class Attribute:
    name: str
    values: tuple[str, ...]
    kind: str  # "condition" (both stages), "shape", "texture" or "prior" (weights a texture draw only)
    ordinal: bool  # True when values run low -> high


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("gender", ("male", "female"), "condition", False),
    Attribute("age", ("young", "middle-aged", "old"), "condition", True),
    Attribute("face_shape", ("oval", "round", "square", "long", "heart", "diamond"), "shape", False),
    Attribute("face_width", ("narrow", "medium", "wide"), "shape", True),
    Attribute("chin", ("receding", "medium", "prominent"), "shape", True),
    Attribute("eye_size", ("small", "medium", "big"), "shape", True),
    Attribute("eye_distance", ("close", "medium", "wide"), "shape", True),
    Attribute("eye_tilt", ("down", "level", "up"), "shape", True),
    Attribute("nose_length", ("short", "medium", "long"), "shape", True),
    Attribute("nose_width", ("narrow", "medium", "wide"), "shape", True),
    Attribute("nose_bridge", ("low", "medium", "high"), "shape", True),
    Attribute("nose_tip", ("upturned", "straight", "hooked"), "shape", True),
    Attribute("mouth_width", ("narrow", "medium", "wide"), "shape", True),
    Attribute("lip_thickness", ("thin", "medium", "full"), "shape", True),
    # wistful: a sad smile (a blend, not smile and sad contradicting); yawn: jaw wide, eyes squeezed (appended last)
    Attribute("expression", ("neutral", "smile", "frown", "surprise", "anger", "laugh", "sad", "disgust", "fear",
                             "smirk", "pout", "wistful", "yawn"), "shape", False),
    # what the eyelids do, whatever the mouth does ("laughing with her eyes closed", "winking"); heavy: upper
    # lids half lowered, as when tired (appended last: earlier values keep their index)
    Attribute("eyelids", ("open", "wide", "squint", "closed", "wink", "heavy"), "shape", False),
    # how far the mouth is open, whatever the expression does with the lips ("smiling with her mouth open",
    # "lips parted"): its own jaw keys win over the expression's (backend/shape/expression.py)
    Attribute("mouth", ("closed", "parted", "open"), "shape", True),
    Attribute("skin_tone", ("very-fair", "fair", "medium", "olive", "brown", "dark"), "texture", True),
    Attribute("hair_color", ("black", "brown", "blond", "red", "gray"), "texture", False),
    Attribute("eyebrow_density", ("sparse", "medium", "thick"), "texture", True),
    Attribute("eye_color", ("brown", "hazel", "green", "blue", "gray"), "texture", False),
    Attribute("beard", ("none", "stubble", "mustache", "goatee", "full"), "texture", False),
    # the colour of the beard (stubble, mustache, goatee) when it is stated apart from the scalp's ("grey
    # stubble", "a red beard"); unstated, the beard takes hair_color's pigment (backend/texture/params.py)
    Attribute("beard_color", ("black", "brown", "blond", "red", "gray"), "texture", False),
    Attribute("makeup", ("none", "light", "heavy"), "texture", True),
    Attribute("lip_color", ("natural", "pale", "red"), "texture", False),
    Attribute("freckles", ("none", "some"), "texture", True),
    # darkening below the lower lids (periorbital hyperpigmentation, "dark circles", "bags under the eyes")
    Attribute("under_eyes", ("none", "shadows", "dark"), "texture", True),
    # hair on the scalp, painted into the albedo (the ICT mesh has no hair): a full head of hair, a receded
    # hairline, male-pattern balding (thin crown, temples back), bald, or shaved (stubble where hair grows)
    Attribute("scalp_hair", ("full", "receding", "balding", "bald", "shaved"), "texture", False),
    # the described ancestry: no value of its own in any code or label, it makes the skin tones that go
    # with it likelier when no skin tone is stated (backend/texture/params.py TONE_GIVEN)
    Attribute("ancestry", ("black", "white", "east-asian", "south-asian", "hispanic", "middle-eastern"), "prior",
              False),
)

BY_NAME: Mapping[str, Attribute] = {a.name: a for a in ATTRIBUTES}
NAMES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES)
MAX_OPTIONS: int = max(len(a.values) for a in ATTRIBUTES)
SHAPE_ATTRIBUTES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES if a.kind == "shape")
TEXTURE_ATTRIBUTES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES if a.kind == "texture")
CONDITION_ATTRIBUTES: tuple[str, ...] = tuple(a.name for a in ATTRIBUTES if a.kind == "condition")


class SchemaError(ValueError):
    """An attribute name or value outside the schema."""


def check(concrete: Mapping[str, str]) -> None:
    """Raise SchemaError naming the valid choices when `concrete` leaves the schema."""
    for name, value in concrete.items():
        attr = BY_NAME.get(name)
        if attr is None:
            raise SchemaError(f"unknown attribute {name!r}; valid: {', '.join(NAMES)}")
        if value not in attr.values:
            raise SchemaError(f"unknown value {value!r} for {name}; valid: {', '.join(attr.values)}")


def encode(concrete: Mapping[str, str]) -> tuple[np.ndarray, np.ndarray]:
    """Concrete attributes -> (one-hot (A, M) float32, mask (A,) bool: True where stated)."""
    check(concrete)
    onehot = np.zeros((len(ATTRIBUTES), MAX_OPTIONS), np.float32)
    mask = np.zeros(len(ATTRIBUTES), bool)
    for i, attr in enumerate(ATTRIBUTES):
        value = concrete.get(attr.name)
        if value is not None:
            onehot[i, attr.values.index(value)] = 1.0
            mask[i] = True
    return onehot, mask


def decode(onehot: np.ndarray, mask: np.ndarray) -> dict[str, str]:
    """Inverse of `encode` (argmax per stated attribute)."""
    out = {}
    for i, attr in enumerate(ATTRIBUTES):
        if mask[i]:
            out[attr.name] = attr.values[int(np.argmax(onehot[i, : len(attr.values)]))]
    return out
