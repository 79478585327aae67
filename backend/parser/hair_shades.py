"""Compound and shade hair colours said once what of them is drawn: the code's hair_color has five values (black,
brown, blond, red, gray), so "silver-blonde", "strawberry-blonde", "ash-blonde", "platinum", "dirty blonde",
"reddish-brown" are drawn as the nearest (the lexicon's reading) and a note names what is dropped: "hair colour 'silver-blonde' is drawn as blond (its silver is not modelled)".  Before, each was the plain
colour with no word.  A compound whose words are all that colour says nothing ("auburn-red", "golden blonde", "jet
black"); nor does a colour said of the beard or brows (their own fields), nor a colour the code does not keep
(negated, lost to a contradiction: that has its own warning).  "salt-and-pepper" says nothing here: the texture
draws it as said, a 25-50 % grey mix (greying.read_amount's hair_grey "salt_pepper", texture params v19); before,
a note said its share of dark hairs followed the age.
"""
from __future__ import annotations

import re

from .features import HAIR_COLORS

_NAMES = {"gray": "grey", "blond": "blond", "black": "black", "brown": "brown", "red": "red"}
# shades whose tint no hair colour holds, whatever colour they go with
_PURE_TINTS = {"platinum": "near-white", "ash": "ashy grey tint", "ashy": "ashy grey tint",
               "dirty": "dull darker shade"}
# how a note names a dropped word of another colour
_DROPPED = {"strawberry": "red tint", "reddish": "red tint", "brownish": "brown tint", "golden": "golden tint",
            "honey": "golden tint", "sandy": "sandy tint", "copper": "copper red", "coppery": "copper red",
            "auburn": "auburn red", "ginger": "ginger red", "silvery": "silver", "blonde": "blond", "grey": "grey",
            "gray": "grey", "chestnut": "chestnut brown", "mousy": "mousy brown", "mousey": "mousy brown"}
_PART = r"(?:blonde?|brown|red|gr[ae]y|black|white|silver|silvery|ginger|auburn|copper|coppery|golden|honey|sandy|" \
        r"reddish|brownish|strawberry|ash|ashy|platinum|dirty|chestnut|mousy|mousey|brunette)"  # ("dark brown": a shade)
# what the colour is said of: scalp hair or a person ("a strawberry-blonde woman", "a platinum blonde")
_OF = r"(?=(?:[\s,-]+(?:long|short|curly|wavy|straight|thick|thin|messy|shoulder-length|very))*[\s-]+" \
      r"(?:hair|haired|locks|curls|mane|ponytail|bun|braids?|bob|tresses|woman|man|girl|boy|lady|guy|person)\b|" \
      r"\s*(?:$|[,.;|)]))"
_COMPOUND = re.compile(rf"\b({_PART})(?:-| |-and-| and | & |-n-| n )({_PART})\b{_OF}")
_PLATINUM = re.compile(r"\bplatinum(?:[\s-]+(?:blonde?))?\b" + _OF)
_FACIAL = re.compile(r"(?:beard|stubble|mustache|moustache|goatee|eyebrows|brows)\W*$")  # "Beard: salt & pepper"


def _colour(word: str) -> str | None:
    word = {"blonde": "blond", "grey": "gray", "ginger": "red", "brunette": "brown"}.get(word, word)
    pairs = HAIR_COLORS.get(word)
    return pairs[0][1] if pairs else None


def notes(text: str, concrete: dict) -> list[str]:
    """Cleaned text and the code -> the notes for hair colours whose words say more than hair_color holds."""
    drawn = concrete.get("hair_color")
    if not drawn:
        return []
    low = text.lower()
    out: list[str] = []
    said = [(m.start(), m.group(0), m.group(1), m.group(2)) for m in _COMPOUND.finditer(low)
            if not _FACIAL.search(low[max(0, m.start() - 12):m.start()])]
    said += [(m.start(), m.group(0), "platinum", "") for m in _PLATINUM.finditer(low)
             if not any(s <= m.start() < s + len(p) for s, p, _, _ in said)]
    for _, phrase, first, second in sorted(said):
        if {first, second} <= {"salt", "pepper"}:
            continue
        words = [w for w in (first, second) if w]
        colours = [_colour(w) for w in words]
        if drawn not in colours:
            continue  # said of something else, or not the colour kept
        dropped = [_PURE_TINTS.get(w) or (_DROPPED.get(w, w) if c and c != drawn else None)
                   for w, c in zip(words, colours)]
        dropped = [d for d in dropped if d]
        if dropped:
            phrase = text[low.index(phrase):low.index(phrase) + len(phrase)]
            out.append(f"hair colour {phrase!r} is drawn as {_NAMES[drawn]} (its {' and '.join(dropped)} "
                       f"is not modelled)")
    return list(dict.fromkeys(out))
