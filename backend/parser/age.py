"""Ages stated as numbers or decades: "45 years old", "aged 62", "in his early thirties", "man, 70"."""
from __future__ import annotations

from .lexicon import PERSONS, POSSESSIVES, PRONOUNS, ROLES

UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
         "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
         "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
DECADES = {"teens": 13, "twenties": 20, "thirties": 30, "forties": 40, "fourties": 40, "fifties": 50,
           "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
           "20s": 20, "30s": 30, "40s": 40, "50s": 50, "60s": 60, "70s": 70, "80s": 80, "90s": 90}
_CLAUSE_END = frozenset({".", ",", ";", "!", "?", ")", "and", "or", "but", "with", "ish"})
_LIST_MARKS = frozenset({",", "/", ";", ":"})
_LOOKS = frozenset({"looks", "look", "looking", "appears", "appear", "appearing", "seems"})
_COPULA = frozenset({"is", "was", "turned", "turns", "turning"})
# Person nouns a digit decade may stand before as an age ("a 40s woman").
GENERIC_PERSONS = frozenset({"man", "woman", "male", "female", "guy", "gal", "lady", "gentleman", "person",
                             "dude", "bloke", "fellow"})
PART = {"early": 2, "mid": 5, "middle": 5, "late": 8}
AROUND = {"over": 1, "past": 1, "above": 1, "beyond": 1, "under": -1, "below": -1, "around": 0, "about": 0,
          "roughly": 0, "approximately": 0, "approx": 0, "circa": 0, "ca": 0, "nearly": -1, "almost": -1,
          "maybe": 0, "perhaps": 0, "probably": 0}


def _someone(word: str) -> bool:
    """A word for the person an age can be about: "man", "she", and roles ("detective, 50ish")."""
    return word in PERSONS or word in PRONOUNS or word in ROLES


# sentence openers before a copula that name no one ("It was 30", "The year was 1990" has "year" after "the")
_NO_NAME = frozenset({"it", "this", "that", "there", "here", "which", "what", "who", "all", "one", "he", "she"})


def _named(words: list[str], k: int) -> bool:
    """Word k opens its sentence and may be a name ("Kenji was nineteen"), in a text that speaks of a person."""
    return k >= 0 and (k == 0 or words[k - 1] in (".", "!", "?", ";")) and words[k].isalpha() and (
        words[k] not in _NO_NAME and words[k] not in PERSONS)


def age_class(years: float) -> str:
    """The schema's bands: young < 35 <= middle-aged < 60 <= old."""
    if years < 35:
        return "young"
    return "middle-aged" if years < 60 else "old"


def _number(words: list[str], i: int) -> tuple[int, int] | None:
    """Number at words[i] (digits or English words) -> (value, tokens used)."""
    w = words[i]
    if w.isdecimal() and w.isascii():
        return (int(w), 1) if len(w) <= 3 else None
    if w in TENS:
        if i + 1 < len(words) and words[i + 1] in UNITS and 0 < UNITS[words[i + 1]] < 10:
            return TENS[w] + UNITS[words[i + 1]], 2
        return TENS[w], 1
    if w in UNITS:
        return UNITS[w], 1
    return None


def find_ages(words: list[str]) -> list[tuple[int, int, str, int]]:
    """-> [(first token, end token (exclusive), age value, age in years)] in text order.  The years are the number
    said ("a 42-year-old" 42), a decade's middle or part ("in her thirties" 35, "early forties" 42, "late forties"
    48) or a bound moved past ("past fifty" 55, "nearly 50" 49): what the texture's first signs of age follow.

    Tokens the casting-sheet passes blanked ("_": heights, weights, counts) are left out, with the list
    marks they leave behind, so that "male, 6'2", 200 lbs, 35-45" reads as "male, 35-45"."""
    keep: list[int] = []
    for i, w in enumerate(words):
        if w == "_" or (w in _LIST_MARKS and keep and words[keep[-1]] in _LIST_MARKS and "_" in words[keep[-1]:i]):
            continue
        keep.append(i)
    if len(keep) == len(words):
        return _find_ages(words)
    return [(keep[s], keep[e - 1] + 1, value, years) for s, e, value, years in _find_ages([words[i] for i in keep])]


