"""Denied values: what the parser read a negation deny (`ParseResult.denied`), and what the draw does with them.

A denial with no opposite ("no grey hair", "eyes not blue", "a beard that isn't grey") leaves its attribute unstated:
the code has no "not gray".  The denied values travel beside the code (`ParseResult.denied`, head.json's
`parsed.denied`) to the texture's draw, which never draws them where it can (backend/texture/params.py
`params_from_code(..., denied=)`); the warning says what happens.  A denial the draw cannot follow (the shape's
attributes, age, gender) is said as one the head does not promise.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from ..schema import ATTRIBUTES, BY_NAME

# Attributes whose unstated value the parametric texture draws by picking among its values: a denied value is given
# no chance (backend/texture/params.py), so it is never drawn while another value is left.
PICKED = frozenset({"hair_color", "beard_color", "eye_color", "skin_tone", "scalp_hair", "beard"})
# Unstated lips are always drawn natural (params.py LIPS): "not red", "not pale" hold without a pick.
_ALWAYS = {"lip_color": "natural"}


def drawn_as(attr: str, value: str, denied: Iterable[str] = ()) -> str | None:
    """What the draw does with `attr` unstated and `value` denied (with every value of `denied` denied): the end of
    the warning ("drawn without grey"), or None when it cannot follow the denial."""
    if attr in _ALWAYS:
        return f"drawn {_ALWAYS[attr]}" if value != _ALWAYS[attr] else None
    if attr not in PICKED or not set(BY_NAME[attr].values) - set(denied):
        return None  # no pick, or nothing left to pick
    if value == "gray" and attr in ("hair_color", "beard_color"):
        return "drawn without grey"
    if attr in ("hair_color", "beard_color", "eye_color"):
        return "drawn in another colour"
    if attr == "skin_tone":
        return "drawn as another tone"
    return "drawn as another value"


def warning(attr: str, value: str, denied: Iterable[str] = ()) -> str:
    """The warning for a denial that leaves its attribute unstated."""
    said = drawn_as(attr, value, denied)
    if said is not None:
        return f"{attr} not {value}: {said}"
    return (f"{attr} not {value}: read (parsed.denied), but the draw cannot avoid a denied {attr}; {attr} is left to "
            f"the draw")


def denied_values(statements, concrete: Mapping[str, str], warnings: list[str]) -> dict[str, list[str]]:
    """attribute -> the values a negation denied (schema order), as read: "no grey hair" {hair_color: [gray]}, "not
    young" {age: [young]} (beside age old), "no freckles" {freckles: [some]}.  A value the code states anyway
    ("an old wizard, no grey beard, just a white mustache": the mustache's grey) or one stated and denied by the same
    words (a contradiction, left unstated) is not denied."""
    out: dict[str, set[str]] = {}
    for s in statements:
        if s.denied is None or s.denied not in BY_NAME[s.attr].values or concrete.get(s.attr) == s.denied:
            continue
        if f"contradiction: {s.attr} {s.denied} is stated and denied; left unstated" in warnings:
            continue
        out.setdefault(s.attr, set()).add(s.denied)
    return {a.name: [v for v in a.values if v in out[a.name]] for a in ATTRIBUTES if a.name in out}
