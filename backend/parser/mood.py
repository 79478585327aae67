"""Moods that show around the eyes, mixed into the extractor: "looks tired", "an exhausted mother", "sleepy eyes";
and signs of age ("wrinkled", "a weathered face", lexicon.AGE_SIGNS), read the same way: they imply old.

A mood word (lexicon.MOODS) implies heavy lids and shadows under the eyes, weaker than anything stated about
them.  It is never marked read, so it also stays in its abstract phrase for CLIP (as an ancestry word does):
"tired" says more than lids and shadows.  Denied ("doesn't look tired", "never looks tired") it implies its
opposite (no shadows) and the phrase is left out with the parser's usual warning for negated phrases.
"""
from __future__ import annotations

from .features import FEATURES
from .lexicon import AGE_SIGNS, COPULAS, DEGREES, MOODS, NEGATIONS, NOT_VERY, PERSON_MODIFIERS, PERSONS, ROLES
from .tokens import BOUNDARY

_BETWEEN = COPULAS | DEGREES | frozenset({"do", "does", "did", "even", "at", "ever", "feel", "feels", "feeling"})
_REACH = 3  # words between a negation and the mood word ("does not even look tired")
_SIGNS = {**MOODS, **AGE_SIGNS}
# What a sign of age may stand before: a face or person noun ("a lined face", "a wrinkled old man"), not the eyes or
# lips ("lined eyes" are made up), or the end of its item ("male, wrinkled, ...", "her face is lined").
_SIGN_NOUNS = (frozenset(FEATURES) | frozenset(PERSONS) | ROLES) - {"eyes", "eyed", "lips", "lipped", "lids", "eyelids"}
_SIGN_ENDS = BOUNDARY | {",", ";", ":", "/", "and", "but", "from", "by"}


class MoodPass:
    """Needs the extractor's w, n, out, others (someone else's noun phrases), say and degree_before."""

    def moods(self):
        for i, u in enumerate(self.w):
            if u not in _SIGNS or any(a <= i <= b for a, b in self.others) or (u in AGE_SIGNS and not self._of_face(i)):
                continue
            said, denied = _SIGNS[u]
            neg = self._mood_negation(i)
            if neg is None:
                degree = self.degree_before(i)
                if degree is not None and degree > 1:  # "very tired": dark circles, not faint shadows
                    said = tuple((a, "dark" if v == "shadows" else v) for a, v in said)
                self.say(i, said, False, "mood")
                continue
            if self.w[neg] not in NOT_VERY:  # "not very tired" still says a little tired: nothing concrete
                self.say(i, denied, False, "mood")
            self.out.phrases.append((neg, i, True))
            for j in range(neg, i + 1):
                self.out.used[j] = True

    def _of_face(self, i: int) -> bool:
        """A sign of age about the face or person: "wrinkled, old man", "weathered skin", not "a wrinkled shirt"."""
        k = i + 1
        while k < self.n and (self.w[k] in DEGREES or self.w[k] in PERSON_MODIFIERS or self.w[k] in AGE_SIGNS):
            k += 1
        return k >= self.n or self.w[k] in _SIGN_ENDS or self.w[k] in _SIGN_NOUNS or self.role_at(k)

    def _mood_negation(self, i: int) -> int | None:
        """Index of the negation that denies the mood word at i ("isn't tired", "never looks exhausted")."""
        k = i - 1
        while k >= 0 and i - k <= _REACH + 1:
            u = self.w[k]
            if u in NEGATIONS or u in NOT_VERY:
                return k
            if u not in _BETWEEN or u in ("and", "but", "yet", "with", "who", "which", "that"):
                return None
            k -= 1
        return None