_YEARS_SHIFT = {"under": -3, "below": -3, "nearly": -1, "almost": -1}


def _years(value: int, shift: int, prev: str) -> int:
    """A number said with "past"/"over"/"60+" (shift 1) is some years beyond it ("past fifty" ~55), "under 30" some
    years below, "nearly 50" just below (the class keeps its own one-year shift)."""
    return value + (5 if shift > 0 else _YEARS_SHIFT.get(prev, 0) if shift < 0 else 0)


def _find_ages(words: list[str]) -> list[tuple[int, int, str, int]]:
    out = []
    i, n = 0, len(words)
    while i < n:
        w = words[i]
        # decades: "in his (early|mid|late) forties", "late 30s", "forties man"
        part = PART.get(w) if i + 1 < n and words[i + 1] in DECADES else None
        j = i + 1 if part is not None else i
        if w in PART and i + 3 < n and words[i + 1] == "to" and words[i + 2] in PART and words[i + 3] in DECADES:
            part, j = (PART[w] + PART[words[i + 2]]) // 2, i + 3  # "early-to-mid 30s"
        if words[j] in DECADES:
            prev = words[i - 1] if i > 0 else ""
            prev2 = words[i - 2] if i > 1 else ""
            nxt = words[j + 1] if j + 1 < n else ""
            # a list or form field about a person: "man, 40s", "male / 40s", "female; 20s", "Age: 50s", "a man 40s"
            ends = not nxt or nxt in _CLAUSE_END or nxt in _LIST_MARKS
            # a list item of its own in a text about a person: "Sgt. Briggs, shaved head, walrus mustache, 50s"
            listed = ((prev in _LIST_MARKS or prev == "(" or prev == "." and ends)  # "MALE. 40s."
                      and (any(_someone(x) for x in words[max(0, i - 4):i]) or ends and prev in _LIST_MARKS
                           and any(_someone(x) for x in words))
                      or prev == ":" and prev2 == "age"
                      or prev in PERSONS and ends)
            # "a 40s woman"; a digit decade before a role or kin word is more often an era ("a 60s housewife")
            plain = nxt in GENERIC_PERSONS and prev in ("a", "an", "") and words[j][0].isdigit()
            anchored = (listed or plain or part is not None or prev in POSSESSIVES or prev2 == "in" or prev == "in"
                        or nxt in PERSONS or words[j] == "teens" and prev in ("a", "the", "her", "his", "in"))
            if anchored and (words[j][0].isalpha() or prev in POSSESSIVES or part is not None or listed or plain):
                start = i - 2 if prev in POSSESSIVES and prev2 == "in" else i
                base = DECADES[words[j]]
                years = min(base + (part if part is not None else 3), 19) if base == 13 else (
                    base + (part if part is not None else 5))  # "in her teens" 16
                out.append((start, j + 1, age_class(base + (part if part is not None else 4)), years))
                i = j + 1
                continue
        num = _number(words, i)
        if num is not None:
            value, used = num
            k = i + used
            plus = int(k < n and words[k] == "+")  # "60+", "a 60+ woman": that age or older, like "over 60"
            k += plus
            # a range, "30-40" (the hyphen is gone) or "30 to 40": its middle
            m = k + (k < n and words[k] in ("to", "or"))
            if not plus and m < n and words[m].isdecimal() and used == 1 and words[i].isdecimal():
                top = _number(words, m)
                if top and value < top[0] <= 120:
                    value, k = (value + top[0]) // 2, m + 1
            nxt = words[k] if k < n else ""
            prev = words[i - 1] if i > 0 else ""
            shift = AROUND.get(prev, None)
            start = i - 1 if shift is not None else i
            shift = max(shift or 0, 1) if plus else (shift or 0)
            if prev == "at" and value <= 12 and not plus:
                i = k  # "he woke at 11, tired": a clock time, not a child's age
                continue
            # "Now, at forty-five, she ...", "At 60 he was", "at the age of 45": the person's age then (was no age)
            if (prev == "at" and value >= 13 or prev == "of" and i > 1 and words[i - 2] == "age") and value <= 110 and (
                    not nxt or nxt in _CLAUSE_END or _someone(nxt)) and any(
                    _someone(x) for x in words[max(0, i - 6):k + 3]):
                out.append((i - 1 if prev == "at" else i - 2, k, age_class(value), value))
                i = k
                continue
            # "aged 25", "Age: 30", and the age a face shows: "looks 60 but is 40" -> 60
            if prev in ("aged", "age", "ages") or (prev == ":" and i > 1 and words[i - 2] == "age") or (
                    prev in _LOOKS and 10 <= value <= 110):
                k += nxt == "ish"  # "Age: 40ish": the "ish" too (was left a phrase)
                out.append((i - 1 if prev != ":" else i - 2, k, age_class(value + shift),
                            _years(value, shift, prev)))
                i = k
                continue
            if nxt == "ish" and 10 <= value <= 110:  # "40ish"
                out.append((start, k + 1, age_class(value + shift), _years(value, shift, prev)))
                i = k + 1
                continue
            if nxt == "something" and value in range(20, 100, 10):  # "40-something": the forties
                out.append((start, k + 1, age_class(value + 4), value + 5))
                i = k + 1
                continue
            if nxt == "years_old" or (nxt in ("years", "year", "yrs") and value >= 1):
                end = k + 1
                if nxt == "years" and end < n and words[end] in ("old", "of"):
                    end += 1
                out.append((start, end, age_class(value + shift), _years(value, shift, prev)))
                i = end
                continue
            near = words[max(0, i - 3):i]
            person_before = any(_someone(x) for x in near)
            count = prev == "with" and nxt in PERSONS  # "a mother with 5 kids": a count of other people
            # "a woman, thirty", "a man, 45": but not "a woman, one eyebrow raised", "a man, one of the elders",
            # "a man, two scars": "one" is never an age here, nor a small number with a noun or "of" after it
            counted = words[i] == "one" or (nxt and nxt not in _CLAUSE_END and nxt not in _LIST_MARKS
                                            and (nxt == "of" or value < 13))
            if (prev in _LIST_MARKS and i > 1 and words[i - 2] in PERSONS and not counted) or (
                    nxt in PERSONS and 5 <= value <= 120 and not count):
                out.append((i, k, age_class(value + plus), _years(value, plus, prev)))
                i = k
                continue
            # "approx 45, male", "35 / female": a number listed right before the person word
            listed_before = nxt in _LIST_MARKS and k + 1 < n and words[k + 1] in PERSONS
            # "F 25 blonde", "Male 45 bald": a person word that is a list item of its own, then the number
            listed_before = listed_before or prev in PERSONS and (i < 2 or words[i - 2] in _LIST_MARKS)
            if prev in AROUND and person_before and 5 <= value <= 120 or listed_before and 5 <= value <= 120:
                out.append((start, k, age_class(value + shift), _years(value, shift, prev)))
                i = k
                continue
            # "she is 25.", "Older, like 70.": a bare number closing a clause about a person
            recent = words[max(0, i - 6):i]
            # or a list item of its own anywhere in a text about a person: "..., no makeup, maybe 30"
            item = (prev in _LIST_MARKS or prev in AROUND and i > 1 and words[i - 2] in _LIST_MARKS) and (
                not nxt or nxt in _LIST_MARKS or nxt == ".")
            # "despite being 70"; "the woman who stared back from the mirror was fifty": a copula's number closing
            # its clause, with the person named anywhere before it in the text
            stated = prev == "being" or prev in _COPULA and (any(_someone(x) for x in words[:i]) or _named(words, i - 2)
                                                              and any(_someone(x) for x in words))
            if 10 <= value <= 110 and (not nxt or nxt in _CLAUSE_END or plus) and (stated or any(
                    _someone(x) for x in (words if item else recent))):
                out.append((start, k, age_class(value + shift), _years(value, shift, prev)))
                i = k
                continue
        i += 1
    return out
