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
# a phrase of only these words says nothing the field does not: "very hollow cheeks", "hollow-cheeked"
_PHRASE_WORDS = HOLLOW_BEFORE_CHEEKS | _CHEEKS | frozenset({"very", "slightly", "deeply", "quite", "rather",
                                                            "extremely", "a", "bit", "somewhat", "and", "with"})


def says_hollow(word: str, after: str) -> bool:
    """Word (read as lean) followed by `after` says the cheeks are hollow."""
    return word in HOLLOW_BY_ITSELF or (word in HOLLOW_BEFORE_CHEEKS and after in _CHEEKS)


def drop_phrases(abstract: list[str], fullness: dict) -> list[str]:
    """CLIP phrases without those the hollow-cheeks field now carries ("hollow cheeks", "sunken cheeks")."""
    if fullness.get("cheeks") != "hollow":
        return abstract
    return [p for p in abstract if not set(re.findall(r"[a-z]+", p.lower())) <= _PHRASE_WORDS]
