"""Typo repair, said aloud: every word read as another is named in a warning ('read "wman" as "woman"'), and a word
that looks like the parser's vocabulary but is not repaired is named too, instead of going silently to a phrase.

Long words (five letters or more) are repaired by `typos.Corrector` as before.  Short words (three or four letters)
are repaired here, more strictly, since one edit reaches many words from a short one:
- only words that are neither known to the rules nor in the English dictionary (CLIP's whole-word vocabulary),
  so "bread", "grip", "bore" stay themselves; the dictionary holds a few misspellings common on the web
  (`WEB_TYPOS`: "mna", "wth", "teh", "adn"), repaired all the same;
- one edit (an inserted, dropped, changed letter or two letters swapped) to a word of the rules or a structure word
  (`STRUCTURE`: with, and, has, ...), keeping the first letter or swapping the first two ("ahir" -> "hair");
- one best candidate (most letters shared at both ends, as `typos.Corrector` scores them), or candidates that all
  mean the same ("womn": woman or women, both female), or the one of them a sound-alike letter gives ("noze": nose,
  not none);
- never a capitalised word inside a sentence (a name: "Bron", "Mia"), in short or long words: a name is no typo.
"""
from __future__ import annotations

import string
from functools import lru_cache

from .features import FEATURES
from .lexicon import PERSONS, VARIANTS
from .typos import distance
from .vocabulary import dictionary, rule_words

STRUCTURE = frozenset({"with", "and", "has", "have", "her", "his", "she", "the", "who", "man", "men"})
# Misspellings frequent enough on the web to be whole words of CLIP's vocabulary (so the dictionary would keep them),
# that are no English word.
WEB_TYPOS = {"mna": "man", "wth": "with", "teh": "the", "adn": "and", "nad": "and",
             # misspellings and chat spellings users write, in CLIP's list only as names or web slang, none an
             # English word: "yung"/"yong" (young), "roud" (round), "thik" (thick), "gren" (green), "bigg" (big),
             # "gurl" (girl); a capitalised one inside a sentence is still a name ("Mr Yung")
             "yung": "young", "yong": "young", "roud": "round", "thik": "thick", "gren": "green", "bigg": "big",
             "gurl": "girl"}
# Letters that sound alike: of tied candidates, the one a sound-alike letter gives is the one meant ("noze": nose,
# not none).
_SOUND_ALIKE = frozenset({("s", "z"), ("z", "s"), ("c", "k"), ("k", "c"), ("c", "s"), ("s", "c"), ("i", "y"),
                          ("y", "i")})
_SENTENCE_END = frozenset(".!?:;|\u2022")


@lru_cache(maxsize=1)
def _short_targets() -> frozenset[str]:
    # not the abbreviations ("wht", "brn"): typed on purpose, they are no target of a slip ("wiht" is "with")
    return frozenset(w for w in rule_words() | STRUCTURE if 3 <= len(w) <= 5 and w.isalpha() and w not in VARIANTS)


def _edits(word: str) -> set[str]:
    letters, out = string.ascii_lowercase, set()
    for i in range(len(word) + 1):
        out.update(word[:i] + c + word[i:] for c in letters)
    for i in range(len(word)):
        out.add(word[:i] + word[i + 1:])
        out.update(word[:i] + c + word[i + 1:] for c in letters)
    for i in range(len(word) - 1):
        out.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    out.discard(word)
    return out


def _shared_ends(a: str, b: str) -> int:
    n = 0
    for s, t in ((a, b), (a[::-1], b[::-1])):
        for x, y in zip(s, t):
            if x != y:
                break
            n += 1
    return n


def _meaning(word: str):
    word = VARIANTS.get(word, word)
    if word in PERSONS:
        return "person", PERSONS[word]
    if word in FEATURES:
        return "feature", id(FEATURES[word])
    return "word", word


def short_candidates(word: str) -> list[str]:
    """The vocabulary words one edit from a short word, best first ([] for none)."""
    targets = _short_targets()
    found = [c for c in _edits(word) if c in targets and (c[0] == word[0] or c[:2] == word[1::-1])]
    return sorted(found, key=lambda c: (-_shared_ends(word, c), c))


