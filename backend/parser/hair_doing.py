"""Hair "made up" into a style is hair being done, not make-up: "hair made up in braids", "her hair was made up into
a bun".  The multi-word table reads "made up" as make-up (lexicon.MWE: "heavily made up", "made up like a doll"), so
before the merge the verb is renamed where a hair noun comes just before it or a hairstyle noun right after "in" /
"into" (a few determiners and adjectives between); the text, and so any phrase, keeps the words as written.
Before, "hair made up in braids" said makeup light.
"""
from __future__ import annotations

from .hairstyle import HAIR_NOUNS, NOUNS
from .tokens import Token

_MADE = frozenset({"made", "make", "makes", "making"})
_BETWEEN = frozenset({"a", "an", "the", "two", "twin", "long", "short", "tight", "loose", "neat", "high", "low",
                      "messy", "elegant", "thick", "thin", "french", "dutch", "side", "little", "small", "big"})
_STYLES = HAIR_NOUNS | frozenset(NOUNS)


def hair_done_up(tokens: list[Token]) -> list[Token]:
    words = [t.w for t in tokens]
    out = list(tokens)
    for k in range(len(words) - 1):
        if words[k] not in _MADE or words[k + 1] != "up":
            continue
        before = k and (words[k - 1] in HAIR_NOUNS or k > 1 and words[k - 1] in ("is", "was", "been", "be")
                        and words[k - 2] in HAIR_NOUNS)  # "hair made up", "her hair was made up"
        j = k + 2
        after = j < len(words) and words[j] in ("in", "into")
        if after:
            j += 1
            while j < len(words) and words[j] in _BETWEEN:
                j += 1
            after = j < len(words) and words[j] in _STYLES
        if before or after:
            out[k] = Token("done", tokens[k].start, tokens[k].end)  # not the make-up verb; "done up" is no MWE
    return out
