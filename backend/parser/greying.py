"""A person going grey, mixed into the extractor: "he has gone grey", "she went grey early", "a man who is turning
silver" -> hair_color gray.  A colour said of the person with a verb of change is the hair's: skin does not go grey.

"white" counts only after has/have/had ("he has gone white"): "he went white" is a face that pales with fright.
Grey at the temples is the hair, whoever is named: "grey at the temples", "greying at his temples", "silver around the
temples" (the first hair to grey; the scalp's grey is one value, so it reads as gray hair).
Colours of a feature are that feature's ("his beard has gone white" is beard_color, read before this pass).
Denied: "an old man who isn't going grey", "he has never gone grey" -> hair_color not gray (a denial, no value: see
resolve._deny; the texture draws no grey).  Before, "going grey" was a negated phrase, left out.
"""
from __future__ import annotations

import re

from .lexicon import DEGREES, PERSONS, PRONOUNS

_CHANGE = frozenset({"going", "gone", "went", "go", "goes", "turning", "turned", "turn", "turns", "getting", "got",
                     "gotten", "grown", "grew", "grows", "grow"})
_GREY = frozenset({"gray", "silver", "silvery", "grayish"})
_PERFECT = frozenset({"has", "have", "had"})
# Between the person and the verb: auxiliaries and adverbs of time ("she has already gone grey", "he's started
# going grey": the "'s" is gone, "he started going").
_BETWEEN = _PERFECT | frozenset({"is", "was", "are", "were", "be", "been", "s", "already", "prematurely", "slowly",
                                 "just", "now", "since", "finally", "started", "starting", "begun", "began",
                                 "beginning", "to", "also", "quickly", "early", "recently"})
_SUBJECTS = frozenset({"he", "she", "they", "who", "i", "you"})
_NOT = frozenset({"not", "never"})  # "isn't going grey" (tokens: "not going gray"), "has never gone grey"
_TEMPLE_GREY = _GREY | frozenset({"graying", "grayed", "white", "whitening", "silvering"})
_AT = frozenset({"at", "around", "about", "on"})
_TEMPLE_DET = frozenset({"the", "his", "her", "their"})
_TOUCH = frozenset({"touch", "hint", "hints", "fleck", "flecks", "streak", "streaks", "dash", "sprinkling", "flash",
                    "flashes"})
_STREAKS = frozenset({"streaks", "streak", "flecks", "strands"})
_IN = frozenset({"in", "through", "throughout", "on"})
_FACIAL = frozenset({"beard", "stubble", "mustache", "moustache", "goatee", "whiskers"})


