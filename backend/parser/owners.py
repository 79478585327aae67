"""Whose feature a noun phrase is, mixed into the extractor: "she kissed his cheek" (his cheek, not her face), "a woman
stroking her husband's beard" (his beard), "a woman and her bearded husband" (his beard); after a verb of having the
feature is a likeness and the subject's own ("she has his father's nose", "he has her blue eyes").  The person
described is pronouns.subject: the subject pronouns, or the first person noun nobody owns."""
from __future__ import annotations

from .lexicon import DETERMINERS, LIST_JOINERS, PERSONS, POSSESSIVES, PRONOUNS
from .pronouns import a_likeness, someone_elses

# "my grandmother" is the person described; "her father" is not
THIRD = (POSSESSIVES - {"my", "your", "our"}) | {"whose"}


class OwnerPass:
    """Needs the extractor's w, t, text, out, gender and named."""

    def _someone_elses(self, i: int, first: int) -> int | None:
        """The possessive of someone else that owns feature noun i, if any: "his cheek" and "her red hair" after
        "she kissed" or "he tucked", "pursing her lips" after "he watched" (pronouns.someone_elses); None after a
        verb of having ("she has his nose": a likeness, her own)."""
        k = i - 1
        while k >= 0 and (k >= first or self.w[k] in DETERMINERS):
            if self.w[k] in POSSESSIVES:
                mine = not someone_elses(self.w, k, self.gender, self.named) or a_likeness(self.w, k)
                return None if mine else k
            k -= 1
        if k >= 0 and self._possessor(k):
            return self._relative_owner(k)
        return None

    def _possessor(self, k: int) -> bool:
        """Token k is a person noun in the possessive ("her husband's", "a man's"; the "'s" is gone from the word)."""
        raw = self.text[self.t[k].start:self.t[k].end].lower()
        return self.w[k] in PERSONS and (raw.endswith("'s") or raw.endswith("s'"))

    def _relative_owner(self, k: int) -> int | None:
        """The first word of "her husband's" or "a man's" owning a feature, when that person is not the one
        described: "a woman stroking her husband's beard" (his beard); None for the person described ("an old man's
        face") or after a verb of having ("she has her father's grey eyes": a likeness, hers)."""
        if not self.named or k in self.named:
            return None
        j = k
        while j > 0 and self.w[j - 1] in DETERMINERS:
            j -= 1
        return None if a_likeness(self.w, j) else j

    def _acting_on(self, k: int) -> int:
        """The first word of the verb words before someone else's feature at k ("kissed" in "she kissed his cheek",
        "looked into"): they are about that person too, no phrase for the subject's refinement."""
        while k > 0 and not self.out.used[k - 1] and k - 1 not in self.named and self.w[k - 1] not in PRONOUNS \
                and not self.t[k - 1].punct and self.w[k - 1] not in LIST_JOINERS:
            k -= 1
        return k

    def _relative(self, lead: int) -> bool:
        """A person noun phrase opened by a third person's possessive: "her bearded husband", "his bald father"."""
        return lead > 0 and self.w[lead - 1] in THIRD
