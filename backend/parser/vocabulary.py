"""Word sets derived from the rule tables, built once on first use (not at import)."""
from __future__ import annotations

import gzip
import importlib.util
import itertools
from functools import lru_cache
from pathlib import Path

from .age import DECADES, PART, TENS, UNITS
from .features import FEATURES
from .labels import LABELS, SCENE_LABELS
from .lexicon import (ANCESTRY, COPULAS, DEGREES, DETERMINERS, HAVE_VERBS, INTENSIFIERS, LESS, LIST_JOINERS, MWE,
                      NEGATIONS, PERSON_MODIFIERS, PERSONS, PRONOUNS, ROLES, VARIANTS)
from .typos import Corrector
from .words import COMMON, FILLER, FOREIGN, STOP


@lru_cache(maxsize=1)
def rule_words() -> frozenset[str]:
    """Every single word the rules look at (typo targets)."""
    # Abstract-only nouns ("piercings", "scar") are no targets: a near miss gains nothing concrete and
    # would turn real words ("piercing" eyes) into them.
    words = {w for w, f in FEATURES.items() if f.mods or f.intrinsic or f.negated} | set(PERSONS) | set(PRONOUNS) | set(PERSON_MODIFIERS) | set(DECADES) | set(TENS)
    words |= set(UNITS) | set(PART) | NEGATIONS | DEGREES | INTENSIFIERS | LESS
    for f in FEATURES.values():
        words |= set(f.mods)
    for key in MWE:
        words |= set(key)
    words |= set(VARIANTS) | set(VARIANTS.values())
    return frozenset(w for w in words if "_" not in w)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    # form field names and ancestry words are English too: "Nationality: Kenyan" alone is no foreign text
    # (before, it was "no English words were recognised")
    return (rule_words() | frozenset(FEATURES) | ROLES | STOP | FILLER | COMMON | DETERMINERS | COPULAS | HAVE_VERBS
            | LIST_JOINERS | LABELS | SCENE_LABELS | frozenset(w for w in ANCESTRY if "_" not in w))


@lru_cache(maxsize=1)
def foreign_words() -> frozenset[str]:
    return FOREIGN - english_words()


# CLIP's BPE vocabulary (shipped inside open_clip, a dependency) holds the ~33,000 commonest
# English words as whole-word tokens: the dictionary that keeps real words ("party", "order")
# from being "corrected" into the rule vocabulary.  Only the merges CLIP itself uses are read.
_BPE_FILE = "bpe_simple_vocab_16e6.txt.gz"
_BPE_MERGES = 49152 - 256 - 2
NO_DICTIONARY = ("typo repair is off: the English word list (open_clip's " + _BPE_FILE + ") was not found; "
                 "misspelt words were read as written")


def _bpe_path() -> Path | None:
    spec = importlib.util.find_spec("open_clip")  # locates the package without importing it (no torch)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / _BPE_FILE
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def dictionary() -> frozenset[str] | None:
    """Whole English words of CLIP's BPE vocabulary, or None when the file is not installed."""
    path = _bpe_path()
    if path is None:
        return None
    words = set()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)  # version line
        for line in itertools.islice(f, _BPE_MERGES):
            left, _, right = line.rstrip("\n").partition(" ")
            if right.endswith("</w>") and (left + right[:-4]).isalpha():
                words.add(left + right[:-4])
    return frozenset(words)


@lru_cache(maxsize=1)
def corrector() -> Corrector | None:
    """The typo repairer, or None when no dictionary is available (see NO_DICTIONARY)."""
    extra = dictionary()
    if extra is None:
        return None
    return Corrector(rule_words(), english_words() | (extra - rule_words()), english_words())