class GreyingPass:
    """Needs the extractor's w, n, out and say."""

    def greying(self):
        for i, u in enumerate(self.w):
            if u not in _GREY and u != "white" or self.out.used[i]:
                continue
            k = i - 1
            while k >= 0 and self.w[k] in DEGREES:  # "gone completely grey"
                k -= 1
            if k < 0 or self.w[k] not in _CHANGE or self.out.used[k]:
                continue
            verb, k, neg, at = k, k - 1, None, None
            while k >= 0 and (self.w[k] in _BETWEEN or (self.w[k] in _NOT and neg is None)):
                if self.w[k] in _NOT:
                    neg, at = self.w[k], k
                k -= 1
            if k < 0 or not (self.w[k] in _SUBJECTS or self.w[k] in PERSONS) or (
                    self.w[k] in PRONOUNS and self.w[k] not in _SUBJECTS):
                continue
            if u == "white" and not _PERFECT & set(self.w[k + 1:verb]):
                continue  # "he went white": pale, not grey
            temples = self.w[i + 1:i + 4][:1] and self.w[i + 1] in _AT and self.w[i + 3:i + 4] == ["temples"]
            self.say(i, (("hair_color", "gray"),), not (temples and self._pigment_said()), "hair", neg=neg)
            for j in [*range(verb, i + 1), *([at] if at is not None else [])]:
                self.out.used[j] = True
        self._temples()
        self._touches()

    def _pigment_said(self) -> bool:
        """A hair colour other than grey stated so far ("brown hair and greying temples")."""
        return any(st.attr == "hair_color" and st.value not in (None, "gray") and st.explicit and st.denied is None
                   for st in self.out.statements)

    def _touches(self):
        """"greying temples", "a touch of grey", "flecks of grey in his beard", "grey streaks in his hair": the hair's
        (or, said of the beard, the beard's) colour gray, stated; how much is greying.read_amount's.  Before, each was
        left as a CLIP phrase and the colour unread."""
        w, used = self.w, self.out.used
        said = {st.pos for st in self.out.statements}
        for i, u in enumerate(w):
            # ("temples" is a feature noun: "greying temples" is claimed as its phrase, unread, before this pass)
            if u in _TEMPLE_GREY and w[i + 1:i + 2] == ["temples"] and i not in said and i + 1 not in said:
                if not (i > 0 and w[i - 1] in _NOT | {"no", "without"}):
                    self.say(i, (("hair_color", "gray"),), not self._pigment_said(), "hair")  # see _temples
                used[i] = used[i + 1] = True
                continue
            if used[i]:
                continue
            if u in _TOUCH and w[i + 1:i + 2] == ["of"] and i + 2 < len(w) and w[i + 2] in _GREY | {"white"}:
                end = i + 3
            elif u in _GREY and i + 1 < len(w) and w[i + 1] in _STREAKS:
                end = i + 2
            else:
                continue
            if any(used[i:end]) or (i > 0 and w[i - 1] in _NOT | {"no", "without"}):
                continue
            part, k = None, end  # "in his beard", "through her hair"
            if k < len(w) and w[k] in _IN:
                k += 1
                if k < len(w) and w[k] in _TEMPLE_DET | {"a"}:
                    k += 1
                if k < len(w) and w[k] in _FACIAL:
                    part = "beard"
                elif k < len(w) and w[k] == "hair":
                    part = "hair"
                if part:
                    end = k + 1
            attr = "beard_color" if part == "beard" else "hair_color"
            self.say(i, ((attr, "gray"),), True, "beard" if part == "beard" else "hair")
            for j in range(i, end):
                used[j] = True

    def _temples(self):
        """"grey at the temples", "greying around his temples": hair_color gray, stated; beside a stated pigment only
        implied, so it wins quietly: "brown hair and greying temples" is brown hair grey at the temples
        (read_amount's "temples" with the brown kept), no contradiction (before: gray, and a contradiction warned)."""
        for i, u in enumerate(self.w[:-3]):
            if (u in _TEMPLE_GREY and self.w[i + 1] in _AT and self.w[i + 2] in _TEMPLE_DET
                    and self.w[i + 3] == "temples" and not any(self.out.used[i + 1:i + 4])):
                if not self.out.used[i]:  # "gone grey at the temples" was said by the verb of change
                    self.say(i, (("hair_color", "gray"),), not self._pigment_said(), "hair")
                for j in range(i, i + 4):
                    self.out.used[j] = True


