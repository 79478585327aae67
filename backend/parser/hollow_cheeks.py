"""Hollow cheeks (`ParseResult.fullness["cheeks"] == "hollow"`): the words that say the cheek sinks below the
cheekbone, which shape/cheek_hollow.py draws (4.5 mm per degree against a plain lean face's 1.5 mm).  Hollow or
sunken cheeks say it themselves; gaunt, emaciated, skeletal, cadaverous and wasted say it of the whole face.  Once
the field carries it the phrase "hollow cheeks" leaves CLIP's phrases (the shape draws it; before, without CLIP
weights nothing happened beyond a thin face)."""
from __future__ import annotations

import re

HOLLOW_BY_ITSELF = frozenset({"gaunt", "gaunter", "emaciated", "skeletal", "cadaverous", "wasted"})
HOLLOW_BEFORE_CHEEKS = frozenset({"hollow", "sunken"})  # only before the cheeks / face: "hollow cheeks"
_CHEEKS = frozenset({"cheeks", "cheek", "cheeked", "face", "faced"})


def says_hollow(word: str, after: str) -> bool:
    """Word (read as lean) followed by `after` says the cheeks are hollow."""
    return word in HOLLOW_BY_ITSELF or (word in HOLLOW_BEFORE_CHEEKS and after in _CHEEKS)


_DEGREES = frozenset({"very", "slightly", "deeply", "quite", "rather", "extremely", "somewhat"})
_JOINERS = frozenset({"and", "or", "but", "yet"})
_WORD = re.compile(r"[\w'-]+")


def drop_phrases(abstract: list[str], fullness: dict) -> list[str]:
    """CLIP phrases without the words the hollow-cheeks field now carries: "hollow cheeks" goes, "hollow-cheeked and
    cruel" keeps "cruel"."""
    if fullness.get("cheeks") != "hollow":
        return abstract
    out = []
    for p in abstract:
        words = _WORD.findall(p)
        low = [w.lower() for w in words]
        used = set()
        for i, w in enumerate(low):
            parts = w.split("-")
            if (len(parts) == 2 and parts[0] in HOLLOW_BEFORE_CHEEKS and parts[1] in _CHEEKS) or w in HOLLOW_BY_ITSELF:
                used.add(i)  # "hollow-cheeked"; "Gaunt" of "Gaunt, sunken cheeks"
            elif w in HOLLOW_BEFORE_CHEEKS and i + 1 < len(low) and low[i + 1] in _CHEEKS:
                used |= {i, i + 1}
        for i in sorted(used):
            if i > 0 and low[i - 1] in _DEGREES:
                used.add(i - 1)
        if not used:
            out.append(p)
            continue
        rest = [w for i, w in enumerate(words) if i not in used
                and not (low[i] in _JOINERS and (i - 1 in used or i + 1 in used))]
        while rest and rest[0].lower() in ("a", "an", "with", "his", "her", "their", "the"):
            rest = rest[1:]
        if rest:
            out.append(" ".join(rest))
    return out
