"""Abstract phrases less the hair words the `hair` reading took (hairstyle.py): "long straight blonde hair" -> no
phrase once {length: long, volume: straight} (and the colour) are read; "a bob and a fringe" -> none.

Why: the hair mesh is built from `hair` (backend/hair/style.py) and refinement cannot change it (hair_cuts.py), so
a phrase repeating it only pushes CLIP to paint hair onto the skin of the head.  A word goes when its field is in the
reading (the reading may have settled a clash: "a short bob" is read as one length, both words are taken); what is
left stays ("messy long hair" -> "messy hair"); a tied style's own modifiers stay as hair ("a messy ponytail" ->
"messy hair", "a tight bun" -> "tightly pulled-back hair"; before, they were lost), and its place is a note
(`place_notes`: "a high ponytail"; "a high bun" is the top knot, hair_cuts.py).  Adjectives go only beside a hair noun ("long face" stays).
"""
from __future__ import annotations

from .hairstyle import _FALLS, ADJECTIVES, DOWN_TO, HAIR_NOUNS, NOUNS
from .tokens import merge_phrases, tokenize

_FILL = frozenset("a an the his her their with and of in".split())
# a tied style's own modifiers ("a messy ponytail", "a tight bun"): hair/style.py has no field for them, so they stay
# for CLIP as they read before "hair" ("messy hair"); a pull's tightness is said as hair ("tightly pulled-back hair")
_TIED = frozenset(w for w, (field, _) in NOUNS.items() if field == "style")
_PULLED = {"tight": "tightly pulled-back", "tightly": "tightly pulled-back", "severe": "severely pulled-back",
           "taut": "tightly pulled-back", "scraped": "scraped-back"}
# where a ponytail or a bun sits: the mesh ties it at the back (a high bun is the top knot: hair_cuts.py), so a
# stated place is said in a note, not kept as a phrase CLIP cannot draw
PLACES = frozenset({"high", "low", "side", "nape"})
_TIED_STYLES = frozenset({"ponytail", "bun", "braid", "pigtails"})
# how hair was done, which says nothing once the style or length it was done into is read
_DOING = frozenset("pulled tied swept made cut styled worn done put gathered twisted wound that was is were into up "
                   "neatly tightly loosely always "
                   "back".split()) | _FALLS
_ENDS = frozenset(DOWN_TO) | {"to", "past", "below", "down", "her", "his", "their", "the"}  # where hair ends
_VERY = frozenset({"very", "really", "extremely", "super", "incredibly"})
# kinds of braid the mesh draws as a plain braid ("box braids" was the phrase "box hair"): taken with the braid, and
# named in a note (`place_notes`)
BRAID_KINDS = frozenset("french dutch fishtail box knotless goddess halo crown waterfall rope lemonade senegalese "
                        "micro feed feedin boho".split())
_BRAIDS = frozenset({"braid", "braids", "plait", "plaits"})
_LINKS = frozenset("are looked looks seemed seems quite fairly rather or".split())
# how many tails: the style read says it (a braid, pigtails), so "a single long braid" leaves no "single hair"
_COUNTS = frozenset("single lone one two twin twinned double pair of both".split())