# How grey the hair is (`ParseResult.hair_grey`, beside the code): the code's hair_color / beard_color "gray" is one
# value for white hair and for a few grey hairs among dark ones, so the words that say how much are read here.
# {"scalp": amount, "beard": amount}, each only where the code says that hair is gray (grey temples also beside a
# stated pigment: "brown hair and greying temples" keeps the brown); amounts: "salt_pepper" (a mix
# of dark and grey hairs), "temples" (grey at the temples and sideburns, the rest pigmented), "some" (greying, a touch
# of grey, flecks), "mostly" (mostly grey, a few dark hairs left).  Nothing said of the amount (grey, white, silver,
# "completely grey"): no entry, drawn as before.
_G = r"(?:gray|grey|silver|white)"
_AMOUNTS = (
    ("salt_pepper", re.compile(r"\b(?:salt[\s-]*(?:and|&|n|\+)[\s-]*pepper|pepper[\s-]*(?:and|&|n)[\s-]*salt)\b")),
    ("temples", re.compile(rf"\b(?:{_G}|graying|greying|silvering|whitening|grayed|greyed)(?:ing)?\s+(?:at|around|about|"
                           rf"on|near)\s+(?:the|his|her|their)\s+temples\b|\b(?:graying|greying|silvering|{_G}|"
                           rf"{_G}ing)\s+temples\b|\btemples\s+(?:are|were|have\s+gone|going|turning)\s+{_G}\b")),
    ("mostly", re.compile(rf"\b(?:mostly|largely|mainly|predominantly|nearly\s+all|almost\s+all|almost|nearly)\s+"
                          rf"(?:{_G}|graying|greying)\b")),
    ("some", re.compile(rf"\b(?:grizzled|graying|greying|(?:going|turning|starting\s+to\s+go)\s+{_G}|{_G}ing|"
                        rf"(?:a\s+)?(?:touch|hint|hints|fleck|flecks|streak|streaks|dash|sprinkling|smattering|bit)\s+"
                        rf"of\s+{_G}|(?:a\s+few|some|occasional|scattered)\s+{_G}\s+(?:hairs|strands|streaks)|"
                        rf"{_G}[\s-]+(?:flecked|streaked|tinged|flecks|streaks)|(?:flecked|streaked|tinged)\s+with\s+"
                        rf"{_G}|slightly\s+{_G}|partly\s+{_G}|partially\s+{_G})\b")),
)
_BEARD = re.compile(r"\b(?:beard\w*|stubble|mustache|moustache|goatee|whiskers|facial\s+hair)\b")
_SCALP = re.compile(r"\b(?:hair(?:ed)?|temples|head|locks|mane|curls|crop|ponytail|bun)\b")
_DENY = re.compile(r"\b(?:no|not|never|without|isn't|n't)\s+(?:\w+\s+){0,2}$")


def _part(low: str, m: re.Match) -> str | None:
    """What an amount is said of: the nearest hair word in its clause (after it first: "flecks of grey in his beard",
    "salt-and-pepper hair"), or None."""
    after = re.split(r"[,.;:!?]|\band\b|\bwith\b", low[m.end():], maxsplit=1)[0]
    before = re.split(r"[,.;:!?]|\band\b|\bwith\b", low[:m.start()])[-1]
    if "temples" in m.group(0):
        return "scalp"
    for text, first in ((after, True), (before, False)):
        found = [(x.start(), "beard") for x in _BEARD.finditer(text)] + [(x.start(), "scalp") for x in _SCALP.finditer(text)]
        if found:
            return (min if first else max)(found)[1]
    return None


def read_amount(text: str, concrete: dict) -> dict:
    """(cleaned text, code) -> {"scalp"?: amount, "beard"?: amount}: how grey the hair the code calls gray is (the last
    said wins; a negated amount says nothing).  An amount said of no hair word is the scalp's if the code's hair is
    gray, else the beard's."""
    low = " ".join(text.lower().split())
    found = []
    for amount, pattern in _AMOUNTS:
        for m in pattern.finditer(low):
            if _DENY.search(low[:m.start()]):
                continue
            if any(a <= m.start() < b for _, a, b, _ in found):  # "greying at the temples" is the temples'
                continue
            found.append((amount, m.start(), m.end(), m))
    out: dict = {}
    for amount, start, _, m in sorted(found, key=lambda f: f[1]):
        part = _part(low, m)
        if part is None:
            part = "scalp" if concrete.get("hair_color") == "gray" else "beard"
        if part == "scalp" and (concrete.get("hair_color") == "gray" or amount == "temples" and concrete.get(
                "hair_color")) or \
                part == "beard" and concrete.get("beard_color") == "gray":
            out[part] = amount
    return out
