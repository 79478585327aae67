"""Abstract phrases: what describes the face but maps to no attribute, sized for CLIP.

CLIP's text encoder reads 77 tokens, two of them start/end markers, and the refinement wraps
each phrase in a template of up to ~10 tokens.  A BPE token covers at least one byte of a word, so
a phrase whose words hold at most PHRASE_BUDGET bytes always fits; longer ones are split at word
boundaries (with a warning), never dropped.
"""
from __future__ import annotations

from .age import TENS, UNITS
from .features import FEATURES
from .slang import keeps_particle
from .lexicon import COPULAS, DEGREES, DETERMINERS, NEGATIONS, NOT_VERY
from .tokens import BOUNDARY, SEPARATORS, Token
from .words import FILLER, STOP

_NAMED = frozenset(w for w, f in FEATURES.items() if f.mods or f.intrinsic or f.negated)
PHRASE_BUDGET = 60  # bytes of non-space characters; 60 + 2 markers + ~10 template tokens < 77
_KEEP_AT_START = frozenset({"like", "looks", "look", "looking", "seems", "seem", "appears", "appear"})
_TRIM = (STOP | DETERMINERS | FILLER | {"and", "or", "but", "with", "who", "which", "that", "has", "have",
                                         "is", "are", "was"} | DEGREES) - _KEEP_AT_START
_EMPTY = frozenset(UNITS) | frozenset(TENS) | STOP | FILLER | DETERMINERS | COPULAS | DEGREES | NEGATIONS | NOT_VERY | _KEEP_AT_START


def _cost(phrase: str) -> int:
    return len("".join(phrase.split()).encode("utf-8"))


def fit(phrase: str) -> list[str]:
    """Split a phrase into pieces that each fit the budget (a single over-long word is cut)."""
    if _cost(phrase) <= PHRASE_BUDGET:
        return [phrase]
    pieces, cur = [], []
    for word in phrase.split():
        while _cost(word) > PHRASE_BUDGET:
            cut = PHRASE_BUDGET
            while len(word[:cut].encode("utf-8")) > PHRASE_BUDGET:
                cut -= 1
            if cur:
                pieces.append(" ".join(cur))
                cur = []
            pieces.append(word[:cut])
            word = word[cut:]
        if _cost(" ".join(cur + [word])) > PHRASE_BUDGET:
            pieces.append(" ".join(cur))
            cur = []
        if word:
            cur.append(word)
    if cur:
        pieces.append(" ".join(cur))
    return [p for p in pieces if p]


def _content(tokens: list[Token]) -> bool:
    """Some word says something: not a function word, number, filler or bare feature name ("eyes")."""
    return any(t.w not in _EMPTY and not t.w.isdigit() and not t.punct and t.w not in _NAMED for t in tokens)


def leftovers(tokens: list[Token], used: list[bool]) -> list[tuple[int, int]]:
    """Runs of tokens nothing understood, split at punctuation -> (first, last) after trimming."""
    runs, cur = [], []
    for i, t in enumerate(tokens):
        if used[i] or t.w in BOUNDARY or t.w in SEPARATORS or t.w == ";":
            if cur:
                runs.append(cur)
            cur = []
        else:
            cur.append(i)
    if cur:
        runs.append(cur)
    out = []
    for run in runs:
        while run and (tokens[run[0]].w in _TRIM or tokens[run[0]].punct):
            run = run[1:]
        while run and (tokens[run[-1]].w in _TRIM | (_KEEP_AT_START - {"looking"}) or tokens[run[-1]].punct) and (
                not keeps_particle(tokens, run, _TRIM)):  # "looks spaced out" keeps "out" (slang.py)
            run = run[:-1]
        if run and _content([tokens[i] for i in run]):
            out.append((run[0], run[-1]))
    return out


def negated(tokens: list[Token], first: int, last: int, used: list[bool]) -> bool:
    """A negation just before or inside the run: "not a villain", "never looks tired"."""
    lo = first
    while lo > 0 and not used[lo - 1] and tokens[lo - 1].w in _TRIM | NEGATIONS:
        lo -= 1
    return any(tokens[k].w in NEGATIONS or tokens[k].w in NOT_VERY for k in range(lo, last + 1))
