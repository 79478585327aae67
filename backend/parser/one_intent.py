"""An expression word that qualifies another of the same look is one intent, not a contradiction: "an angry frown",
"an angry scowl", "frowning angrily" are anger (whose drawing has the frown's lowered brows), with no warning.
Before, they warned "contradiction: expression is stated as anger and frown" and drew the frown.  Two expressions
side by side in a list stay two ("smiling and frowning", "angry and frowning, then smiling": warned as before).

A negation of one such pair reaches both words (`share_negation`): "not an angry frown", "no angry scowl", "not
frowning angrily" deny the one look (neutral, implied, as "not a frown").  Before, the negation stopped at "angry"
and the frown was stated: "not an angry frown" drew a frown.

Sadness and a smile said of one face are the sad smile the schema has (`wistful`: the smile under the sad face's
raised inner brows): "a sad man with a smile", "she looks sad but smiles", "smiling, with sad eyes".  Before, they
warned a contradiction and drew the smile alone.  With a third look ("sad, smiling and angry") the contradiction
stays.
"""
from __future__ import annotations

from dataclasses import replace

from .mood_words import WORRY
from .resolve import Statement

# (the qualifier's value, the qualified one's) -> the look meant; only looks that contain the other
CONTAINS = {("anger", "frown"): "anger"}


def merge(statements: list[Statement], words: list[str] | None = None) -> list[Statement]:
    """Drop the contained one of two expression statements on neighbouring words ("angry" + "frown"), or with only
    a person noun between (`words`: the tokens' words): "an angry man frowning", "an angry teenager scowling" (was a
    contradiction, the frown drawn)."""
    expr = [s for s in statements if s.attr == "expression" and s.value is not None and s.denied is None]
    drop = set()
    for a in expr:
        for b in expr:
            if CONTAINS.get((a.value, b.value)) == a.value and (abs(a.pos - b.pos) == 1 or _one_person_between(
                    words, a.pos, b.pos)):
                drop.add(id(b))
    for a in expr:  # "a nervous grin", "a worried frown": the worry is the look's manner (mood_words.WORRY)
        if a.value == "fear" and a.text.lower() in WORRY and any(
                b.pos == a.pos + 1 and b.value not in ("fear", "neutral") for b in expr):
            drop.add(id(a))
    kept = [s for s in statements if id(s) not in drop]
    return _sad_smile(kept)


def _one_person_between(words: list[str] | None, i: int, j: int) -> bool:
    from .lexicon import PERSONS

    if words is None or abs(i - j) != 2 or not 0 <= min(i, j) < max(i, j) < len(words):
        return False
    return words[min(i, j) + 1] in PERSONS


def _sad_smile(statements: list[Statement]) -> list[Statement]:
    """Stated sad and smile (or wistful with either: "a wistful, smiling woman"), and no other stated look -> one
    wistful statement in the last one's place."""
    said = [s for s in statements if s.attr == "expression" and s.explicit and s.value is not None
            and s.denied is None]
    values = {s.value for s in said}
    if len(values) < 2 or not values <= {"sad", "smile", "wistful"}:
        return statements
    smile = max(said, key=lambda s: s.pos)
    out = [s for s in statements if not any(s is d for d in said)]
    return out + [replace(smile, value="wistful", source="wistful")]


def _is_look(feature) -> bool:
    return any(a == "expression" for a, _ in feature.intrinsic + feature.negated)


def share_negation(words: list[str], scans: dict, features: dict) -> None:
    """Give an expression word the noun-phrase negation of the expression word right before or after it, when the
    two are one look ("not an angry frown", "not frowning angrily"); `scans`: noun index -> (mods, unknown, first
    index, negation kind), as extract reads them (changed in place)."""
    looks = sorted(i for i in scans if words[i] in features and _is_look(features[words[i]]))
    for a, b in zip(looks, looks[1:]):
        if scans[b][2] != a + 1:
            continue  # a word between them ("smiling, frowning"; "angry and frowning"): two looks
        neg_a, neg_b = scans[a][3], scans[b][3]
        if neg_a and not neg_b:
            scans[b] = scans[b][:3] + (neg_a,)
        elif neg_b and not neg_a and scans[a][2] == a:
            scans[a] = scans[a][:3] + (neg_b,)

