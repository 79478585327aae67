"""Character types whose usual look includes something the code models: "a wizard" (old, bearded), "a viking"
(bearded), "a monk" (shaved head).

The noun is a look for CLIP (lexicon.ROLES, lexicon.LOOK_PERSONS), and nothing more is assumed from it: a wizard may
be young and clean-shaven, a monk long-haired, and an attribute guessed from a type would override the seed without
the user having said it.  But without CLIP weights, or where refinement cannot draw it (the beard is the texture's,
set from the code), "a wizard" alone would give a clean-shaven young man with no word why, so a note names what was
not assumed and how to say it.  No note once the attribute is stated ("an old wizard with a long white beard").
"""
from __future__ import annotations

import re

# word -> ((attribute, how the note names it), ...), the example that states them
_TYPES = {
    **{w: ((("age", "an age"), ("beard", "a beard")), "an old wizard with a long white beard")
       for w in ("wizard", "wizards", "sorcerer", "warlock", "mage", "druid")},
    **{w: ((("beard", "a beard"),), "a viking with a braided red beard") for w in ("viking", "vikings", "dwarf")},
    **{w: ((("scalp_hair", "a shaved head"),), "a monk with a shaved head") for w in ("monk", "monks")},
}


def notes(abstract: list[str], concrete: dict) -> list[str]:
    """The CLIP phrases, the resolved code -> a note per type named in a phrase (so the subject's, not one set aside
    or someone else's) whose usual attributes are unstated."""
    out = []
    said = {w for p in abstract for w in re.findall(r"[a-z]+", p.lower())}
    for word in dict.fromkeys(w for w in _TYPES if w in said):
        pairs, example = _TYPES[word]
        missing = [name for attr, name in pairs if attr not in concrete]
        if missing:
            out.append(f"'{word}' is kept as a look for CLIP; {' or '.join(missing)} is not assumed from it "
                       f"(state it if wanted: '{example}')")
    return out
