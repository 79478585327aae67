"""Abstract phrases less the hair words the `hair` reading took (hairstyle.py): "long straight blonde hair" -> no
phrase once {length: long, volume: straight} (and the colour) are read; "a bob and a fringe" -> none.

Why: the hair mesh is built from `hair` (backend/hair/style.py) and refinement cannot change it (hair_cuts.py), so
a phrase repeating it only pushes CLIP to paint hair onto the skin of the head.  A word goes when its field is in the
reading (the reading may have settled a clash: "a short bob" is read as one length, both words are taken); what is
left stays ("messy long hair" -> "messy hair") unless the phrase ends on a taken noun ("a tight bun": none).  Adjectives go only beside a hair noun ("long face" stays).
"""
from __future__ import annotations

from .hairstyle import ADJECTIVES, HAIR_NOUNS, NOUNS
from .tokens import merge_phrases, tokenize

_FILL = frozenset("a an the his her their with and of in".split())
_VERY = frozenset({"very", "really", "extremely", "super", "incredibly"})


def drop_read_hair(phrases: list[str], hair: dict) -> list[str]:
    """`phrases` less the words the hair reading took; a phrase left with only hair nouns and fillers goes."""
    if not any(f in hair for f in ("length", "style", "volume", "fringe")) or hair.get("length") == "cropped":
        return phrases  # a crop has no mesh: it is painted, and CLIP may still refine it ("a buzz cut")
    out = []
    for phrase in phrases:
        toks = [t for t in merge_phrases(tokenize(phrase)) if not t.punct]
        if not any(t.w in HAIR_NOUNS or t.w in NOUNS for t in toks):
            out.append(phrase)
            continue
        taken = set()
        for k, t in enumerate(toks):
            said = NOUNS.get(t.w) or ADJECTIVES.get(t.w)
            if said and said[0] in hair:
                taken.add(k)
                if k and toks[k - 1].w in _VERY:
                    taken.add(k - 1)
        if not taken:
            out.append(phrase)
            continue
        rest = [t for k, t in enumerate(toks) if k not in taken]
        if all(t.w in _FILL or t.w in HAIR_NOUNS for t in rest) or len(toks) - 1 in taken:
            continue  # nothing left, or only the modifiers of a hair noun taken ("tight" of "a tight bun")
        while rest and rest[0].w in _FILL:
            rest = rest[1:]
        rest = [t for t in rest if t.w not in HAIR_NOUNS] + [t for t in rest if t.w in HAIR_NOUNS]  # "curly hair"
        out.append(" ".join(phrase[t.start:t.end] for t in rest))
    return out
