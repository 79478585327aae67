"""Word sets derived from the rule tables, built once on first use (not at import)."""
from __future__ import annotations

from functools import lru_cache

from .age import DECADES, PART, TENS, UNITS
from .features import FEATURES
from .lexicon import (COPULAS, DEGREES, DETERMINERS, HAVE_VERBS, INTENSIFIERS, LESS, LIST_JOINERS, MWE,
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
    return rule_words() | frozenset(FEATURES) | ROLES | STOP | FILLER | COMMON | DETERMINERS | COPULAS | HAVE_VERBS | LIST_JOINERS


@lru_cache(maxsize=1)
def foreign_words() -> frozenset[str]:
    return FOREIGN - english_words()


@lru_cache(maxsize=1)
def corrector() -> Corrector:
    return Corrector(rule_words(), english_words())
