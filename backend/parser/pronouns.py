"""Whose gender a pronoun gives: "she gave him a stern look" is about her; "him" is the one she looks at.

A subject pronoun (he, she) names the person described.  An object pronoun ("him"; "her" where no noun phrase
follows it, so not a possessive) then names someone else, and says nothing of the head's gender.  With no subject
pronoun the object is the person drawn: "a portrait of him", "draw him", "make him old".
"""
from __future__ import annotations

from .lexicon import PRONOUNS

SUBJECTS = frozenset({"he", "she"})
_OBJECTS = frozenset({"him"})
# Words that may follow an object "her" but not a possessive one ("gave her a look", "looks at her with a smile",
# "told her to smile"): the possessive goes on with its noun phrase ("her eyes", "her very big eyes").
_AFTER_OBJECT = frozenset({"a", "an", "the", "to", "at", "with", "and", "or", "but", "in", "on", "for", "from", "up",
                           "down", "off", "out", "away", "back", "again", "into", "as", "like", "while", "when",
                           "because", "before", "after", "who", "that", "this", "some", "so", "too", "then"})


def is_object(words: list[str], i: int) -> bool:
    """Whether the pronoun at i is an object pronoun: "him", or "her" not followed by a noun phrase."""
    u = words[i]
    if u in _OBJECTS:
        return True
    if u != "her":
        return False
    nxt = words[i + 1] if i + 1 < len(words) else ""
    return not nxt or not (nxt[0].isalnum() or nxt[0] == "_") or nxt in _AFTER_OBJECT


def about_someone_else(words: list[str], i: int) -> bool:
    """An object pronoun in a text whose subject pronoun names the person described."""
    return words[i] in PRONOUNS and is_object(words, i) and any(u in SUBJECTS for u in words)
