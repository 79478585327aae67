"""Degree words -> strength factors: "a very wide nose" -> {"nose_width": 2.0}.

The factor is a property of one stated value: the degree words right before its modifier multiply
(lexicon.DEGREE_FACTORS, "a little" -> SOFT, "much"/"far"/"way" only before a comparative) within
DEGREE_RANGE; 1.0 (as trained) is never reported.  Only graded values carry it: the two ends of an
ordinal attribute and the categorical face shapes.  Not skin tone (its degree is a value of its own,
"very pale" -> very-fair), not freckles (present or not), not a middle value (it has no direction),
not gender, hair/eye/lip colour or beard.  The expression has its own reading (mood_degree.py: "furious",
"a faint smile").
"""
from __future__ import annotations

from ..schema import BY_NAME
from .lexicon import BOOSTS, DEGREE_FACTORS, DEGREE_RANGE, SOFT
from .sizes import inherent

# under_eyes: "very dark circles" is dark; mouth: the degree picks the value ("slightly open" is parted)
_UNGRADED = frozenset({"skin_tone", "freckles", "under_eyes", "mouth"})
_GRADED_CATEGORICAL = frozenset({"face_shape"})


def graded(attr: str, value: str) -> bool:
    """Whether a degree word can make this value stronger or weaker."""
    a = BY_NAME[attr]
    if attr in _GRADED_CATEGORICAL:
        return True
    if not a.ordinal or attr in _UNGRADED:
        return False
    return value in (a.values[0], a.values[-1])


def run_factor(words: list[str], before_comparative: bool) -> float | None:
    """Factor of the degree words just before a modifier, nearest last; None for none or 1.0."""
    factor, seen = 1.0, False
    comparative = before_comparative
    for k in range(len(words) - 1, -1, -1):
        w = words[k]
        if w == "little" and k > 0 and words[k - 1] == "a":
            f = SOFT
        elif w in BOOSTS:
            f = BOOSTS[w] if comparative else None
        else:
            f = DEGREE_FACTORS.get(w)
        comparative = comparative or w == "more"
        if f is not None:
            factor, seen = factor * f, True
    if not seen:
        return None
    lo, hi = DEGREE_RANGE
    factor = min(max(factor, lo), hi)
    return None if factor == 1.0 else factor


def strengths(statements, concrete: dict[str, str]) -> dict[str, float]:
    """attribute -> factor for the final values: the last explicit statement of that value that
    carries a degree ("a very wide nose ... a wide nose" stays 2.0; a later other value drops it)."""
    out: dict[str, float] = {}
    for s in sorted(statements, key=lambda s: s.pos):
        own = inherent(s.attr, s.text) if s.explicit else None  # "huge eyes": "huge" is "very big" (sizes.py)
        if own is not None:
            degree = min(max((s.degree or 1.0) * own, DEGREE_RANGE[0]), DEGREE_RANGE[1])
            degree = None if degree == 1.0 else degree  # "slightly huge": as trained
        else:
            degree = s.degree
        if s.explicit and degree is not None and concrete.get(s.attr) == s.value and graded(s.attr, s.value):
            out[s.attr] = degree
    return {a: out[a] for a in concrete if a in out}
