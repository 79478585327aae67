"""The stated eyeliner: `ParseResult.eyeliner`, beside the code (the schema's one `makeup` amount covers the whole face;
the code keeps its size).  {"amount": "none" | "light" | "heavy", "color": one of COLORS, only where stated}.

"heavy / thick / bold / dramatic / lots of eyeliner", "heavily lined eyes" -> heavy; "thin / subtle / light / a touch
of eyeliner" -> light; "no eyeliner", "without eyeliner" -> none; an eyeliner with no amount word takes the code's
make-up amount where it is light or heavy ("heavy makeup and eyeliner": heavy), else light.  "black / dark eyeliner",
"kohl" (black by itself), "blue eyeliner" -> the colour.  "lip liner" and a bare "liner" (an ocean liner) are no eyeliner.  The last said wins.

The texture paints from it where present (backend/texture); the read colour and amount words leave the CLIP phrase
("heavy black eyeliner" was the phrase "black eyeliner"), what the field cannot hold stays ("winged eyeliner").
"""
from __future__ import annotations

import re

COLORS = ("black", "brown", "gray", "blue", "green", "purple", "white", "gold", "silver")
_COLOR_WORDS = {"black": "black", "dark": "black", "jet": "black", "inky": "black", "brown": "brown",
                "grey": "gray", "gray": "gray", "charcoal": "gray", "blue": "blue", "navy": "blue", "teal": "blue",
                "green": "green", "emerald": "green", "purple": "purple", "violet": "purple", "plum": "purple",
                "white": "white", "gold": "gold", "golden": "gold", "silver": "silver"}
_HEAVY = frozenset("heavy heavily thick thickly bold boldly dramatic lots loads lot plenty tons smudged smeared "
                   "smoky thickest heavier".split())
_LIGHT = frozenset("thin thinly fine subtle subtly light lightly touch hint bit little minimal soft faint delicate "
                   "barely slight".split())
_NOUN = re.compile(r"\b(eye[\s-]?liner|kohl)\b")  # not a bare "liner" (an ocean liner, lip liner)
_LINED = re.compile(r"\b(heavily|thickly|darkly|thinly|lightly)[\s-]+(?:lined|rimmed)\s+eyes\b")
_NEGATED = re.compile(r"\b(?:no|without|not|never|nor)\s+(?:\w+\s+){0,2}$")
_STOPS = frozenset("with and has had have wears wearing wore in of her his their a an the".split()) - {"of"}
_WORD = re.compile(r"[\w']+")


def read(text: str, concrete: dict) -> dict:
    """Cleaned text and the code -> {"amount", "color"?} or {} when no eyeliner is said."""
    low = text.lower()
    found: list[tuple[int, dict]] = []
    for m in _NOUN.finditer(low):
        before = low[max(0, m.start() - 40):m.start()]
        if _NEGATED.search(before):
            found.append((m.start(), {"amount": "none"}))
            continue
        words = _WORD.findall(before)[-4:]
        cut = 0
        for i, w in enumerate(words):  # the eyeliner's own words: after "with", "wears", "her" ("a touch of" stays)
            if w in _STOPS and not (w == "a" and i + 1 < len(words) and words[i + 1] in ("touch", "hint", "bit", "lot",
                                                                                         "little")):
                cut = i + 1
        words = words[cut:]
        out: dict = {}
        amount = next((a for w in reversed(words) for a, s in (("heavy", _HEAVY), ("light", _LIGHT)) if w in s), None)
        color = next((_COLOR_WORDS[w] for w in reversed(words) if w in _COLOR_WORDS), None)
        if m.group(1) == "kohl" and not color:
            color = "black"  # kohl is black
        out["amount"] = amount or (concrete.get("makeup") if concrete.get("makeup") in ("light", "heavy") else "light")
        if color:
            out["color"] = color
        found.append((m.start(), out))
    for m in _LINED.finditer(low):
        word = m.group(1)
        out = {"amount": "light" if word in ("thinly", "lightly") else "heavy"}
        if word == "darkly":
            out["color"] = "black"
        found.append((m.start(), out))
    return max(found, key=lambda f: f[0])[1] if found else {}


_PHRASE_DROP = frozenset(_COLOR_WORDS) | _HEAVY | _LIGHT | {"of", "a", "and", "with", "eyeliner", "liner", "kohl",
                                                          "eye", "eyes", "lined", "rimmed", "heavily", "thickly"}


_LOOSE = frozenset("a touch hint bit lot lots loads plenty tons little of".split())


def drop_phrases(phrases: list[str], eyeliner: dict) -> list[str]:
    """The phrases for CLIP less the eyeliner words the field holds: a phrase of them only goes ("black eyeliner"),
    one with more keeps the rest and its noun ("winged black eyeliner" -> "winged eyeliner")."""
    if not eyeliner:
        return phrases
    out = []
    for p in phrases:
        words = _WORD.findall(p)
        low = [w.lower() for w in words]
        if not (_NOUN.search(p.lower()) or _LINED.search(p.lower())):
            if not all(w in _LOOSE for w in low):  # "a touch of eyeliner" left the phrase "touch"
                out.append(p)
            continue
        if all(w in _PHRASE_DROP for w in low):
            continue
        held = "|".join(sorted(frozenset(_COLOR_WORDS) | _HEAVY | _LIGHT))
        rest = re.sub(rf"(?<![\w-])(?:{held})(?![\w-])\s*", "", p, flags=re.IGNORECASE)  # "cat-eye" keeps its hyphen
        out.append(re.sub(r"\s+", " ", rest).strip())
    return out
