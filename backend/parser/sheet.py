"""The passes for casting calls and character sheets, mixed into the extractor: heights, weights and build
words (one warning), form fields and shorthand genders, counts, numbers no rule read, and listed ancestries."""
from __future__ import annotations

from .age import DECADES, PART
from .body import body_width, find_measures, number_tokens
from .features import FEATURES
from .labels import either_gender, letter_genders, read_labels, titled_names
from .lexicon import ANCESTRY, BODY_BUILD, PERSONS, PRONOUNS
from .tokens import BOUNDARY, ITEM_MARKS
from .words import FILLER


class SheetPasses:
    """Needs the extractor's t, text, w, n, out and say."""

    def measures(self) -> list[str]:
        """Heights and weights: read (so no number of theirs becomes an age), named in a warning, and
        together maybe a face width (body.py); -> the words with theirs blanked for the age rules."""
        self.numbers = number_tokens(self.w)  # the sheet passes look at these only
        found = find_measures(self.t, self.text, self.w, self.numbers)
        words = list(self.w)
        for m in found:
            for j in range(m.start, m.end):
                self.out.used[j], words[j] = True, "_"
        self.body_said = [(self.t[m.start].start, self.text[self.t[m.start].start:self.t[m.end - 1].end])
                          for m in found]  # (place, text)
        self.body_width = body_width(found)
        if self.body_width:
            pos = next(m.start for m in reversed(found) if m.kind == "weight")
            self.say(pos, (("face_width", self.body_width),), False, "body")
        return words

    def _build(self, j: int, neg: str | None):
        if self.w[j] in BODY_BUILD and not neg:
            self.body_said.append((self.t[j].start, self.text[self.t[j].start:self.t[j].end]))

    def body_note(self):
        """One warning for the body: sizes and build words have no attribute in the code."""
        if not self.body_said:
            return
        said = ", ".join(dict.fromkeys(text for _, text in sorted(self.body_said)))
        if self.body_width:
            said += f" (height and weight together imply a {self.body_width} face)"
        self.out.notes.append(f"body size and build have no attribute in the code, left out: {said}")

    def labels(self, words: list[str]):
        """Form fields ("Gender: F", "Name: John"): labels read, one-letter genders said (and standing as the
        person word for the age rules: "40M" is "40 male"), names left out."""
        for a, b in either_gender(words):
            self.out.notes.append(f"either gender, so none is set: {self.text[self.t[a].start:self.t[b].end]!r}")
            for j in range(a, b + 1):
                self.out.used[j], words[j] = True, "person"
        read, genders, names, scenes, origins = read_labels(words)
        for j, ancestry in origins:  # the value stays a phrase for CLIP too
            self.say(j, (("ancestry", ancestry),), True, "label")
        for a, b in scenes:
            self.out.notes.append(f"not about the face, left out: {self.text[self.t[a].start:self.t[b].end]!r}")
            for j in range(a, b + 1):
                self.out.used[j] = True

        raw = lambda j: self.text[self.t[j].start:self.t[j].end]  # noqa: E731
        genders += [(j, g) for j, g in letter_genders(words, raw) if not self.out.used[j] and j not in read]
        for j in read:
            self.out.used[j] = True
        for j, gender in genders:
            self.say(j, (("gender", gender),), True, "label")
            self.out.used[j], words[j] = True, gender
        # "John, 45, grey hair", "Sarah (28)", "JOHN (40s)", "Zhang Wei, 28", "Jean-Luc, late 40s": up to three
        # capitalised words first name the subject, and the last stands as the person word for the age rules
        k = 0
        while k < min(3, len(words)) and words[k].isalpha() and words[k] not in PERSONS and self.text[
                self.t[k].start].isupper():
            k += 1
        age_next = 0 < k and len(words) > k + 1 and (
            words[k + 1].isdecimal() and 1 <= int(words[k + 1]) <= 110 or words[k + 1] in DECADES
            or words[k + 1] in PART)
        if age_next and words[k] in (",", "("):
            words[k - 1] = "person"
        from .vocabulary import english_words

        known = english_words() | frozenset(PERSONS)
        # "Character: Sgt. Reyes", "Sir Reginald": the title of a person word keeps its gender (labels.py)
        for title, a, b in titled_names(words, raw, known):
            if any(self.out.used[a:b + 1]) or any(c <= a <= d for c, d in names):
                continue
            # a title of no gender goes with the name ("Sgt.", "Dr"); the name stands as the person word for the
            # age rules ("Dr. Lena Park, 40")
            names.append((title if title is not None and words[title] not in PERSONS else a, b))
            words[b] = "person"
        for a, b in names:
            self.out.notes.append(f"a name says nothing about the face, left out: "
                                  f"{self.text[self.t[a].start:self.t[b].end]!r}")
            for j in range(a, b + 1):
                self.out.used[j] = True

    def counts(self, words: list[str]):
        """A count is no age: "a man, 2 scars", "a mother, 3 kids" (blanked in the age rules' words)."""
        for i in self.numbers:
            if i + 1 < self.n and self.w[i][0].isdigit() and self._plural(i + 1) and (
                    self.w[i + 1] in FEATURES or self.w[i + 1] in PERSONS):
                words[i] = "_"

    def unread_numbers(self):
        """A number beside a person word that no age rule read ("a man 3000"), or one that could be an age
        anywhere ("looks 60 but is 40": the 40), is said, not dropped silently; a count is no age ("3 kids",
        "his 2 eyes")."""
        for i in self.numbers:
            u = self.w[i]
            if self.out.used[i] or not u[0].isdigit():
                continue
            before = i - 1 - (i > 1 and self.w[i - 1] in (",", "+"))
            after = i + 1 + (i + 2 < self.n and self.w[i + 1] in (",", "+"))
            count = i + 1 < self.n and (self._plural(i + 1) or self.w[i + 1] in FILLER)  # "50mm", "8k"
            age_like = u.isdecimal() and 10 <= int(u) <= 120
            if not count and (age_like or any(0 <= k < self.n and (self.w[k] in PERSONS or self.w[k] in PRONOUNS)
                                              for k in (before, after))):
                self.out.notes.append(f"number not understood as an age, left out: "
                                      f"{self.text[self.t[i].start:self.t[i].end]!r}")
                self.out.used[i] = True

    def _plural(self, k: int) -> bool:
        raw = self.text[self.t[k].start:self.t[k].end].lower()
        return raw.isalpha() and (raw.endswith("s") or raw in ("men", "women", "people", "children", "folk"))

    def listed_ancestry(self):
        """An ancestry word that is a list item of its own in a text about a person: "MALE | 30s | Middle Eastern",
        "Female, 70+, Indian" (casting calls list it apart).  Stated, and the word stays a phrase for CLIP, as before a
        person noun.  "black" and "white" only capitalised ("Male, Black, 30s"): lower case they are more often
        colours left over from a list."""
        if not any(s.attr in ("gender", "age") for s in self.out.statements):
            return
        for i, u in enumerate(self.w):
            if self.out.used[i] or u not in ANCESTRY or (u in ("black", "white") and
                                                         not self.text[self.t[i].start].isupper()):
                continue
            before = i == 0 or self.w[i - 1] in ITEM_MARKS
            after = i + 1 >= self.n or self.w[i + 1] in ITEM_MARKS or self.w[i + 1] in BOUNDARY
            if before and after:
                self.say(i, (("ancestry", ANCESTRY[u]),), True, "person")
