"""From statements to one value per attribute: explicit beats implied, the last statement wins,
and a contradiction becomes a warning.  Beard statements combine first: parts add up to the value
that covers them all ("a mustache and goatee" is a goatee, "a beard and a mustache" a full beard), and
"no beard but a mustache" is a mustache."""
from __future__ import annotations

from dataclasses import dataclass, replace

from ..schema import ATTRIBUTES
from .denials import warning as denial_warning


# A beard colour that is the hair's ("a matching beard", "a beard to match"): the resolved hair_color, if any.
SAME_AS_HAIR = "same_as_hair"


@dataclass(frozen=True)
class Statement:
    pos: int          # token index: text order
    attr: str
    value: str | None  # None: a denial only ("no grey hair": denied gray, no value said; see _deny)
    explicit: bool    # False: implied ("grandfather" -> old, "she" -> female)
    source: str = ""  # the feature word it came from ("mustache", "beard", ...)
    text: str = ""    # words of the description, for warnings
    degree: float | None = None  # strength factor of its degree words ("very" -> 2.0), see degree.py
    denied: str | None = None    # the value a negation denied ("not young" -> value old, denied young)


# Beard values by how much of the face they cover: each draws the parts of the ones before it
# (backend/texture/params.py BEARDS: the goatee has a mustache, the full beard both).
_COVER = ("stubble", "mustache", "goatee", "full")
# The beard value each feature word's part is drawn as (`Statement.source`); "facial_hair" names no part.
_PART = {"stubble": "stubble", "mustache": "mustache", "goatee": "goatee", "beard": "full"}
_PART_NAME = {"facial_hair": "facial hair"}  # a part's name in a warning, where it is not the feature's


def _combine(state: Statement, s: Statement) -> tuple[Statement | None, str | None]:
    """Two beard statements -> (the combined one or None when they contradict, a note for the user)."""
    a, b = state.value, s.value
    if a == b:
        return s, None
    if "none" not in (a, b):
        # parts add up to the value that covers them all: "a mustache and goatee" -> goatee,
        # "stubble and a goatee" -> goatee, "a full beard and a mustache" -> full
        return (s if _COVER.index(b) > _COVER.index(a) else state), None
    neg, kept = (state, s) if a == "none" else (s, state)
    # A negation that names another part is no contradiction: "no beard, just a mustache",
    # "a full beard but no mustache", "no stubble, a goatee".
    if neg.source == "beard" and kept.value == "mustache":
        return kept, None
    if neg.source in ("mustache", "goatee", "stubble") and kept.value != neg.source:
        if neg.source == "mustache" and kept.value in ("goatee", "full"):
            name = "goatee" if kept.value == "goatee" else "full beard"
            return kept, f"beard: the code's {name} is drawn with a mustache; 'no mustache' cannot be kept"
        return kept, None
    return None, None


# Implied values a stated one rules out, warned although the stated one wins: "a bald man with long hair" (long hair
# only implies full, but bald or shaved leave no hair for it).
_RULES_OUT = {("scalp_hair", "full"): frozenset({"bald", "shaved"}),
             # "a screaming man with his mouth closed": a scream, a yell, a yawn or a song is an open mouth (closed
             # wins, as stated, but it is no longer a scream); "yelling, his mouth slightly open" is no contradiction.
             # Teeth that show need the lips apart: "teeth showing, mouth closed".
             ("mouth", "open"): frozenset({"closed"}), ("mouth", "parted"): frozenset({"closed"}),
             # "red lipstick, no lipstick": the texture's red lip is painted (half a lipstick layer at least); "pale
             # lips, no lipstick" are no contradiction
             ("lip_color", "natural"): frozenset({"red"})}
# Ordinal attributes whose implied values add up to the most of them: "eyeliner and smoky eyes" is heavy make-up,
# no contradiction (each item implies an amount; a stated amount still wins).
_MOST = frozenset({"makeup"})


def _beard(statements: list[Statement]) -> tuple[Statement, list[str]]:
    warnings, state = [], statements[0]
    for s in statements[1:]:
        combined, note = _combine(state, s)
        if combined is None:
            warnings.append(_conflict("beard", [state.value, s.value], s.value))
            combined = s
        if note:
            warnings.append(note)
        state = combined
    return state, warnings


def _conflict(attr: str, values: list[str], final: str) -> str:
    seen = list(dict.fromkeys(values))
    return f"contradiction: {attr} is stated as {' and '.join(seen)}; using the last statement ({final})"


def _deny(attr: str, group: list[Statement], warnings: list[str]) -> list[Statement]:
    """A denial with no value of its own ("no grey hair", "his hair is not grey", "without a single grey hair": an
    unordered attribute has no opposite to state) removes what other words said of that value ("grey eyebrows but no
    grey hair": the eyebrows' grey is not the hair's) and leaves the attribute unstated when nothing else is said.
    Only the same feature stating and denying one value is a contradiction ("grey-haired, no grey hair").  Beard parts
    are the beard's own colours, not proxies: "no grey beard, just a white mustache" is a grey mustache."""
    denials = [s for s in group if s.value is None]
    if not denials:
        return group
    denied = {s.denied for s in denials}
    # a beard part's colour is the beard's own, not a proxy: "no grey beard, just a white mustache" keeps the white
    own = {s.source for s in denials} if attr == "beard_color" else None
    kept = [s for s in group if s.value is not None and (s.value not in denied or (own and s.source not in own))]
    clash = next((s for s in group if s.value in denied and s.explicit
                  and any(d.source == s.source and d.denied == s.value for d in denials)), None)
    if clash is not None:
        warnings.append(f"contradiction: {attr} {clash.value} is stated and denied; left unstated")
    return kept


