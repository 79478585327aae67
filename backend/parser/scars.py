"""Where the scars are and how many: `ParseResult.scar`, beside the code (the schema has no scar; the code keeps its
size).  {"count": n, "places": [...]}, places in the order said, each one of PLACES: "left_cheek", "right_cheek",
"cheek" (side unstated), "forehead", "left_eyebrow", "right_eyebrow", "eyebrow", "lip", "chin".  Left and right are
the person's own ("his left cheek").  A scar over or across an eye crosses its brow, so it is that eyebrow.  `count`
is a number said ("two scars" 2), else the places named, else 1 ("a scar", "scarred") or 2 for a plural ("scars").
A negated scar says nothing ("no scars", "without a scar", "not scarred", a sheet's "Scars: none").

The texture paints from it where it is present (backend/texture); until that lands the not-modelled note stays
(not_modelled.py: "a scar (not painted on the skin yet; add it in Blender)").
"""
from __future__ import annotations

import re

PLACES = ("left_cheek", "right_cheek", "cheek", "forehead", "left_eyebrow", "right_eyebrow", "eyebrow", "lip", "chin")
_PART = {"cheek": "cheek", "cheeks": "cheek", "cheekbone": "cheek", "forehead": "forehead", "brow": "eyebrow",
         "eyebrow": "eyebrow", "eyebrows": "eyebrow", "eye": "eyebrow", "lip": "lip", "lips": "lip", "chin": "chin"}
_PART_WORD = r"(cheekbone|cheeks?|forehead|eyebrows?|brow|eye|lips?|chin)"
_SIDE = r"(?:(left|right)[\s-]+)?"
_NUMBERS = {"a": 1, "one": 1, "single": 1, "two": 2, "twin": 2, "three": 3, "four": 4, "five": 5, "several": 3,
            "many": 4, "multiple": 3, "numerous": 4}
# a scar word with up to three words before it ("two thin white scars", "a jagged left-cheek scar")
_SCAR = re.compile(r"\b((?:[\w-]+\s+){0,3})(scars?|scarred|scar-faced)\b")
# where it is, after it: "across his left cheek", "on her forehead and chin", "through the right eyebrow"
_AFTER = re.compile(r"\s*(?:(?:running|that runs|runs|cutting|cut)\s+)?(?:on|across|over|through|along|down|above|"
                    r"under|below|at|in)\s+(?:(?:his|her|their|the|its|one|a)\s+)?" + _SIDE + _PART_WORD)
_AND = re.compile(r"\s*(?:,|and|,\s*and)\s+(?:(?:his|her|their|the|one|a|on|across|over)\s+){0,2}" + _SIDE
                  + _PART_WORD + r"\b")
_BEFORE = re.compile(_SIDE + _PART_WORD + r"[\s-]+$")  # "a forehead scar", "a left-cheek scar"
_STOPS = frozenset("with has had have and or of his her their man woman person face".split())
_LABEL_NONE = re.compile(r"\s*[:=-]?\s*(?:none|no|nil|n/a|zero|0|not any|nope)\b")
_NEGATED = re.compile(r"\b(?:no|not|without|never|nor)\s+(?:\w+\s+){0,2}$")


def _place(side: str | None, part: str) -> str:
    part = _PART[part]
    return f"{side}_{part}" if side and part in ("cheek", "eyebrow") else part


def read(text: str) -> dict:
    """Cleaned text (the subject's clauses only: reader.blank) -> {"count", "places"} or {} when no scar is said."""
    low = text.lower()
    count, places, said = 0, [], False
    for m in _SCAR.finditer(low):
        before = m.group(1)
        if _NEGATED.search(low[:m.start(2)]) or _LABEL_NONE.match(low, m.end()):
            continue  # "no scars", "Scars: none" (a sheet's field saying there are none)
        said = True
        here = []
        b = _BEFORE.search(before)
        if b:
            here.append(_place(b.group(1), b.group(2)))
        a = _AFTER.match(low, m.end())
        if a:
            here.append(_place(a.group(1), a.group(2)))
            end = a.end()
            while (n := _AND.match(low, end)):
                here.append(_place(n.group(1), n.group(2)))
                end = n.end()
        words = before.split()
        stops = [i for i, w in enumerate(words) if w in _STOPS]
        words = words[stops[-1] + 1:] if stops else words  # "a man with scars": the man's "a" counts no scar
        number = next((_NUMBERS.get(w) or (int(w) if w.isdigit() and 0 < int(w) < 20 else 0)
                       for w in words if w in _NUMBERS or w.isdigit()), 0)
        plural = m.group(2) == "scars"
        count += max(number or (2 if plural else 1), len(here))
        places += [p for p in here if p not in places]
    if not said:
        return {}
    return {"count": max(count, len(places)), "places": places}