def correct_short(word: str) -> tuple[str | None, list[str]]:
    """(the repair or None, the candidates considered) for a three- or four-letter word."""
    if word in WEB_TYPOS:
        return WEB_TYPOS[word], [WEB_TYPOS[word]]
    words = dictionary() or frozenset()
    if word in words:
        return None, []
    found = short_candidates(word)
    if not found:
        return None, []
    best = [c for c in found if _shared_ends(word, c) == _shared_ends(word, found[0])]
    if len({_meaning(c) for c in best}) == 1:
        return best[0], found
    alike = [c for c in best if _sound_alike(word, c)]
    if len({_meaning(c) for c in alike}) == 1:
        return alike[0], found
    return None, best


def _sound_alike(word: str, cand: str) -> bool:
    """One letter changed for one that sounds the same ("noze" -> "nose")."""
    diff = [(a, b) for a, b in zip(word, cand) if a != b]
    return len(word) == len(cand) and len(diff) == 1 and diff[0] in _SOUND_ALIKE


def _near_long(fix, word: str) -> list[str]:
    """Vocabulary words within the corrector's reach of a long word, ignoring its first-letter rule."""
    from .typos import _deletes, _limit

    limit = max(_limit(word), 1)
    if len(word) > fix.longest + 2:
        return []
    found = set()
    for d in _deletes(word, limit):
        found |= fix.index.get(d, set())
    # A near word that differs in its first letter is more often another real word than a slip ("mutton",
    # "willowy", "bedhead" beside "button", "pillowy", "redhead"): not named.
    return sorted(c for c in found if distance(word, c, limit) <= limit and (c[0] == word[0] or c[:2] == word[1::-1]))


def _same_meaning(word: str, near: list[str]) -> str | None:
    """The best of tied candidates when they all mean the same ("freckls": freckles or freckle), else None."""
    if not near:
        return None
    limit = max(2 if len(word) >= 8 else 1, 1)
    key = {c: (distance(word, c, limit), -_shared_ends(word, c)) for c in near}
    best = [c for c in near if key[c] == min(key.values())]
    return sorted(best)[0] if len({_meaning(c) for c in best}) == 1 else None


def _is_name(text: str, tokens, k: int) -> bool:
    """A capitalised word inside a sentence ("Bron", "Mia"): a name, never repaired."""
    raw = text[tokens[k].start:tokens[k].end]
    if not raw[:1].isupper() or raw.isupper():
        return False
    if k == 0:
        return False
    prev = tokens[k - 1]
    between = text[prev.end:tokens[k].start]
    return not (prev.w in _SENTENCE_END or "\n" in between)


def repair(tokens, text: str, fix, known: frozenset[str]) -> list[str]:
    """Repair typos in place (Token.w) and return the warnings that say what was read and what was not."""
    notes = []
    for k, t in enumerate(tokens):
        w = t.w
        if w in known or not w.isalpha() or len(w) < 3 or _is_name(text, tokens, k):
            continue
        raw = text[t.start:t.end]
        if len(w) >= 5:
            fixed = fix.correct(w)
            if fixed == w:
                near = [] if w in (dictionary() or ()) or fix._inflected(w) else _near_long(fix, w)
                fixed = _same_meaning(w, near)
                if fixed is None:
                    if near:
                        notes.append(_unread(raw, near))
                    continue
        else:
            fixed, near = correct_short(w)
            if fixed is None:
                if near:
                    notes.append(_unread(raw, near))
                continue
        t.w = VARIANTS.get(fixed, fixed)
        notes.append(f"read {raw!r} as {fixed!r} (a typo?)")
    return notes


def _unread(raw: str, near: list[str]) -> str:
    options = " or ".join(repr(VARIANTS.get(c, c)) for c in dict.fromkeys(near[:3]))
    return f"word not understood, left as written: {raw!r} (close to {options}, but not surely a typo of one)"
