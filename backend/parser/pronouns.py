"""Whose gender a pronoun gives: "she gave him a stern look" is about her; "him" is the one she looks at.

A subject pronoun (he, she) names the person described.  An object pronoun ("him"; "her" not followed by a noun
phrase, so not a possessive) then names someone else, and says nothing of the head's gender.  With no subject
pronoun the object is the person drawn: "a portrait of him", "draw him", "make him old".

A possessive of the other gender after the person described was named in its sentence is someone else's too: "she
kissed his cheek" (his cheek, her head), "a woman stroking his beard", "he tucked a strand of her red hair".  The
feature it owns is that person's, so it says nothing of the head, except after a verb of having: "she has his
father's nose", "he has her eyes" are likenesses, the subject's own nose and eyes.  A possessive that opens a sentence
stays the text's ("She watched him. His eyes were grey."): who is described is not clear, and the contradiction is
warned as before.
"""
from __future__ import annotations

from .lexicon import PERSONS, PRONOUNS

SUBJECTS = frozenset({"he", "she"})
_OBJECTS = frozenset({"him"})
# Words that may follow an object "her" but not a possessive one ("gave her a look", "looks at her with a smile",
# "told her to smile"): the possessive goes on with its noun phrase ("her eyes", "her very big eyes").
_AFTER_OBJECT = frozenset({"a", "an", "the", "to", "at", "with", "and", "or", "but", "in", "on", "for", "from", "up",
                           "down", "off", "out", "away", "back", "again", "into", "as", "like", "while", "when",
                           "because", "before", "after", "who", "that", "this", "some", "so", "too", "then"})
_GENDERED_POSSESSIVES = frozenset({"his", "her"})
_OWNERS = frozenset({"his", "her", "their", "whose"})  # "her father" is someone else, not the person described
_SENTENCE_END = frozenset({".", "!", "?", ";"})
# After these the feature is the subject's, whoever's it is like: "she has his nose", "a man with her eyes".
_HAVING = frozenset({"has", "have", "had", "having", "got", "inherited", "inherits", "with"})


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


def subject(words: list[str]) -> tuple[str | None, frozenset[int]]:
    """The gender of the person described and the places that name them: the subject pronouns when all are of one
    gender; with none, the first person noun of a gender that is nobody's relative ("a woman", not "her father").
    (None, {}) when it is not clear."""
    said = {PRONOUNS[u] for u in words if u in SUBJECTS}
    if len(said) == 1:
        gender = said.pop()
        return gender, frozenset(k for k, u in enumerate(words) if u in SUBJECTS)
    if said:
        return None, frozenset()
    for k, u in enumerate(words):
        if u in PERSONS and PERSONS[u][0] and not (k and words[k - 1] in _OWNERS):
            return PERSONS[u][0], frozenset({k})
    return None, frozenset()


def someone_elses(words: list[str], i: int, gender: str | None, named: frozenset[int]) -> bool:
    """Whether the possessive at i belongs to someone else: "his" or "her" (not an object "her") of the gender
    other than the person described, after they were named in its sentence ("she kissed his cheek")."""
    u = words[i]
    if gender is None or u not in _GENDERED_POSSESSIVES or PRONOUNS[u] == gender or is_object(words, i):
        return False
    k = i - 1
    while k >= 0 and words[k] not in _SENTENCE_END:
        if k in named:
            return True
        k -= 1
    return False


def a_likeness(words: list[str], i: int) -> bool:
    """Whether the feature after someone else's possessive at i is still the subject's: after a verb of having
    ("she has his father's nose", "he has her blue eyes")."""
    return i > 0 and words[i - 1] in _HAVING
