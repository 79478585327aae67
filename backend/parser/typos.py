"""Typo repair against the rule vocabulary: words of five letters or more, one edit (two from eight
letters), never a word that is itself known English.  A deletion index makes a look-up a few dict
probes instead of a scan of the vocabulary."""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations


def _deletes(word: str, depth: int) -> set[str]:
    out = {word}
    for k in range(1, depth + 1):
        for idx in combinations(range(len(word)), k):
            out.add("".join(c for i, c in enumerate(word) if i not in idx))
    return out


def distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance (transpositions count one), stops early past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


MAX_EDITS = 2  # the largest _limit


def _limit(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


class Corrector:
    """Maps an unknown word to the one closest vocabulary word, or leaves it alone."""

    def __init__(self, vocabulary: frozenset[str], known: frozenset[str], core: frozenset[str] | None = None):
        # core: the English the rules themselves know (vocabulary.english_words), without the dictionary's long
        # tail of names and rare words; an "-ly" adverb needs its stem there ("ederly" is no "eder" + ly)
        self.vocabulary, self.known, self.core = vocabulary, known, core
        self.index: dict[str, set[str]] = {}
        self.longest = 0  # of the indexed words: no word longer than this + MAX_EDITS can be a typo of one
        for word in vocabulary:
            if len(word) >= 4 and word.isalpha():
                self.longest = max(self.longest, len(word))
                for d in _deletes(word, 2 if len(word) >= 7 else 1):
                    self.index.setdefault(d, set()).add(word)
        self.correct = lru_cache(maxsize=4096)(self._correct)

    def _inflected(self, word: str) -> bool:
        """A known word plus an ending ("narrowed", "squinting") is no typo, even if the dictionary
        only lists the stem."""
        for suffix in _SUFFIXES:
            stem = word[: -len(suffix)]
            if suffix == "d" and not stem.endswith("e"):
                continue  # "closed" is close + d, "beerd" no beer + d
            if suffix == "ly" and self.core is not None and stem not in self.core:
                continue  # "ederly" is "elderly" misspelt, not the rare word "eder" (a name) + ly
            if word.endswith(suffix) and len(stem) >= 4 and (
                    stem in self.known or stem + "e" in self.known and suffix[0] in "aeiou" or stem[:-1] in self.known
                    and stem[-1] == stem[-2] or suffix == "ing" and stem + "ed" in self.known):
                return True  # "startling": the dictionary has "startled" only (not "startle")
        return False

    def _correct(self, word: str) -> str:
        limit = _limit(word)
        # Too long to be within `limit` edits of any vocabulary word: returned at once.  This also bounds
        # the work: _deletes makes C(n, 2) strings of length n, so a 2000-letter "word" (a prompt without
        # spaces) would otherwise take minutes and gigabytes.
        if len(word) > self.longest + MAX_EDITS:
            return word
        if limit == 0 or word in self.known or not word.isalpha() or self._inflected(word):
            return word
        candidates = set()
        for d in _deletes(word, limit):
            candidates |= self.index.get(d, set())
        scored = sorted((distance(word, c, limit), -_common_prefix(word, c) - _common_prefix(word[::-1], c[::-1]), c)
                        for c in candidates)
        # Typists rarely miss the first letter; requiring it keeps real words ("singer") intact.
        # Two edits only between long words ("sinister" is no typo of "sister").
        scored = [s for s in scored if s[0] <= limit and (s[2][0] == word[0] or s[0] == 1 and len(word) >= 8)
                  and (s[0] == 1 or len(s[2]) >= 8)]
        if not scored:
            return word
        # Two equally good, different corrections: too ambiguous to guess.
        if len(scored) > 1 and scored[0][:2] == scored[1][:2]:
            return word
        return scored[0][2]


_SUFFIXES = ("ed", "d", "ing", "es", "s", "ly", "er", "est")


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n