def drop_read_hair(phrases: list[str], hair: dict) -> list[str]:
    """`phrases` less the words the hair reading took; a phrase left with only hair nouns and fillers goes."""
    if not any(f in hair for f in ("length", "style", "volume", "fringe")) or hair.get("length") == "cropped":
        return phrases  # a crop has no mesh: it is painted, and CLIP may still refine it ("a buzz cut")
    out = []
    for phrase in phrases:
        toks = [t for t in merge_phrases(tokenize(phrase)) if not t.punct]
        if hair.get("style") in _TIED_STYLES and toks and all(t.w in _PULLED or t.w in _FILL for t in toks) and any(
                t.w in _PULLED for t in toks):
            # "in a tight, high ponytail": the comma left "tight" alone; it is the tie's pull
            out.append(" ".join(dict.fromkeys(_PULLED[t.w] for t in toks if t.w in _PULLED)) + " hair")
            continue
        if any(t.w in HAIR_NOUNS for t in toks) and all(t.w in _FILL or t.w in HAIR_NOUNS or t.w in _DOING
                                                       for t in toks):
            continue  # "hair pulled (into a bun)", "hair that was made (into braids)": the doing, the style is read
        if "length" in hair and any(t.w in DOWN_TO for t in toks) and all(
                t.w in _FILL or t.w in HAIR_NOUNS or t.w in _DOING or t.w in _ENDS for t in toks):
            continue  # "hair that falls to her shoulders", "(fell in waves to her) waist": the length, read
        if toks and all(t.w in _FILL or t.w in _VERY or t.w in _DOING or t.w in ADJECTIVES and ADJECTIVES[t.w][0] in hair
                        for t in toks) and (any(t.w in ADJECTIVES for t in toks) or hair.get("style") in _TIED_STYLES):
            continue  # the hair's words after its noun, read ("red hair, long and curly": "long and curly")
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
                if t.w in _BRAIDS and k and toks[k - 1].w in BRAID_KINDS:
                    taken.add(k - 1)  # "box braids": the kind goes with the braid (a note names it)
        if not taken:
            out.append(phrase)
            continue
        rest = [t for k, t in enumerate(toks) if k not in taken]
        if toks[0].w in HAIR_NOUNS and toks[0].w not in NOUNS and 0 not in taken:
            # the hair's words after its noun ("hair was thick and curly", "hair, long and messy"): what is left,
            # as it reads before the noun ("thick hair"); before, "thick" went with the read words
            looks = [phrase[t.start:t.end] for t in rest[1:] if t.w not in _FILL and t.w not in _DOING
                     and t.w not in _VERY and t.w not in _LINKS and t.w not in HAIR_NOUNS]
            if looks:
                out.append(" ".join(looks) + " " + phrase[toks[0].start:toks[0].end].lower())
            continue
        if toks[-1].w in _TIED and len(toks) - 1 in taken:  # "a messy ponytail" -> "messy hair"
            looks = [_PULLED.get(t.w, phrase[t.start:t.end]) for t in rest if t.w not in _FILL and t.w not in
                     HAIR_NOUNS and t.w not in PLACES and t.w not in _VERY and t.w not in _COUNTS]
            if looks:
                out.append(" ".join(dict.fromkeys(looks)) + " hair")
            continue
        if all(t.w in _FILL or t.w in HAIR_NOUNS for t in rest) or len(toks) - 1 in taken:
            continue  # nothing left, or only the modifiers of a hair noun taken
        while rest and rest[0].w in _FILL:
            rest = rest[1:]
        rest = [t for t in rest if t.w not in HAIR_NOUNS] + [t for t in rest if t.w in HAIR_NOUNS]  # "curly hair"
        out.append(" ".join(phrase[t.start:t.end] for t in rest))
    return out


def place_notes(tokens, cleaned: str, hair: dict) -> list[str]:
    """"a high ponytail", "a low bun": where the tie sits is not modelled (the mesh ties a ponytail and a bun at the
    back of the head; a high bun is the top knot) -> one note each, so the word is not lost silently."""
    words = [t.w for t in tokens]
    notes = []
    for k, w in enumerate(words):
        if w in _TIED and hair.get("style") and k and words[k - 1] in PLACES - {"nape"} and not (
                w == "bun" and hair.get("cut") == "top_knot"):
            said = cleaned[tokens[k - 1].start:tokens[k].end]
            notes.append(f"hairstyle not modelled: the place of {'an' if said[0] in 'aeiou' else 'a'} {said} (the "
                         f"hair mesh ties it at the back of the head); move it in Blender")
        if w in _BRAIDS and hair.get("style") in ("braid", "pigtails") and k and words[k - 1] in BRAID_KINDS:
            said = cleaned[tokens[k - 1].start:tokens[k].end]
            notes.append(f"hairstyle not modelled: the kind of braid in {said!r} (the hair mesh draws plain "
                         f"braids); restyle them in Blender")
    return notes
