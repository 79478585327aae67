"""Form fields of character sheets and casting calls: "Gender: F", "Sex: M", "Name: John", "Ethnicity: Asian",
and the one-letter genders of casting shorthand ("M, 40", "40M", "F / 25").

A field name is read (it describes nothing itself); the value is read by the usual rules, except the
one-letter genders, and a name, which says nothing about the face and is left out with a warning.
Labels that are feature nouns ("Hair: grey", "Eyes: blue") are not here: the features read their
colon forms themselves.
"""
from __future__ import annotations

LABELS = frozenset({"name", "gender", "sex", "age", "ethnicity", "race", "nationality", "origin", "heritage",
                    "ancestry", "build", "body", "physique", "height", "weight", "notes", "note", "description",
                    "appearance", "role", "type", "character", "features", "marks", "misc", "other", "look",
                    "details", "extras"})
# Words before a label that belong to it: "Distinguishing features:", "Facial features:".
_LABEL_LEAD = frozenset({"distinguishing", "facial", "other", "notable", "special", "key", "physical", "body"})
# Fields about the picture, not the face: read with their values and left out with a warning.
SCENE_LABELS = frozenset({"background", "lighting", "light", "camera", "lens", "style", "pose", "view", "angle",
                          "format", "resolution", "render", "setting", "backdrop", "composition", "framing"})
GENDER_VALUES = {"m": "male", "f": "female", "male": "male", "female": "female", "man": "male",
                 "woman": "female"}
_END = frozenset({",", ";", ".", "/", "!", "?", "(", ")", "and"})
# Fields whose value is an ancestry ("Ethnicity: Black"): no person noun follows it there.
ORIGIN_LABELS = frozenset({"ethnicity", "race", "ancestry", "heritage", "origin", "nationality"})


def read_labels(words: list[str]) -> tuple[list[int], list[tuple[int, str]], list[tuple[int, int]],
                                            list[tuple[int, int]], list[tuple[int, str]]]:
    """-> (indices of label words and their colons, [(index, gender)], [(first, last) of a name],
    [(first, last) of a scene field], [(index, ancestry)] of origin fields)."""
    from .lexicon import ANCESTRY

    read, genders, names, scenes, origins = [], [], [], [], []
    for i in [k - 1 for k, w in enumerate(words) if w == ":" and k]:  # a label stands before a colon
        if words[i] in SCENE_LABELS:
            end = i + 1
            while end + 1 < len(words) and words[end + 1] not in _END and words[end + 1] != ";" and not (
                    end + 2 < len(words) and words[end + 2] == ":"):
                end += 1
            scenes.append((i, end))
            continue
        if words[i] not in LABELS:
            continue
        read += [i, i + 1] + ([i - 1] if i and words[i - 1] in _LABEL_LEAD else [])
        k = i + 2
        if k >= len(words):
            continue
        if words[i] in ("gender", "sex") and words[k] in GENDER_VALUES:
            genders.append((k, GENDER_VALUES[words[k]]))
            read.append(k)
        elif words[i] in ORIGIN_LABELS:  # "Ethnicity: East Asian", "Race: Black / White" (each said)
            for j in range(k, min(len(words), k + 6)):
                if words[j] in (";", ".", ":") or (j + 1 < len(words) and words[j + 1] == ":"):
                    break
                if words[j] in ANCESTRY:
                    origins.append((j, ANCESTRY[words[j]]))
        elif words[i] == "name":
            end = k
            while end + 1 < min(len(words), k + 4) and (words[end + 1] not in _END or words[end + 1] == "." and
                                                         words[end] in TITLES) and words[end + 1] not in LABELS:
                end += 1  # "Name: John Smith", "Name: Sgt. Reyes"; at most four words
            names.append((k, end))
    return read, genders, names, scenes, origins


_ITEM = frozenset({",", ";", "/", ".", ":", "(", ")"})
# Titles before a name: "Sgt. Reyes", "Dr Lena Park", "Sir Reginald".  A title that is a person word ("sir", "lady",
# "king") keeps saying its gender; the name after it says nothing of the face.
TITLES = frozenset("sgt sergeant dr doctor mr mrs ms miss mx sir lady lord dame captain capt lt lieutenant cpl "
                   "corporal pvt private major maj colonel col gen general admiral commander cmdr agent detective "
                   "det inspector insp officer prof professor rev reverend father sister brother king queen prince "
                   "princess count countess duke duchess baron baroness madam madame don señor senor".split())


def titled_names(words: list[str], raw, known) -> list[tuple[int | None, int, int]]:
    """Names after a title, and a "Character:" field's name -> [(the title's index or None, first, last of the
    name)].  A name is up to three capitalised words no rule knows (`known`): "Sgt. Reyes", "Sir Reginald",
    "Character: Lena Marsh"; a title alone names nobody ("a doctor").  `raw(i)` is token i as written."""
    out = []
    for i, w in enumerate(words):
        character = w == ":" and i and words[i - 1] == "character"
        if w not in TITLES and not character or w in TITLES and not raw(i)[:1].isupper():
            continue
        title = None if character else i
        k = i + 1 + (not character and i + 1 < len(words) and words[i + 1] == ".")
        if character and k < len(words) and words[k] in TITLES and raw(k)[:1].isupper():
            title, k = k, k + 1 + (k + 1 < len(words) and words[k + 1] == ".")  # "Character: Sgt. Reyes"
        end = k
        while end < min(len(words), k + 3) and raw(end)[:1].isupper() and raw(end).isalpha() and (
                words[end] not in known):
            end += 1
        if end > k and not any(t == title for t, _, _ in out):
            out.append((title, k, end - 1))
    return out


def letter_genders(words: list[str], raw) -> list[tuple[int, str]]:
    """A lone "M" or "F" beside an age or as a list item: "M, 40", "40M", "25 F", "F / 25" -> [(index, gender)].
    `raw(i)` is token i as written; a letter from a longer word ("I'm") or inside a phrase is none."""
    out = []
    for i in [k for k, w in enumerate(words) if w == "m" or w == "f"]:
        w, r = words[i], raw(i)
        if len(r) != 1:
            continue
        before = words[i - 1] if i else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        number_before = before.isdecimal() and 1 <= int(before) <= 110
        item_before = not before or before in _ITEM
        item_after = not after or after in _ITEM or after.isdecimal()
        # "Caucasian F, 30s": a capital letter closing a list item needs nothing before it
        if (number_before or item_before or r.isupper() and after in _ITEM) and item_after:
            out.append((i, GENDER_VALUES[w]))
    return out


_EITHER_MARKS = frozenset({"/", "or", "&", "and"})
_MALE = frozenset({"m", "male", "man", "men", "males"})
_FEMALE = frozenset({"f", "female", "woman", "women", "females"})


def either_gender(words: list[str]) -> list[tuple[int, int]]:
    """"M/F", "male or female", "man or woman": either gender, so none -> [(first, last)]."""
    out = []
    for i in [k - 1 for k, w in enumerate(words) if w in _EITHER_MARKS and 0 < k < len(words) - 1]:
        a, mark, b = words[i:i + 3]
        # "and" only between letters ("M&F"): "a man and woman" are two people (a contradiction, warned)
        joins = ("/", "or") if len(a) > 1 or len(b) > 1 else ("/", "or", "&", "and")
        if mark in joins and ({a, b} & _MALE and {a, b} & _FEMALE) and (a in _MALE) != (b in _MALE):
            out.append((i, i + 2))
    return out
