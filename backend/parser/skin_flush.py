"""A flushed or sunburnt face: `ParseResult.skin_flush`, "flushed" or "sunburnt", beside the code (the schema has no
such attribute, and the code keeps its size: the trained shape regressor depends on it).  "rosy / flushed / red /
pink cheeks", "rosy-cheeked", "red-faced", "ruddy", "blushing", "a flushed face", "his face red" -> flushed;
"sunburnt", "sunburned", "a (painful) sunburn" -> sunburnt.  The last said wins, as for any attribute; a negated one
says nothing ("not sunburnt").  The texture draws it (params_from_code(skin_flush=...)), so the words are no CLIP
phrase: a phrase "rosy cheeks" only moved the global skin parameters CLIP can reach, and without CLIP weights the user
saw nothing at all for it."""
from __future__ import annotations

import re

from .lexicon import PERSONS

_CHEEKS = r"(?:cheeks?|face|complexion|skin)"
_RED = r"(?:rosy|flushed|red|reddened|pink|ruddy|florid|glowing)"
FLUSHED = re.compile(rf"\b{_RED} {_CHEEKS}\b|\b(?:rosy|red|pink|apple)[- ]cheeked\b|\bred[- ]faced\b|\bruddy\b|"
                     rf"\bflorid\b|\bblush(?:ing|ed|es)\b|\bflushed\b|\b{_CHEEKS} (?:\w+ )?(?:red|flushed|pink|rosy)\b")
SUNBURNT = re.compile(r"\bsun[- ]?burn(?:t|ed|ed|s)?\b")
_NEGATED = re.compile(r"\b(?:not|no|without|never|hardly|n't)\s+(?:\w+\s+){0,2}$")
# the words of a flush the texture draws, and the words they sit on: a phrase of only these goes ("rosy cheeks",
# "a painful sunburn"); other words keep the carriers ("round red cheeks" -> "round cheeks", a shape word)
_FLUSH_WORDS = frozenset("rosy flushed red reddened pink ruddy florid glowing apple cheeked faced blush blushing "
                         "blushed blushes sunburnt sunburned sunburn sunburns sun burnt burned burn painful".split())
_CARRIERS = frozenset("cheeks cheek face complexion skin bad slight slightly light mild very deeply deep bright a an "
                      "his her their with and".split())


def read(text: str) -> tuple[str | None, list[tuple[int, int]]]:
    """cleaned text -> ("flushed" | "sunburnt" | None, the spans of the words read)."""
    low = text.lower()
    found = [(m, value) for pattern, value in ((FLUSHED, "flushed"), (SUNBURNT, "sunburnt"))
             for m in pattern.finditer(low) if not _NEGATED.search(low[:m.start()])]
    if not found:
        return None, []
    return max(found, key=lambda f: f[0].start())[1], [f[0].span() for f in found]


def drop_phrases(abstract: list[str], flush: str | None) -> list[str]:
    """Phrases without the flush words the texture now draws: "rosy cheeks" goes, "sunburnt fisherman" keeps
    "fisherman" only where more than flush words are left ("his face red" -> nothing)."""
    if flush is None:
        return abstract
    out = []
    for p in abstract:
        words = re.findall(r"[\w']+", p)
        left = [w for w in words if w.lower() not in _FLUSH_WORDS]
        if all(w.lower() in _CARRIERS for w in left):  # "rosy cheeks"; the rest of a split one: "red" (angry face)
            continue
        if not (FLUSHED.search(p.lower()) or SUNBURNT.search(p.lower())):
            out.append(p)
        elif not all(w.lower() in PERSONS or w.lower() in _CARRIERS for w in left):  # "sunburnt fisherman": read
            out.append(" ".join(left))
    return out
