"""Reading statements out of tokens: feature noun phrases, person nouns, ages and free adjectives.

Each feature or person noun collects its modifiers: first those before it ("small brown eyes"),
then, for nouns whose modifiers were not claimed by another noun, those after a copula ("her
eyes are big and blue").  Modifiers the tables know give statements; unknown ones in the same
noun phrase make the phrase abstract ("piercing blue eyes", "high cheekbones").
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..schema import BY_NAME
from .age import find_ages
from .degree import run_factor
from .features import FEATURES, SKIN, SOFTER, Feature
from .lexicon import (ANCESTRY, BOOSTS, COPULAS, DEGREES, DETERMINERS, ETHNIC_PERSONS, FREE_OK, HAVE_VERBS,
                      INTENSIFIERS, LESS, NEGATIONS, NOT_VERY, PERSON_MODIFIERS, PERSON_TRAITS, PERSONS, POSSESSIVES,
                      PRONOUNS, ROLES, look_person)
from .greying import GreyingPass
from .mood import MoodPass
from .mood_degree import ADVERBS as LOOK_ADVERBS
from .one_intent import share_negation
from .owners import THIRD, OwnerPass
from .pronouns import about_someone_else, someone_elses, subject
from .resolve import SAME_AS_HAIR, Statement
from .sizes import little_is_degree
from .sheet import SheetPasses
from .tokens import BOUNDARY, ITEM_MARKS, Token
from .words import FILLER, STOP

_NEG_KINDS = NEGATIONS | NOT_VERY | LESS
_POST_COPULAS = COPULAS - {"with", "has", "have", "had", "and", "but", "yet", "whose"}
_JOIN = frozenset({"and", ",", "or", "&", "/", "+", "but"})
_OR_LIST = frozenset({",", "or", "nor", "/"})  # joiners a negation reaches across
_MAX_UNKNOWN_MODS = 3
_ABSENT = frozenset({"none", "no", "absent", "missing", "nil", "zero"})
_ABSENT_TAIL = frozenset({"visible", "whatsoever", "seen", "noted", "shown"})
_DEGREE_WORDS = DEGREES | INTENSIFIERS | frozenset(BOOSTS)
# "eyes set very far apart", "hair worn long", "silver hair cut short"
_LINKS = frozenset({"set", "spaced", "placed", "positioned", "worn", "cut", "kept"})
# What denying a value of an unordered attribute leaves: "not smiling" -> neutral, "not bald" -> full.
_DENIED_TO = {"expression": "neutral", "scalp_hair": "full"}
# A mouth that is not open or parted is closed; one that is not closed is at least parted ("not very open": parted).
_DENIED_MOUTH = {"open": "closed", "parted": "closed", "closed": "parted"}
# Verbs of change after a copula, as a copula: "his beard is going grey", "her hair has turned white".
_HAVE = frozenset({"has", "have", "had"})
_BECOMING = frozenset({"going", "gone", "turning", "turned", "grown", "getting", "gotten"})
# Linking verbs a negation reaches across: "doesn't look happy", "never seems to be angry", "does not even look old".
_LINKING = frozenset({"look", "looks", "looking", "looked", "seem", "seems", "seeming", "seemed", "appear", "appears",
                      "appearing", "appeared", "to", "be", "even", "ever"})
# Words after which "look" is the verb, not the noun ("he doesn't look kind" vs "a kind look"): its negation is
# the predicate's, not the noun phrase's.
_VERB_CUES = NEGATIONS | NOT_VERY | frozenset({
    "he", "she", "they", "i", "you", "we", "it", "who", "which", "that", "to", "do", "does", "did", "will", "would",
    "can", "could", "may", "might", "should", "must", "even", "ever", "always", "often", "usually", "sometimes",
    "really", "just", "also", "and", "but"})
_VERB_NOUNS = frozenset({"look"})
_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "do", "does", "did", "s"})


def lookup(table: dict, word: str):
    """Table entry for a word or its comparative/superlative ("wider" -> "wide", "chubbier" -> "chubby")."""
    if word in table:
        return table[word]
    for suffix in ("er", "est"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for cand in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else None,
                         stem[:-1] + "y" if stem.endswith("i") else None):
                if cand and cand in table:
                    return table[cand]
    return None


def _flip(attr: str, value: str, kind: str) -> str | None:
    """Meaning of a negated value: "not big" -> small, "not very big" -> medium, "not smiling" -> neutral."""
    a = BY_NAME[attr]
    if attr == "mouth" and kind not in NOT_VERY and kind not in LESS:
        return _DENIED_MOUTH[value]
    if attr in _DENIED_TO:
        return _DENIED_TO[attr] if value != _DENIED_TO[attr] else None
    if len(a.values) == 2 and not a.ordinal:  # "not a man": a woman; "neither a man nor a woman": neither
        return None if kind in ("neither", "nor") else next(v for v in a.values if v != value)
    if not a.ordinal or len(a.values) != 3:
        return None
    i = a.values.index(value)
    if kind in NOT_VERY or kind in LESS or kind in ("neither", "nor"):
        return a.values[1] if i != 1 else None
    return a.values[2 - i] if i != 1 else None


@dataclass
class Reading:
    """What the extraction found: statements, which tokens it understood, abstract noun phrases."""

    statements: list[Statement] = field(default_factory=list)
    used: list[bool] = field(default_factory=list)
    phrases: list[tuple[int, int, bool]] = field(default_factory=list)  # (first, last token, negated)
    notes: list[str] = field(default_factory=list)  # warnings found while reading
    ages: list[tuple[int, str, int]] = field(default_factory=list)  # (token, age class, years): age_years.py


class _Extractor(SheetPasses, MoodPass, GreyingPass, OwnerPass):
    def __init__(self, tokens: list[Token], text: str):
        self.t, self.text = tokens, text
        self.w = [t.w for t in tokens]
        self.n = len(tokens)
        self.out = Reading(used=[False] * self.n)
        self.first_person = next((k for k, u in enumerate(self.w) if u in PERSONS), self.n)
        self.asides = self.contrasts()
        self.others: list[tuple[int, int]] = []  # (first, last token) of noun phrases about someone else
        self.gender, self.named = subject(self.w)  # the person described, for "she kissed his cheek"

    # -- helpers -------------------------------------------------------------------------------
    def say(self, pos: int, pairs, explicit: bool, source: str, neg: str | None = None, intense=False,
            degree: float | None = None):
        for attr, value in pairs:
            strong, denied = explicit, None
            if neg:
                degree = None  # "not very wide" says how wide it is not
                # "not a frown" beside "a big smile": what a negation implies yields to what is stated
                denied, value, strong = value, _flip(attr, value, neg), False
                if value is None:
                    if denied != SAME_AS_HAIR:  # "no grey hair": a denial alone, no value (resolve._deny)
                        self.out.statements.append(Statement(pos, attr, None, False, source, denied=denied))
                    continue
            if intense and attr == "skin_tone" and value == "fair":
                value = "very-fair"
            if degree is not None and degree < 1 and (attr, value) in SOFTER:
                value = SOFTER[attr, value]  # "a slightly open mouth" is parted
            self.out.statements.append(Statement(pos, attr, value, strong, source,
                                                 self.text[self.t[pos].start:self.t[pos].end],
                                                 degree if strong else None, denied))

    def degree_before(self, m: int, mods=()) -> float | None:
        """Strength factor of the degree words right before modifier m ("very", "a little", "much" + -er);
        a word that is itself one of the modifiers is none ("a little old lady")."""
        k, claimed = m, {j for j, _, _ in mods}
        while k > 0 and k - 1 not in claimed and (
                self.w[k - 1] in _DEGREE_WORDS or (self.w[k - 1] == "a" and self.w[k] == "little")
                or (self.w[k - 1] == "," and k > 1 and self.w[k - 2] in _DEGREE_WORDS and self.w[k] in _DEGREE_WORDS)):
            k -= 1  # "very, very old"
        return run_factor(self.w[k:m], self.w[m].endswith("er")) if k < m else None

    def is_unknown_modifier(self, j: int, person: bool = True) -> bool:
        """A word no table knows, that may describe the noun after it ("piercing" eyes)."""
        u = self.w[j]
        return (u.replace("_", "").isalpha() and u not in STOP and u not in FILLER and u not in DETERMINERS
                and u not in FEATURES and u not in PERSONS and u not in PRONOUNS and u not in _NEG_KINDS
                and u not in COPULAS and (u not in PERSON_MODIFIERS or not person) and not self.out.used[j])

    # -- noun phrases ----------------------------------------------------------------------------
    def back_scan(self, i: int, table: dict, person: bool, lent: list[int] | None = None,
                  actions: dict | None = None):
        """Modifiers before noun i -> (mods [(index, negation kind, intensified)], unknown indices,
        first index, negated noun phrase kind).  `lent`: i is an adjective of a person noun after it ("an old
        bald man", "a chubby bearded man"); the words it does not know, not hyphen-joined to it, go there.
        `actions`: the noun's action words (Feature.actions), which also reach it as a verb before a possessive
        ("pursing her lips", "showing his teeth"; the possessive still says the gender)."""
        mods, unknown, j = [], [], i - 1
        bound = self._hyphened(i) if lent is not None else set()
        first, np_neg = i, None
        det_seen, kept = False, 0  # kept: modifiers after a "but", out of a negation's reach
        while j >= 0:
            u = self.w[j]
            if j in self.asides:
                j = self.asides[j] - 1  # "green, not blue, eyes": the noun keeps "green"
                continue
            if self.out.used[j] or u in BOUNDARY:
                break
            if det_seen and u not in _NEG_KINDS and u not in DETERMINERS:
                if not mods and self.w[j + 1] in POSSESSIVES and lookup(actions or {}, u) is not None:
                    mods.append([j, None, False])  # "pursing her lips", "baring his teeth": the verb's noun
                    first = j
                    j -= 1
                    continue
                break  # "imagine a man": a determiner opens the noun phrase
            if lent is not None and j not in bound and u not in _JOIN and not (
                    u in _DEGREE_WORDS and j == i - 1) and (  # "a slightly annoyed man": the degree is annoyed's
                    u in PERSON_MODIFIERS or (lent and lookup(table, u) is not None)
                    or (len(lent) < _MAX_UNKNOWN_MODS and lookup(table, u) is None
                        and self.is_unknown_modifier(j, False))):
                lent.append(j)  # "a short grey-haired man": the man is short; the words before it are his too
            elif lookup(table, u) is not None and (  # "a little long nose": a degree; "a little old lady": her size
                    person or not little_is_degree(self.w, j, [m[0] for m in mods], table, lookup)):
                mods.append([j, None, False])
                first = j
            elif (u in DEGREES and (mods or u not in NEGATIONS)) or u in INTENSIFIERS or (
                    u in BOOSTS and mods):  # "barely visible" grades a modifier; "barely smiles" negates
                if mods and u in INTENSIFIERS:
                    mods[-1][2] = True
                first = j
            elif not person and self._hyphen_tail(j) and len(unknown) < _MAX_UNKNOWN_MODS:
                unknown.append(j)  # "deep-set eyes": "set" is no determiner here
                first = j
            elif u in DETERMINERS:
                det_seen = True
            elif u in _NEG_KINDS:
                # "not very big eyes" negates the modifiers; "no beard" negates the noun phrase, and so does a
                # negation before a feature's determiner: "not a grey beard" is "no grey beard" (a beard not said).
                # A person stays: "not an old man" is a man who is not old.
                if mods and u != "no" and u != "without" and not (det_seen and not person):
                    for m in mods[kept:]:
                        m[1] = m[1] or u
                else:
                    np_neg = u
                first = min(first, j)
                j -= 1
                break
            elif u in _JOIN and (mods or unknown) and j > 0 and lookup(table, self.w[j - 1]) is not None and not (
                    j > 2 and self.w[j - 2] == ":" and self.w[j - 3] in FEATURES) and not (  # "Hair: black, blue eyes"
                    u == "," and self._predicate(j - 1, table)):  # "her eyes are big, brown hair": no "big hair"
                kept = len(mods) if u == "but" else kept  # "not blue but green eyes"
            elif self.is_unknown_modifier(j, person) and len(unknown) < _MAX_UNKNOWN_MODS and u not in _JOIN:
                unknown.append(j)
                first = j
            else:
                break
            j -= 1
        if lent:
            first = min([i] + [m[0] for m in mods] + unknown)  # the lent words are the person's
        if np_neg is None:
            # "does not have a beard", "never wears makeup", "isn't wearing any makeup", "doesn't look happy"
            k, steps = j, 0
            while k >= 0 and steps < 4 and (self.w[k] in HAVE_VERBS or self.w[k] in _LINKING) and not self.out.used[k]:
                k, steps = k - 1, steps + 1
            if k >= 0 and steps and self.w[k] in NEGATIONS and not self.out.used[k]:
                np_neg, first = self.w[k], k
        return mods, unknown, first, np_neg

    def _predicate(self, j: int, table: dict) -> bool:
        """The modifier run ending at j follows a copula ("eyes are big, ..."): it is said of the noun before the
        copula, so a noun after the comma does not reach over it."""
        k = j
        while k >= 0 and (lookup(table, self.w[k]) is not None or self.w[k] in _DEGREE_WORDS
                          or self.w[k] in ("and", ",")) and not self.out.used[k]:
            k -= 1
        return k >= 0 and self.w[k] in _POST_COPULAS and self.w[k] not in ("which", "that", "who", "also", "both")

    def _hyphen_tail(self, j: int) -> bool:
        """Word j ends a hyphen compound whose head is unknown: "deep-set" ("set" alone is a function word)."""
        return (j > 0 and self.text[self.t[j - 1].end:self.t[j].start] == "-" and self.w[j].isalpha()
                and not self.out.used[j] and self.w[j] not in FEATURES and self.w[j] not in PERSONS
                and self.is_unknown_modifier(j - 1))

    def _hyphened(self, i: int) -> set[int]:
        """Token i and the words hyphen-joined before it ("short-haired", "piercing-eyed")."""
        out, k = {i}, i
        while k > 0 and self.text[self.t[k - 1].end:self.t[k].start] == "-":
            k -= 1
            out.add(k)
        return out

    def owner(self, i: int, scans: dict, owners: dict) -> int | None:
        """The person noun that feature noun i is an adjective of: the noun phrase right after i is a person's
        ("bald man") or that of a feature that is one ("an old bald bearded man")."""
        nxt = next(reversed(scans), None)  # scanned right to left: the last one scanned is the nearest after i
        if nxt is None or scans[nxt][2] != i + 1:
            return None
        return nxt if self.w[nxt] in PERSONS else owners.get(nxt)

    def forward_scan(self, i: int, table: dict):
        """Modifiers after noun i, through a copula or a colon: "eyes are big and blue", "Eyes: blue".
        A colon field reads its whole list; words of it no table knows are kept for the phrase ("Hair: short,
        curly, brown" -> brown + "Hair: short, curly, brown").
        -> (mods, last index used, absent: "eyebrows: none", unknown words of a field)."""
        mods, k, neg, seen, adjacent = [], i + 1, None, False, True
        absent, extra, aside = False, [], self._aside(i, i + 1, table)
        aside_end = None if aside else self._aside_words(i, table)  # "eyebrows, bushy and arched"
        aside = aside or aside_end is not None
        field = i + 1 < self.n and self.w[i + 1] == ":"
        simile = self._simile(i, table)
        if simile:  # "eyes as blue as the sea", "hair as black as night": the colour (was a phrase only)
            m, end = simile
            for j in range(m + 1, end):
                self.out.used[j] = True  # "as the sea" restates the colour read
            return [[m, None, False]], m, False, []
        while k < self.n:
            u = self.w[k]
            if field and self.out.used[k] and u in FEATURES and k + 2 < self.n and self.w[k + 1] in (",", "and") \
                    and lookup(table, self.w[k + 2]) is not None:
                k += 2  # "Hair: buzz cut, black": a cut read on its own, the field's list goes on
                continue
            if self.out.used[k] or u in BOUNDARY:
                break
            if lookup(table, u) is not None and k + 1 < self.n and k > i + 1 and self.w[k + 1] in FEATURES and (
                    self.w[k + 1] != self.w[i]) and self.w[k - 1] in _JOIN:
                break  # "Eyes: blue, green hair", "eyes are big, brown hair": the next noun's own word
            if lookup(table, u) is not None and (seen or adjacent or mods):
                mods.append([k, neg, False])
                neg = None
            elif u in _POST_COPULAS or u in (":", "-") or (u in _LINKS and (k == i + 1 or mods and self.w[k - 1] in _JOIN)) or self._aside(i, k, table) or (
                    aside_end is not None and k == i + 1) or (
                    u in _BECOMING and (seen or k == i + 1)) or (
                    u in _HAVE and k + 1 < self.n and self.w[k + 1] in _BECOMING):  # "has gone white"
                seen = True
            elif u in DEGREES or u in BOOSTS or u == "still":  # "his hair is still dark"
                pass
            elif u == "a" and k + 2 < self.n and self.w[k + 1] == "little" and (seen or mods or adjacent) and (
                    lookup(table, self.w[k + 2]) is not None or self.w[k + 2] in _DEGREE_WORDS):
                k += 1  # "eyes are a little small": "a little" is a degree here, not "little" = small
            elif u in ("a", "an") and (seen or k == i + 2 and self.w[i + 1] == "of") and not mods and (
                    self._article_value(k, table) is not None):
                # "her eyes were a startling green", "eyes of a pale, washed-out blue": the colour is the noun's,
                # the words before it stay for the phrase
                end = self._article_value(k, table)
                extra += [j for j in range(k + 1, end) if self.w[j] not in _DEGREE_WORDS and self.w[j] != ","]
                k = end - 1
            elif u == "of" and k == i + 1 and k + 1 < self.n and self.w[k + 1] in ("a", "an"):
                pass  # "eyes of a pale blue"
            elif u in _ABSENT and (seen or adjacent) and not mods and self.w[i] not in PERSONS:  # "a man missing"
                absent = True  # "eyebrows: none", "beard: no"
                mods.append([k, None, False])
                if k + 1 < self.n and self.w[k + 1] in _ABSENT_TAIL:
                    extra.append(k + 1)  # "Scars: none visible": the whole field is the denial
                break
            elif u in _NEG_KINDS and (seen or mods or adjacent):
                neg = u
                seen = seen or adjacent  # "eyes aren't blue": the copula went into the negation
                adjacent = adjacent and u in NOT_VERY
            elif u == "," and mods and aside and k + 1 < self.n and self.w[k + 1] in _POST_COPULAS:
                pass  # "her hair, long and curly, was red": the clause goes on past its aside
            elif u in _JOIN and (seen or mods) and k + 1 < self.n and (
                    lookup(table, self.w[k + 1]) is not None or self.w[k + 1] in DEGREES | _NEG_KINDS
                    or mods and self.w[k + 1] in _LINKS):  # "hair was black and cut short"
                if u in ("or", "nor") and mods:
                    neg = mods[-1][1]  # "not blue or green" denies both; "not blue but green" keeps green
            elif field and k > i + 1 and self._field_word(k):
                if u not in _JOIN:
                    extra.append(k)
            elif aside_end is not None and k <= aside_end:
                if u not in _JOIN:
                    extra.append(k)  # "arched": kept for the phrase, read as the prose form "arched eyebrows"
            else:
                break
            k += 1
        last = max([i] + [m[0] for m in mods] + extra)
        return mods, last, absent, extra

    def _article_value(self, k: int, table: dict) -> int | None:
        """ "a" at k opening "a startling green", "a pale, washed-out blue": up to three words no table knows (or
        degree words, commas) and then a modifier of the noun's table ending its item -> that modifier's place."""
        m = k + 1
        while m < self.n and m <= k + 4 and lookup(table, self.w[m]) is None and (
                self.w[m] in _DEGREE_WORDS or self.w[m] == "," or self.is_unknown_modifier(m, False)
                or self.text[self.t[m - 1].end:self.t[m].start] == "-"):  # "washed-out"
            m += 1
        if m < self.n and lookup(table, self.w[m]) is not None and (
                m + 1 >= self.n or self.w[m + 1] in ITEM_MARKS or self.w[m + 1] in BOUNDARY or self.w[m + 1] in _JOIN):
            return m
        return None

    def _simile(self, i: int, table: dict) -> tuple[int, int] | None:
        """Noun i followed by "as <modifier> as <a few words>": -> (the modifier's place, the end of the simile)."""
        m = i + 2
        if m + 1 >= self.n or self.w[i + 1] != "as" or lookup(table, self.w[m]) is None or self.w[m + 1] != "as":
            return None
        end = m + 2
        while end < self.n and end < m + 6 and self.w[end] not in BOUNDARY and self.w[end] not in _JOIN:
            end += 1
        return m, end

    def _field_names(self, i: int, attr: str) -> bool:
        """Noun i labels a sheet's field whose value is another noun saying `attr`: "Beard: stubble", "Beard: grey
        stubble" (the label's own full beard was said too, and won)."""
        if i + 1 >= self.n or self.w[i + 1] != ":":
            return False
        for k in range(i + 2, self.n):
            u = self.w[k]
            if u in (".", ";", ":", "!", "?") or (k + 1 < self.n and self.w[k + 1] == ":"):
                return False
            f = FEATURES.get(u)
            if f is not None and any(a == attr for a, _ in f.intrinsic):
                return True
        return False

    def _field_none(self, i: int) -> bool:
        """Noun i opens a form field whose value says it is absent: "Glasses: none", "scars - no"."""
        return i + 2 < self.n and self.w[i + 1] in (":", "-") and self.w[i + 2] in _ABSENT

    def _aside(self, i: int, k: int, table: dict) -> bool:
        """A comma right after noun i opening an afterthought about it, "a wide mouth, slightly open", "full lips,
        slightly parted": degree words and one modifier of the noun's table that ends its item.  Not the next noun
        phrase: "a wide mouth, big eyes"."""
        if k != i + 1 or k >= self.n or self.w[k] != ",":
            return False
        m = k + 1
        while m < self.n and self.w[m] in _DEGREE_WORDS:
            m += 1
        if not (m > k + 1 and m < self.n and lookup(table, self.w[m]) is not None):
            # or a run of the noun's modifiers joined by "and" ("his beard, bushy and grey", "her hair, long and
            # curly, was red"; before, left a phrase): every word of it the noun's, the run ending its item
            m = k + 1
            if m >= self.n or lookup(table, self.w[m]) is None:
                return False
            while m + 2 < self.n and self.w[m + 1] in ("and", ",") and lookup(table, self.w[m + 2]) is not None:
                m += 2
            if m == k + 1:
                return False
        return m + 1 >= self.n or self.w[m + 1] in ITEM_MARKS or self.w[m + 1] in BOUNDARY

    def _aside_words(self, i: int, table: dict) -> int | None:
        """An aside after noun i's comma mixing its modifiers with words no table knows, "eyebrows, bushy and
        arched", "her hair, long and glossy, was red": -> the run's last index (each word the noun's or unknown,
        at least one of each, joined by "and" or commas, ending its item), else None."""
        k = i + 2
        if i + 1 >= self.n or self.w[i + 1] != "," or self.w[i] in PERSONS:
            return None
        known = unknown = 0
        while k < self.n:
            while k < self.n and self.w[k] in _DEGREE_WORDS:
                k += 1
            if k >= self.n:
                return None
            if lookup(table, self.w[k]) is not None:
                known += 1
            elif self.is_unknown_modifier(k) and self.w[k] not in _JOIN:
                unknown += 1
            else:
                return None
            if k + 2 < self.n and self.w[k + 1] in ("and", ",") and self.w[k + 2] not in FEATURES and (
                    lookup(table, self.w[k + 2]) is not None or self.is_unknown_modifier(k + 2)
                    or self.w[k + 2] in _DEGREE_WORDS):
                k += 2
                continue
            break
        ends = k + 1 >= self.n or self.w[k + 1] in ITEM_MARKS or self.w[k + 1] in BOUNDARY
        return k if known and unknown and unknown <= _MAX_UNKNOWN_MODS and ends else None

    def _field_word(self, k: int) -> bool:
        """A word of a colon field's list that no table knows, or a list mark inside it; not the next
        field's label ("Hair: black, Build: tall") nor another feature."""
        nxt = self.w[k + 1] if k + 1 < self.n else ""
        if nxt == ":":
            return False
        if self.w[k] in _JOIN:
            return bool(nxt) and nxt not in BOUNDARY and nxt not in FEATURES and not self.out.used[k + 1]
        return self.is_unknown_modifier(k, person=False)

    def blends(self, table: dict, mods) -> list:
        """"blue-green eyes", "greyish-blue", "reddish-brown hair": a hyphen-joined pair of values of one
        attribute is one blend, named by its last word (as "grey-blue" -> blue), not a contradiction."""
        if len(mods) < 2:
            return mods
        places = {j for j, _, _ in mods}
        drop = {j for j in places if j + 1 in places and self.text[self.t[j].end:self.t[j + 1].start] == "-"
                and {a for a, _ in lookup(table, self.w[j]) or ()} & {a for a, _ in lookup(table, self.w[j + 1]) or ()}}
        return [m for m in mods if m[0] not in drop] if drop else mods

    def feature(self, i: int, f: Feature, mods, unknown, first: int, np_neg: str | None, last: int):
        valued, kept = False, []  # kept: hint words, said and still in the phrase ("long hair")
        denied_action = False
        for j, neg, intense in self.blends(f.mods, mods):
            pairs = lookup(f.mods, self.w[j])
            kind = neg or ("not_very" if np_neg else None)  # "without heavy makeup": less, not opposite
            action = lookup(f.actions, self.w[j])
            if action is not None:
                if kind:  # "lips not pursed", "not showing his teeth": nothing to state (no opposite), warned
                    denied_action = True
                else:
                    self.say(j, pairs, True, f.name)
                    self.say(j, action, False, f.name)
                    valued = True
                continue
            if pairs:
                valued = True
                hint = lookup(f.hints, self.w[j]) is not None
                kept += [j] if hint else []
                implied = pairs if hint else ()
                stated = tuple(p for p in pairs if p not in implied)
                if kind and hint and f.name == "hair":
                    implied = ()  # "no long hair" denies the length only (hairstyle.py), not that there is hair
                for group, explicit in ((stated, True), (implied, False)):
                    self.say(j, group, explicit, f.name, kind,
                             intense or (f is SKIN and self._intensified(j)), self.degree_before(j, mods))
        if f.intrinsic or f.negated:
            said = {a for j, _, _ in mods for a, _ in (lookup(f.mods, self.w[j]) or ())}
            if np_neg and not valued:
                # "no beard" is a plain statement; "not a frown" only implies neutral, "no lipstick" only unpainted
                # lips ("pale lips, no lipstick" are pale; before, natural won with a contradiction)
                self.say(i, f.negated, not any(a in ("expression", "lip_color") for a, _ in f.negated), f.name)
            elif not np_neg:
                own = tuple(p for p in f.intrinsic if p[0] not in said and not self._field_names(i, p[0]))
                soft = any(p in SOFTER for p in own)  # "a mouth slightly agape" is parted
                self.say(i, own, True, f.name, degree=self.degree_before(i, mods) if soft else None)
        if f.implies and not np_neg:  # what a modifier said wins ("heavy eyeliner": heavy, not also light)
            said = {a for j, _, _ in mods for a, _ in (lookup(f.mods, self.w[j]) or ())}
            self.say(i, tuple(p for p in f.implies if p[0] not in said), False, f.name)
        said_something = valued or bool(f.negated if np_neg else f.intrinsic)  # bare "hair" says nothing
        for j in range(first, last + 1):
            self.out.used[j] = said_something or j != i
            if j > first and self.w[j] in POSSESSIVES and lookup(f.actions, self.w[j - 1]) is not None:
                self.out.used[j] = False  # "showing his teeth": "his" still says male (free_words)
        if i + 1 < self.n and self.w[i + 1] in LOOK_ADVERBS and (f.intrinsic or f.negated)[:1] and (
                f.intrinsic or f.negated)[0][0] == "expression":
            self.out.used[i + 1] = True  # "smiling broadly": its degree (mood_degree.ADVERBS), no phrase
        if denied_action and not valued:
            self.out.phrases.append((first, last, True))  # left out with the negated-phrase warning
        abstract_noun = not f.mods and not f.intrinsic and not f.negated
        if unknown or kept or (abstract_noun and (mods or f.presence)) or (f.presence and f.mods):
            end = self._extend(i) if abstract_noun else i
            start = min([first] + unknown + kept)
            self.out.phrases.append((start, max(end, last), bool(np_neg)))
            for j in range(start, end + 1):
                self.out.used[j] = True
            for j in range(i + 1, end + 1):  # "a tattoo on his neck": the place's pronoun still says the gender,
                self._pronoun(j)             # also when the phrase goes (not_modelled.py)

    def _intensified(self, j: int) -> bool:
        return j > 0 and self.w[j - 1] in INTENSIFIERS

    def _extend(self, i: int) -> int:
        """An abstract noun takes its place with it: "a scar across his left cheek"."""
        preps = {"on", "under", "across", "above", "over", "around", "between", "near", "below", "along",
                 "through", "beneath", "from", "at", "of", "in"}
        if i + 1 < self.n and self.w[i + 1] in preps:
            k = i + 2
            while k < self.n and k < i + 6 and (self.w[k] in DETERMINERS or self.is_unknown_modifier(k)):
                k += 1
            if k < self.n and k < i + 6 and self.w[k] in FEATURES:
                return k
            if k - 1 > i + 1 and self.is_unknown_modifier(k - 1):
                return k - 1
        return i

    def person(self, i: int, mods, unknown, first: int, np_neg, lead: int | None = None):
        """`lead`: the first word of the feature adjectives before it ("a crying baby"), where they are its own."""
        lead = first if lead is None else min(lead, first)
        gender, age = PERSONS[self.w[i]]
        before = self.w[i - 1] if i else ""
        # "her father", "his wife": someone else
        other = before in THIRD or (i > 1 and self.w[i - 2] in THIRD and before not in FEATURES)
        # "a woman stroking a man's beard", "she has a man's jaw": a possessive person who is not the one described
        other = other or (self._possessor(i) and bool(self.named) and i not in self.named)
        # "a mother with a crying baby", "a woman and her bearded husband", "her chubby son": said, as words of
        # description go with them ("her father" has none)
        if self._companion(lead) and not other or self._relative(lead) and lead < i:
            other = True
            self.out.notes.append(f"another person, left out: {self.text[self.t[lead].start:self.t[i].end]!r}")
        if not other and np_neg and gender and not mods:
            # "a woman, not a man", "not a girl": the other gender, implied (so "not a man but a boy" is a boy);
            # "neither a man nor a woman" says none.  The noun's age is not said.
            self.say(i, (("gender", gender),), True, "person", np_neg)
        elif not other:
            if gender:
                self.say(i, (("gender", gender),), True, "person")
            if age:
                self.say(i, (("age", age),), False, "person")
            if self.w[i] in PERSON_TRAITS:
                self.say(i, PERSON_TRAITS[self.w[i]], True, "person")
            aged = {v for k, _, _ in mods if self.w[k] != "little"
                    for a, v in lookup(PERSON_MODIFIERS, self.w[k]) or () if a == "age"} | {age}
            for j, neg, intense in mods:
                if self.w[j] == "little" and aged - {None, "young"}:
                    continue  # "a little old lady", "a little grandma": her size, no age of its own
                self.say(j, lookup(PERSON_MODIFIERS, self.w[j]), True, "person", neg,
                         intense or self._intensified(j), self.degree_before(j, mods))
                self._build(j, neg)
            for j in [*unknown, i]:  # "a Black man", "latina": stated, and still a phrase for CLIP
                if self.w[j] in ANCESTRY:
                    self.say(j, (("ancestry", ANCESTRY[self.w[j]]),), True, "person", np_neg)
        for j in range(first, i + 1):
            self.out.used[j] = True
        if other:
            self.others.append((first, i))  # "with a tired child": not the subject's mood either
        # "latina" also says more than a gender, and so do "wizard", "witch", "shieldmaiden" (lexicon.look_person)
        if (unknown or self.w[i] in ETHNIC_PERSONS or look_person(self.w[i], self.text[self.t[i].start:self.t[i].end])) and not other:
            self.out.phrases.append((min(unknown + [i]), i, bool(np_neg)))

    def lend(self, owner: int, lent: list[int], np_neg: str | None, scans: dict):
        """An adjective run before a person noun: each person adjective applies to the person, the unknown words
        stay in the person's phrase ("a handsome young black man")."""
        if not lent:
            return
        mods, unknown, first, neg = scans[owner]
        mods = mods + [[j, np_neg, False] for j in lent if lookup(PERSON_MODIFIERS, self.w[j]) is not None]
        unknown = unknown + [j for j in lent if lookup(PERSON_MODIFIERS, self.w[j]) is None]
        scans[owner] = (mods, unknown, min([first] + lent), neg)
        for j in lent:
            self.out.used[j] = True

    def shared(self, i: int, scans: dict) -> list:
        """A bare noun joined to the noun before it shares that noun's modifiers where they fit it:
        "brown hair/eyes", "dark hair & eyes", "grey hair and beard"."""
        k = i - 1
        if k < 1 or self.w[k] not in ("/", "&", "and", "+") or k - 1 not in scans or self.w[k - 1] not in FEATURES:
            return []
        table = FEATURES[self.w[i]].mods
        return [[j, None, intense] for j, neg, intense in scans[k - 1][0] if not neg and lookup(table, self.w[j])]

    def shared_after(self, i: int, scans: dict) -> list:
        """A bare noun joined to the noun after it shares what a copula says of both: "his hair and beard are
        grey", "eyes and mouth closed"."""
        k = i + 2
        if k >= self.n or self.w[i + 1] not in ("/", "&", "and", "+") or k not in scans or self.w[k] not in FEATURES:
            return []
        table = FEATURES[self.w[i]].mods
        post = self.forward_scan(k, FEATURES[self.w[k]].mods)[0] if FEATURES[self.w[k]].mods else []
        return [m for m in post if lookup(table, self.w[m[0]])]

    def _companion(self, first: int) -> bool:
        """"a mother with 3 kids", "a man with a child": a person after "with", once a person was named, is
        someone else."""
        k = first - 1
        while k >= 0 and (self.w[k] in DETERMINERS or self.w[k].isdecimal() or self.w[k] in FILLER):
            k -= 1
        return k > 0 and self.w[k] == "with" and self.first_person < k

    def contrasts(self) -> dict[int, int]:
        """Negated asides between a modifier and its noun, "green, not blue, eyes", "brown (not blonde)
        hair", "a young, not old, man", "green but not blue eyes" -> {last index: first index}.  The aside
        is dropped (read, nothing said) and the noun keeps the modifier before it."""
        out = {}
        nouns = [k for k, u in enumerate(self.w) if u in FEATURES or u in PERSONS]
        for a in range(1, self.n - 3):
            close = {",": ",", "(": ")", "but": None}.get(self.w[a], "")
            if close == "" or self.w[a + 1] not in NEGATIONS:
                continue
            if close:
                b = next((b for b in range(a + 3, min(a + 8, self.n)) if self.w[b] == close), None)
                k = next((k for k in nouns if b is not None and b < k <= b + 3), None)
            else:  # "but not Y" reaches the noun
                k = next((k for k in nouns if a + 3 <= k < a + 8), None)
                b = k - 1 if k else None
            if k is None:
                continue
            table = FEATURES[self.w[k]].mods if self.w[k] in FEATURES else PERSON_MODIFIERS
            kept, denied, between = [self.w[a - 1]], self.w[a + 2:b], self.w[b + 1:k]
            if all(lookup(table, u) is not None for u in kept + between) and all(
                    lookup(table, u) is not None or u in _JOIN or u in DEGREES for u in denied):
                out[b] = a
                for j in range(a, b + 1):
                    self.out.used[j] = True
        return out

    def carry_negation(self, scans: dict):
        """A noun-phrase negation reaches every noun of the or/nor list after it: "no beard or mustache",
        "without beard, mustache or stubble".  A comma list counts only when "or"/"nor" closes it, so
        "no makeup, freckles and a smile" keeps its freckles; "and" and "but" end the reach."""
        order = sorted(scans)
        for a, i in enumerate(order):
            if scans[i][3] is None:
                continue
            chain, reach = [], 0
            for k in order[a + 1:]:
                gap = self.w[(chain[-1] if chain else i) + 1:scans[k][2]]
                joins = [g for g in gap if g not in DETERMINERS]
                if not joins or any(g not in _OR_LIST for g in joins) or scans[k][3] is not None:
                    break
                chain.append(k)
                if any(g != "," for g in joins):
                    reach = len(chain)
            for k in chain[:reach]:
                mods, unknown, first, _ = scans[k]
                scans[k] = (mods, unknown, first, scans[i][3])

    # -- passes ------------------------------------------------------------------------------------
    def run(self) -> Reading:
        words = self.measures()
        self.counts(words)
        self.labels(words)
        for s, e, value, years in find_ages(words):
            self.say(s, (("age", value),), True, "age")
            self.out.ages.append((s, value, years))
            for j in range(s, e):
                self.out.used[j] = True
                if self.w[j] in ("his", "her"):  # "a blacksmith in his forties": implied, a noun's gender wins
                    self._pronoun(j)
        for i, w in enumerate(self.w[:-1]):
            if w == "than" and not self.out.used[i + 1] and any(
                    lookup(f.mods, self.w[i + 1]) for f in (FEATURES["eyes"], FEATURES["face"], FEATURES["hair"])):
                self.out.used[i] = self.out.used[i + 1] = True
        # "freckle-free", "beard free": "free" right after a feature noun negates it (the hyphen is gone,
        # and spelling variants are already folded: "moustache-free"); "free of" was merged to "without".
        free = {i for i in range(self.n - 1) if self.w[i] in FEATURES and self.w[i + 1] == "free"
                and not self.out.used[i] and not self.out.used[i + 1]}
        for i in free:
            self.out.used[i + 1] = True
        for i in range(self.n - 2):  # "a shock of black hair": a mass of hair, no surprise
            if self.w[i] == "shock" and self.w[i + 1] == "of" and any(
                    self.w[k] in ("hair", "curls", "locks") for k in range(i + 2, min(i + 6, self.n))):
                self.out.used[i] = self.out.used[i + 1] = True
        nouns = [i for i, w in enumerate(self.w) if not self.out.used[i] and (w in FEATURES or w in PERSONS)
                 and not (w in _VERB_NOUNS and i and self.w[i - 1] in _VERB_CUES)]
        scans, owners = {}, {}
        for i in reversed(nouns):  # right to left: a noun claims the words just before it
            if self.out.used[i]:
                continue
            person = self.w[i] in PERSONS
            table = PERSON_MODIFIERS if person else FEATURES[self.w[i]].mods
            owner = None if person else self.owner(i, scans, owners)
            lent = None if owner is None else []
            mods, unknown, first, np_neg = self.back_scan(i, table, person, lent,
                                                          {} if person else FEATURES[self.w[i]].actions)
            np_neg = "no" if i in free else np_neg
            if owner is not None:
                owners[i] = owner
                self.lend(owner, lent, np_neg, scans)
            for j, _, _ in mods:
                self.out.used[j] = True
            self.out.used[i] = True
            scans[i] = (mods, unknown, first, np_neg)
        self.carry_negation(scans)
        share_negation(self.w, scans, FEATURES)  # "not an angry frown": one look, denied whole (one_intent.py)
        lead = {}  # person noun -> first word of its feature adjectives ("a screaming baby")
        for f, p in owners.items():
            lead[p] = min(lead.get(p, scans[p][2]), scans[f][2])
        # "a mother with a crying baby", "a woman and her bearded husband": the adjectives are the other person's
        theirs = {f for f, p in owners.items() if self._companion(lead[p]) or self._relative(lead[p])}
        for i in nouns:
            if i not in scans:
                continue
            if i in theirs:  # someone else's: read, nothing said of the subject (the person's note names it)
                for j in range(scans[i][2], i + 1):
                    self.out.used[j] = True
                self.others.append((scans[i][2], i))
                continue
            owner = self._someone_elses(i, scans[i][2]) if self.w[i] in FEATURES else None
            if owner is not None:  # "she kissed his cheek": his cheek, not her face
                start = self._acting_on(min(owner, scans[i][2]))
                for j in range(start, i + 1):
                    self.out.used[j] = True
                self.others.append((start, i))
                self.out.notes.append(f"another person's, left out: {self.text[self.t[start].start:self.t[i].end]!r}")
                continue
            mods, unknown, first, np_neg = scans[i]
            is_feature = self.w[i] in FEATURES
            table = FEATURES[self.w[i]].mods if is_feature else PERSON_MODIFIERS
            # a bare face word is read on too for a form's "none": "Glasses: none", "Tattoos: no" (not a phrase)
            post, last, absent, extra = self.forward_scan(i, table) if table or self._field_none(i) else (
                [], i, False, [])
            unknown = unknown + extra
            for j, _, _ in post:
                self.out.used[j] = True
            if absent:
                post, np_neg = [], np_neg or "no"
            if is_feature and not (mods or post or unknown or np_neg):
                mods = self.shared(i, scans) or self.shared_after(i, scans)
            if is_feature:
                end = i + 1 if i in free else i  # the phrase holds its "free"
                self.feature(i, FEATURES[self.w[i]], mods + post, unknown, first, np_neg, max(last, end))
            else:
                self.person(i, mods + post, unknown, first, np_neg, lead.get(i))
                for j in range(i, last + 1):
                    self.out.used[j] = True
        self.moods()
        self.greying()
        self.listed_ancestry()
        self.role_ancestry()
        self.free_words()
        self.unread_numbers()
        self.body_note()
        return self.out

    def free_words(self):
        for i, u in enumerate(self.w):
            if self.out.used[i]:
                continue
            if u in PRONOUNS:
                self._pronoun(i)
                continue
            pairs = PERSON_MODIFIERS.get(u)
            if pairs is None:
                continue
            if u == "little" and i > 0 and self.w[i - 1] == "a" and i + 1 < self.n and (
                    self.w[i + 1] in PERSON_MODIFIERS or self.w[i + 1] in _DEGREE_WORDS):
                continue  # "she is a little chubby": a degree, not "little" = young
            prev = [self.w[k] for k in range(max(0, i - 3), i) if self.w[k] not in DEGREES]
            predicate = any(p in _POST_COPULAS for p in prev)
            k = i + 1
            while k < self.n and self.w[k] in DEGREES:
                k += 1
            r = k
            while r < self.n and (self.w[r] in DEGREES or self.w[r] in PERSON_MODIFIERS or self.w[r] == ","
                                  or self.w[r] in ANCESTRY):  # "a young Korean courier"
                r += 1
            role = self.role_at(r)  # "a chubby soldier", "a grumpy, old sailor", "a grizzled ship captain"
            # an item of its own in a list ("young woman, pale, freckled"): about the person
            start = i - 1
            while start >= 0 and self.w[start] in DEGREES:
                start -= 1
            item = (start < 0 or self.w[start] in ITEM_MARKS) and (k >= self.n or self.w[k] in ITEM_MARKS)
            if u not in FREE_OK and not predicate and not role and not item:
                continue
            # "an old movie", "a young country": the adjective belongs to another noun
            if k < self.n and not role and self.is_unknown_modifier(k) and not (
                    k + 1 < self.n and self.w[k + 1] in ("in", "with", "by")):  # "a redhead covered in freckles"
                continue
            neg = next((p for p in reversed(prev[-2:]) if p in _NEG_KINDS), None) or self._negation_before(i)
            # "She was twenty-six and looked older": a predicate comparative is relative, so a stated age wins it
            v = i - 1
            while v > 0 and self.w[v] in _DEGREE_WORDS:
                v -= 1  # "looks much younger"
            relative = u in ("older", "younger") and bool(self.out.ages) and v >= 0 and (
                self.w[v] in _LINKING or self.w[v] in _BE)
            self.say(i, pairs, not relative, "person", neg, degree=self.degree_before(i))
            self._build(i, neg)
            self.out.used[i] = True
            for k2 in range(max(0, i - 2), i):
                if self.w[k2] in _NEG_KINDS or self.w[k2] in DEGREES:
                    self.out.used[k2] = True

    def role_at(self, r: int) -> bool:
        """A role noun at r, or a compound ending in one: "ship captain", "street vendor" (an unknown word first)."""
        return r < self.n and (self.w[r] in ROLES or r + 1 < self.n and self.w[r + 1] in ROLES
                               and self.is_unknown_modifier(r, False))

    def role_ancestry(self):
        """An ancestry word before a role noun is the person's, as before a person noun: "a young East Asian courier",
        "a Nigerian blacksmith", "a Japanese samurai".  Stated; the role stays the phrase.  Not someone else's role
        ("a man with a Korean bodyguard", "her Irish maid"); "black" and "white" only capitalised ("a black
        knight" is armour)."""
        for i, u in enumerate(self.w):
            if self.out.used[i] or u not in ANCESTRY or (u in ("black", "white") and
                                                         not self.text[self.t[i].start].isupper()):
                continue
            first = i
            while first > 0 and (self.w[first - 1] in PERSON_MODIFIERS or self.w[first - 1] in DEGREES
                                 or self.w[first - 1] in ANCESTRY):
                first -= 1
            if self._companion(first) or first > 0 and self.w[first - 1] in POSSESSIVES:
                continue
            r = i + 1
            while r < self.n and (self.w[r] in ANCESTRY or self.w[r] in PERSON_MODIFIERS or self.w[r] in DEGREES):
                r += 1
            if self.role_at(r) and not self.out.used[r]:
                self.say(i, (("ancestry", ANCESTRY[u]),), True, "person")
                self.out.used[i] = True

    def _pronoun(self, i: int):
        """The gender a pronoun at i says of the subject, implied; stays in abstract text."""
        if self.w[i] in PRONOUNS and not about_someone_else(self.w, i) and not someone_elses(
                self.w, i, self.gender, self.named):  # "she gave him a stern look", "she has his father's nose"
            self.say(i, (("gender", PRONOUNS[self.w[i]]),), False, "pronoun")

    def _negation_before(self, i: int) -> str | None:
        """The negation of a predicate reached through linking verbs: "does not even look old"."""
        k = i - 1
        while k >= 0 and i - k <= 4:
            u = self.w[k]
            if u in _NEG_KINDS:
                return u
            if not (u in DEGREES or u in _LINKING or u in _BE):
                return None
            k -= 1
        return None


def extract(tokens: list[Token], text: str) -> Reading:
    return _Extractor(tokens, text).run()
