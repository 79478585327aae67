"""A denied look is recorded as denied: "not smiling", "he never smiles", "not a frown" -> `denied` {expression:
[smile]} beside the neutral face they imply, as "not an angry face" already was.

A look word's negation (features.py: a look's `negated` is neutral) only implied neutral; the look itself was not
in `ParseResult.denied`, so head.json did not say the face must not smile.  Only the statement the negation made
changes: its value stays neutral (implied, so a stated look still wins: "a big smile, not a frown"); the denial
never reaches a warning, as the expression keeps a value (denials.py warns only where a denial leaves its attribute
unstated).
"""
from __future__ import annotations

from dataclasses import replace


def record(statements: list) -> list:
    """Statements with each negated look word's statement carrying the look it denies."""
    from .features import FEATURES

    looks = {f.name: v for f in FEATURES.values() for a, v in f.intrinsic
             if a == "expression" and v != "neutral" and f.negated == (("expression", "neutral"),)}
    return [replace(s, denied=looks[s.source]) if (
        s.attr == "expression" and s.value == "neutral" and s.denied is None and s.source in looks) else s
        for s in statements]