def _same_as_hair(group: list[Statement], hair: str | None) -> list[Statement]:
    """"a matching beard": the beard's colour statement takes the resolved hair colour (none stated: nothing)."""
    return [replace(s, value=hair) if s.value == SAME_AS_HAIR else s for s in group
            if s.value != SAME_AS_HAIR or hair is not None]


# Expressions whose own lips are apart (backend/shape/expression.py PRESETS: the jawOpen of surprise, laugh and fear,
# the disgust's raised upper lip): teeth showing add nothing to them, and a parted mouth would close a laugh's jaw.
_LIPS_APART = frozenset({"surprise", "laugh", "fear", "disgust"})
# Features whose action words imply a parted mouth because teeth show (features.py TEETH, SMILE and LAUGH "toothy").
_TEETH = frozenset({"teeth", "smile", "laugh"})


def _teeth(group: list[Statement], expression: str | None) -> list[Statement]:
    """Teeth that show say the mouth is at least parted: their implied parted yields to any other opening ("teeth
    showing, mouth open", "screaming, teeth bared": open) and to an expression whose lips are already apart
    ("laughing with her teeth showing": the laugh's own open mouth).  A stated closed mouth wins over it, warned
    (_RULES_OUT), whatever the expression ("a toothy laugh with her mouth closed")."""
    shown = [s for s in group if not s.explicit and s.source in _TEETH and s.value == "parted"]
    others = [s for s in group if s not in shown]
    if shown and (any(s.value != "closed" for s in others) or (expression in _LIPS_APART and not others)):
        return others
    return group


def _largest_part(group: list[Statement], beard: str | None) -> list[Statement]:
    """Beard colours of different parts: the colour of the largest part drawn wins, with no contradiction ("a black
    beard and a grey moustache" is a black full beard: the texture has one beard colour, and the beard is most of
    it; "grey stubble and a black mustache" is a black mustache, the stubble not drawn).  A part larger than the
    resolved beard counts as that beard (nothing larger is drawn), and so does a colour of no part ("grey facial
    hair"); colours of one part still contradict ("a black beard ... his beard is grey": warned, the last wins).
    Before, any two colours were a contradiction and the last one coloured the whole beard."""
    top = _COVER.index(beard) if beard in _COVER else len(_COVER) - 1
    size = {s: min(_COVER.index(_PART.get(s.source, beard or "full")), top) for s in group}
    largest = max(size.values())
    return [s for s in group if size[s] == largest]


def resolve(statements: list[Statement]) -> tuple[dict[str, str], list[str]]:
    """-> (concrete in schema order, warnings)."""
    by_attr: dict[str, list[Statement]] = {}
    for s in sorted(statements, key=lambda s: s.pos):
        by_attr.setdefault(s.attr, []).append(s)
    concrete, warnings = {}, []
    for attr in ATTRIBUTES:  # hair_color comes before beard_color: a matching beard reads it
        group = _deny(attr.name, by_attr.get(attr.name, []), warnings)
        if attr.name == "beard_color":
            group = _same_as_hair(group, concrete.get("hair_color"))
        if attr.name == "mouth":  # expression comes before mouth in the schema
            group = _teeth(group, concrete.get("expression"))
        if not group:
            continue
        strong = [s for s in group if s.explicit] or group
        if attr.name == "beard":
            final, notes = _beard(strong)
            concrete[attr.name] = final.value
            warnings += notes
            continue
        if attr.name == "beard_color":
            kept = _largest_part(strong, concrete.get("beard"))
            # said, not silently dropped: the texture draws the beard in one colour
            warnings += [f"the beard is drawn in one colour: the {_PART_NAME.get(s.source, s.source)}'s {s.value} left "
                         f"out, the {_PART_NAME.get(kept[-1].source, kept[-1].source)}'s {kept[-1].value} kept"
                         for s in strong if s not in kept and s.value not in {k.value for k in kept}]
            strong = kept
        values = [s.value for s in strong]
        if attr.name in _MOST and not any(s.explicit for s in group):
            values = [max(values, key=attr.values.index)]
        ends = {attr.values[0], attr.values[-1]}
        if attr.ordinal and len(attr.values) == 3 and ends <= {s.denied for s in strong}:
            # "not young, not old": denying both ends of an ordinal scale leaves its middle
            concrete[attr.name] = attr.values[1]
            continue
        concrete[attr.name] = values[-1]
        if len(set(values)) > 1:
            warnings.append(_conflict(attr.name, values, values[-1]))
        out = next((s for s in group if not s.explicit and values[-1] in _RULES_OUT.get((attr.name, s.value), ())),
                   None)
        if out is not None and strong is not group:
            warnings.append(f"contradiction: {attr.name} is stated as {values[-1]}, but {out.text!r} implies "
                            f"{out.value}; using {values[-1]}")
    alone = dict.fromkeys((s.attr, s.denied) for s in statements if s.value is None and s.denied)
    for attr, value in alone:
        # "no grey hair" with no other colour said: the code cannot hold "not gray"; the denial goes to the draw
        # beside it (ParseResult.denied), and the warning says what the draw does with it ("drawn without grey") or
        # that it cannot follow it (denials.py).  No beard: no colour.
        if attr not in concrete and not (attr == "beard_color" and concrete.get("beard") == "none") and not any(
                w.startswith(f"contradiction: {attr} ") for w in warnings):
            warnings.append(denial_warning(attr, value, [v for a, v in alone if a == attr]))
    if concrete.get("beard") == "none" and "beard_color" in concrete:
        # no beard to colour: "grey stubble, clean-shaven" keeps the last statement, and its colour goes
        warnings.append(f"beard_color {concrete.pop('beard_color')} left out: the beard is none")
    return concrete, warnings
