"""Ages the face model cannot draw, said: the ICT Face Model is built from adult faces, so a child or a teenager is
drawn as a young adult ("a 6-year-old girl", "a baby", "a toddler", "a teenage boy"), and an age past any human
life ("a 200-year-old man") as old.  The age value is unchanged (young, old: the nearest the schema holds); only the
warning is new.  Before, all of these read as young or old with no word of it.

Only the person described counts: "a mother with a baby" says nothing of the mother's age, and is not warned.
"""
from __future__ import annotations

from .age import DECADES, TENS, UNITS

OLDEST = 122  # the oldest verified human life, in years
CHILD_WORDS = frozenset({"baby", "babies", "newborn", "infant", "toddler", "child", "children", "kid", "kids",
                         "schoolchild", "preteen", "tween", "schoolboy", "schoolgirl", "little_girl", "little_boy"})
TEEN_WORDS = frozenset({"teen", "teens", "teenage", "teenaged", "teenager", "adolescent", "juvenile"})
_LITTLE_OF = frozenset({"girl", "boy", "girls", "boys"})  # "a little girl" is a child, "a little old lady" is not
# A boy is a child or a teenager; a girl is often a young woman ("a girl with red hair"), but "a young girl" or "a
# small girl" is a child
_BOYS = frozenset({"boy", "boys"})
_CHILD_SIZED = frozenset({"young", "small", "tiny", "little"})


def _years(tokens, pos: int) -> int | None:
    """The number of years an age statement at `pos` reads ("6", "six", "twenty five"), or None."""
    for k in range(pos, min(pos + 4, len(tokens))):
        w = tokens[k].w
        if w.isdigit():
            return int(w)
        if w in UNITS:
            return UNITS[w]
        if w in TENS:
            nxt = tokens[k + 1].w if k + 1 < len(tokens) else ""
            return TENS[w] + UNITS.get(nxt, 0)
        if w in DECADES and w == "teens":
            return 15
    return None


def age_notes(tokens, statements, concrete: dict[str, str]) -> list[str]:
    """Warnings for the subject's ages that no adult face shows, or that no human reaches."""
    age = concrete.get("age")
    if age is None:
        return []
    notes = []
    for s in sorted(statements, key=lambda s: s.pos):
        if s.attr != "age" or s.value != age:
            continue
        word = tokens[s.pos].w if s.pos < len(tokens) else ""
        said = s.text or word
        if word == "little" and s.pos + 1 < len(tokens):
            said = f"{said} {tokens[s.pos + 1].w}"  # "little girl"
        if s.source == "age":
            years = _years(tokens, s.pos)
            if years is None:
                continue
            if years > OLDEST:
                notes.append(f"an age of {years} is beyond any human life (the oldest was {OLDEST}): drawn as old")
            elif years < 13:
                notes.append(f"a child ({years} years old) cannot be drawn: the face model holds adult faces only, "
                             f"so the head is a young adult")
            elif years < 18:
                notes.append(f"a teenager ({years} years old) is drawn as a young adult: the face model holds adult "
                             f"faces only")
        elif word in CHILD_WORDS or (word == "little" and s.pos + 1 < len(tokens)
                                      and tokens[s.pos + 1].w in _LITTLE_OF):
            notes.append(f"a child ({said!r}) cannot be drawn: the face model holds adult faces only, so the head is a "
                         f"young adult")
        elif word in _BOYS or (word in _LITTLE_OF and s.pos > 0 and tokens[s.pos - 1].w in _CHILD_SIZED):
            if s.pos > 0 and tokens[s.pos - 1].w in _CHILD_SIZED:
                said = f"{tokens[s.pos - 1].w} {word}"  # "small boy", "young girl"
            notes.append(f"a child ({said!r}) cannot be drawn: the face model holds adult faces only, so the head is a "
                         f"young adult")
        elif word in TEEN_WORDS:
            notes.append(f"a teenager ({said!r}) is drawn as a young adult: the face model holds adult faces only")
    return list(dict.fromkeys(notes))
