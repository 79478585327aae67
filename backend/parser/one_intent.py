"""An expression word that qualifies another of the same look is one intent, not a contradiction: "an angry frown",
"an angry scowl", "frowning angrily" are anger (whose drawing has the frown's lowered brows), with no warning.
Before, they warned "contradiction: expression is stated as anger and frown" and drew the frown.  Two expressions
side by side in a list stay two ("smiling and frowning", "angry and frowning, then smiling": warned as before).
"""
from __future__ import annotations

from .resolve import Statement

# (the qualifier's value, the qualified one's) -> the look meant; only looks that contain the other
CONTAINS = {("anger", "frown"): "anger"}


def merge(statements: list[Statement]) -> list[Statement]:
    """Drop the contained one of two expression statements on neighbouring words ("angry" + "frown")."""
    expr = [s for s in statements if s.attr == "expression" and s.value is not None and s.denied is None]
    drop = set()
    for a in expr:
        for b in expr:
            if abs(a.pos - b.pos) == 1 and CONTAINS.get((a.value, b.value)) == a.value:
                drop.add(id(b))
    return [s for s in statements if id(s) not in drop]
