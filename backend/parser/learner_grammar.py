"""Two turns of learners' English that the rules did not read: a pronoun repeating its noun ("His hair it is all
white", "her eyes they are green") and "few" said of hair after its verb ("hair is white and few": thinning hair).

Before, the first read nothing ("hair it is all white" was a phrase) and the second only the colour.  Both are mended
on the tokens before the rules run: the pronoun goes, and that "few" reads as "sparse" (balding, as "thinning hair").
"A few grey hairs" is untouched: a few before its noun counts hairs, it does not thin them.
"""
from __future__ import annotations

from dataclasses import replace

from .tokens import Token

_NOUNS = frozenset("hair hairs eyes eye nose face skin lips lip beard mustache eyebrows brows chin jaw cheeks "
                   "mouth forehead ears teeth complexion".split())
_COPULAS = frozenset({"is", "are", "was", "were", "looks", "look", "seems", "seem"})
_HAIR = frozenset({"hair", "hairs"})
_CLAUSE_END = frozenset({".", ";", "!", "?", ":"})


def _said_of_hair(tokens: list[Token], i: int) -> bool:
    """Token i follows "hair is/are ..." in its own clause ("hair is white and few", "his hairs are few")."""
    for j in range(i - 1, max(i - 8, 0), -1):
        if tokens[j].w in _CLAUSE_END:
            return False
        if tokens[j].w in _COPULAS:
            return j > 0 and tokens[j - 1].w in _HAIR
    return False


def mend(tokens: list[Token]) -> list[Token]:
    out = [t for i, t in enumerate(tokens)
           if not (t.w in ("it", "they") and 0 < i < len(tokens) - 1 and tokens[i - 1].w in _NOUNS
                   and tokens[i + 1].w in _COPULAS)]
    return [replace(t, w="sparse") if t.w == "few" and _said_of_hair(out, i) else t for i, t in enumerate(out)]
