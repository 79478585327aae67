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
            self.say(i, (("hair_color", "gray"),), True, "hair", neg=neg)
            for j in [*range(verb, i + 1), *([at] if at is not None else [])]:
                self.out.used[j] = True
        self._temples()

    def _temples(self):
        """"grey at the temples", "greying around his temples": hair_color gray, stated."""
        for i, u in enumerate(self.w[:-3]):
            if (u in _TEMPLE_GREY and self.w[i + 1] in _AT and self.w[i + 2] in _TEMPLE_DET
                    and self.w[i + 3] == "temples" and not any(self.out.used[i + 1:i + 4])):
                if not self.out.used[i]:  # "gone grey at the temples" was said by the verb of change
                    self.say(i, (("hair_color", "gray"),), True, "hair")
                for j in range(i, i + 4):
                    self.out.used[j] = True
