"""How many freckles: `ParseResult.freckle_amount`, "light" or "heavy", beside the code (the schema's freckles are
none or some, and the code keeps its size: the trained shape regressor depends on it).  Stated words only, and only
where the code has freckles: "a few freckles", "lightly freckled", "a smattering / sprinkling / dusting of freckles",
"faint freckles" -> light; "covered in freckles", "lots of freckles", "heavily freckled", "freckles all over",
"densely freckled" -> heavy.  A negated amount says none ("not heavily freckled").

The texture draws it (params version 13's freckle_density, backend/texture/freckles.py): a few sparse dots for
light, dense ones over the cheeks, nose, forehead and a little on the neck for heavy; so no note.  Before, the
amount was read and a note said the texture drew one amount of freckles.
"""
from __future__ import annotations

import re

_FRECKLE = r"freckl\w*"
HEAVY = re.compile(r"\b(?:covered (?:in|with)|lots of|loads of|full of|a lot of|plenty of|masses of|tons of|many|"
                   r"numerous|heavy|dense|heavily|densely|very|extremely|thick|thickly) (?:\w+ )?" + _FRECKLE + r"|"
                   r"\bfreckles? (?:all over|everywhere)|\bfreckle[- ]covered")
LIGHT = re.compile(r"\b(?:a few|few|light|lightly|faint|faintly|slightly|a bit|a little|barely|sparse|sparsely|"
                   r"a smattering of|a sprinkling of|a (?:light )?dusting of|a touch of|a hint of|a handful of|"
                   r"a couple of|scattered|some light|occasional) (?:\w+ )?" + _FRECKLE)
# after the noun: "freckles, lots of them", "Freckles: heavy" (a sheet field), "freckles - a few"
_AFTER = r"\bfreckles?\s*[:,\-]\s*(?:(?:very|quite|really)\s+)?"
_CLOSES = r"(?=\s*(?:$|[,.;!|)]|of them|on |across |over |and ))"  # the amount closes its item: not "light brown hair"
HEAVY_AFTER = re.compile(_AFTER + r"(?:lots|loads|tons|heaps|masses|plenty|a lot|many|heavy|dense|numerous|"
                         r"everywhere|all over)\b" + _CLOSES)
LIGHT_AFTER = re.compile(_AFTER + r"(?:a few|few|light|faint|sparse|some light|a couple|a handful|minimal|slight)\b"
                         + _CLOSES)
_NEGATED = re.compile(r"\b(?:not|no|without|never|hardly)\s+(?:\w+\s+){0,2}$")
# a phrase left of the amount's words ("smattering", "light dusting", "covered cheeks") says nothing for CLIP
_AMOUNT_WORDS = frozenset("covered all over everywhere smattering sprinkling dusting touch hint handful "
                          "scattered lots loads tons heaps masses plenty many heavy dense numerous few light faint "
                          "sparse minimal slight".split())
_WITH = frozenset("in with of a light cheeks nose face skin across them very quite really".split())


def _loose(phrase: str) -> bool:
    words = re.findall(r"[\w']+", phrase.lower())
    return bool(words) and any(w in _AMOUNT_WORDS for w in words) and all(w in _AMOUNT_WORDS | _WITH for w in words)


def read(text: str, concrete: dict, abstract: list[str]) -> tuple[str | None, list[str], str | None]:
    """(cleaned text, code, phrases) -> (freckle_amount or None, phrases without loose amount words, a note: none,
    the texture draws the amount)."""
    if concrete.get("freckles") != "some":
        return None, abstract, None
    low = text.lower()
    found = [(m, amount) for pattern, amount in ((HEAVY, "heavy"), (LIGHT, "light"), (HEAVY_AFTER, "heavy"),
                                                 (LIGHT_AFTER, "light")) for m in pattern.finditer(low)
             if not _NEGATED.search(low[:m.start()])]
    if not found:
        return None, abstract, None
    m, amount = max(found, key=lambda f: f[0].start())  # the last said wins, as for any attribute
    abstract = [p for p in abstract if not _loose(p)]
    return amount, abstract, None
