"""Facial hair implies a man: "a grey mustache and a bald head" is a man's face, as the texture already treats it.

Before, the gender stayed unset, so the shape could be a woman's face under a black mustache.  Implied, so any
gender statement wins or stops it: "a bearded woman" stays a woman, "she has a goatee" is a woman (the pronoun), and
"neither a man nor a woman" says none; "no beard" (beard none) implies nothing.  Nor does a text that opens with
"with", "and" or "plus": it continues a description given elsewhere (refine's "with a red beard" on a woman's head),
whose gender it does not say.
"""
from __future__ import annotations

from .resolve import Statement

GROWTH = frozenset({"stubble", "mustache", "goatee", "full"})  # schema beard values that are hair on the face


_CONTINUING = frozenset({"with", "and", "plus", "also", "&"})


def imply_male(concrete: dict[str, str], statements: list[Statement], first_word: str = "") -> dict[str, str]:
    """`concrete` with gender male added when the beard drawn is growth and nothing was said of the gender."""
    if concrete.get("beard") not in GROWTH or "gender" in concrete or any(s.attr == "gender" for s in statements) or (
            first_word in _CONTINUING):
        return concrete
    return {"gender": "male", **concrete}  # gender is the schema's first attribute: the order stays the schema's
