"""Origin words that name no one ancestry of the schema but a skin tone range: "Mediterranean" (olive) and
"mixed-race" / "biracial" / "multiracial" (a mid tone, medium).

They ride on the ancestry words' reading (lexicon.ANCESTRY: before a person noun, as a list item of their own, in an
"Ethnicity:" field) with a marked value, and become an implied `skin_tone` here, so a stated tone wins quietly ("a
Mediterranean man with pale skin": very-fair).  Why a tone and not an ancestry: the schema's ancestries (black, white,
east-asian, south-asian, hispanic, middle-eastern) have none for either (demonyms.py leaves Italian and Greek unset,
between the white and middle-eastern priors), and the schema's attribute code must keep its size; olive is the tone
named for a Mediterranean complexion, and medium the schema's mid tone.  The word stays a phrase for CLIP, as
ancestry words do.  Before, both said nothing, and "a mixed-race woman" could get the palest skin of a crowd.
"""
from __future__ import annotations

from dataclasses import replace

from .resolve import Statement

_MARK = "tone:"  # an ANCESTRY value that is a skin tone, not an ancestry
TONES = {"mediterranean": "olive", "mixed_race": "medium", "biracial": "medium", "multiracial": "medium",
         "mixed_heritage": "medium"}
ANCESTRY_WORDS = {w: _MARK + tone for w, tone in TONES.items()}  # merged into lexicon.ANCESTRY
PHRASES = {("mixed", "race"): "mixed_race", ("mixed", "heritage"): "mixed_heritage"}  # merged into lexicon.MWE


def as_tones(statements: list[Statement]) -> list[Statement]:
    """Marked ancestry statements -> implied skin tones; a denied one ("not Mediterranean") says nothing."""
    out = []
    for s in statements:
        if s.attr == "ancestry" and (str(s.value).startswith(_MARK) or str(s.denied).startswith(_MARK)):
            if s.value is not None and s.denied is None:
                out.append(replace(s, attr="skin_tone", value=s.value[len(_MARK):], explicit=False, degree=None))
            continue
        out.append(s)
    return out
