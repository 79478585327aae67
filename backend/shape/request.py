"""What the shape stage is drawn from, beyond the stated attributes: the ancestry's implied shape attributes
(ancestry_prior.py) and the stated face fullness's identity offset (fullness.py, with cheek_hollow.py's for a lean
face), face_bones.py's for stated cheekbones and brow ridge, heart_shape.py's for a heart-shaped face, plus
age_shape.py's for stated (or grey-implied) years past 70.  The pipeline calls `shape_request`; with none of these
it returns the stated attributes as they are and no offset, so the head is the same bits as before."""
from __future__ import annotations

from ..errors import TextFaceError
from ..texture.beard_age import implied_class
from .age_shape import age_offset, age_step
from .ancestry_prior import with_ancestry
from .cheek_hollow import hollow_offset
from .face_bones import bone_offset, check_bones
from .fullness import fullness_offset
from .heart_shape import heart_offset


class ShapeRequestError(TextFaceError, ValueError):
    """An offset is asked for and no face model was given."""


def drawn_attributes(parsed, seed: int) -> tuple[dict, dict, int | None]:
    """A ParseResult -> (attributes to draw the identity from, head.json's additions as `shape_request`'s, the years
    that age the shape: stated, else grey hair's implied years, else None).  Needs no face model."""
    concrete = parsed.concrete
    aged = (implied_class(concrete, parsed.denied, seed, getattr(parsed, "hair_grey", None))  # the texture's draw
            if getattr(parsed, "age_years", None) is None else None)
    if aged:  # before the ancestry's prior, which leaves a stated age's proxy features to the age
        concrete = {**concrete, "age": aged[0]}
    concrete, implied = with_ancestry(concrete, seed, parsed.denied)
    years = getattr(parsed, "age_years", None)
    return concrete, (({"implied_shape": implied} if implied else {})
                      | ({"implied_age": {"age": aged[0], "years": aged[1]}} if aged else {})), \
        years if years is not None else (aged[1] if aged else None)


def shape_request(parsed, seed: int, model) -> tuple[dict, object, dict]:
    """A ParseResult -> (attributes to draw the identity from, identity offset or None, what to add to head.json's
    `parsed`: {"implied_shape": {...}} where the ancestry implied some, {"implied_age": {"age", "years"}} where a
    stated grey hair or beard with no age did: texture/beard_age.py, whose years the texture draws too, and whose
    years past 70 age the shape as stated years do).  `model` may be None only where no offset is asked."""
    concrete, record, years = drawn_attributes(parsed, seed)
    if model is None and (getattr(parsed, "fullness", {}) or check_bones(getattr(parsed, "facial_hair", {}))
                          or parsed.concrete.get("face_shape") == "heart" or age_step(years) > 0):
        raise ShapeRequestError("shape_request needs the face model to draw this description's shape offsets "
                                "(fullness, cheekbones, brow ridge, heart shape or age past 70); "
                                "drawn_attributes(parsed, seed) gives the attributes alone")
    fullness = getattr(parsed, "fullness", {})
    offset = fullness_offset(model, fullness, parsed.concrete)
    hollow = hollow_offset(model, fullness, offset)  # a lean face's cheeks sink below the cheekbone
    if hollow is not None:
        offset = offset + hollow
    bones = bone_offset(model, getattr(parsed, "facial_hair", {}))  # high cheekbones, a heavy brow ridge
    if bones is not None:
        offset = bones if offset is None else offset + bones
    heart = heart_offset(model, parsed.concrete)  # a heart shape's pointed chin, a woman's too
    if heart is not None:
        offset = heart if offset is None else offset + heart
    # jowls, thin lips past 70: stated years, else the years grey hair or a grey beard implied (the texture's too)
    aged_shape = age_offset(model, years, parsed.concrete)
    if aged_shape is not None:
        offset = aged_shape if offset is None else offset + aged_shape
    return concrete, offset, record
